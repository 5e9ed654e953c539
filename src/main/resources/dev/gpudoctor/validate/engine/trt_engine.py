# gpu-doctor's TensorRT engine route through the tensorrt Python module, for hosts without trtexec.
# The one argument is a JSON request; the last line on stdout is one JSON answer; it never raises
# (a failure is the answer, with what TensorRT logged). One process per request, so that a crash or a
# hang in TensorRT costs that request only, and the parent's deadline kills it.
#
#   {"mode": "probe"}
#       -> {"ok": true, "tensorrt": "10.3.0", "module": ".../tensorrt/__init__.py"}
#   {"mode": "build", "onnx": M, "plan": P, "precision": "fp32"|"fp16"|"int8",
#    "hardwareCompatibility": "none"|"ampere+", "versionCompatible": bool}
#       -> {"ok": true, "buildMs": ..., "flags": [...], "inputs": [...], "outputs": [...], "planBytes": n}
#   {"mode": "run", "plan": P, "inputs": {name: raw float32 file}, "outputDir": D, "iterations": n, "warmup": n}
#       -> {"ok": true, "latencyMs": {...}, "throughputQps": ..., "outputs": [{"name", "dtype", "shape", "file"}],
#           "memory": "how device memory was allocated"}
#
# Builder calls are TensorRT 10's (trt.Builder, OnnxParser, build_serialized_network, Runtime,
# deserialize_cuda_engine, set_tensor_address, execute_async_v3), which 8.6 has too. Device memory:
# ctypes on the CUDA runtime (libcudart) the dynamic linker or a CUDA wheel provides, or, without one,
# torch's allocator when torch imports; the answer says which was used.
import ctypes
import glob
import json
import os
import sys
import time

req = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {"mode": "probe"}
out = {"ok": False}
messages = []


def answer():
    print(json.dumps(out))
    sys.stdout.flush()


try:
    import tensorrt as trt
except Exception as e:  # not importable is the answer
    out["error"] = "not importable: %s: %s" % (type(e).__name__, e)
    answer()
    sys.exit(0)

out["tensorrt"] = getattr(trt, "__version__", None)
out["module"] = getattr(trt, "__file__", None)


class Collect(trt.ILogger):
    """Keeps what TensorRT logs at warning and above: the reason of a failure is only there."""

    def __init__(self):
        trt.ILogger.__init__(self)

    def log(self, severity, msg):
        if int(severity) <= int(trt.ILogger.Severity.WARNING):
            tag = "E" if int(severity) <= int(trt.ILogger.Severity.ERROR) else "W"
            messages.append("[%s] %s" % (tag, msg))


logger = Collect()

SIZES = {"FLOAT": 4, "HALF": 2, "BF16": 2, "INT8": 1, "UINT8": 1, "BOOL": 1, "INT32": 4, "INT64": 8, "FP8": 1}


def dtype_name(dt):
    return str(dt).split(".")[-1]


def volume(shape):
    n = 1
    for d in shape:
        n *= max(int(d), 0)
    return n


def tensors_of_network(network):
    ins = [network.get_input(i) for i in range(network.num_inputs)]
    outs = [network.get_output(i) for i in range(network.num_outputs)]
    return ([{"name": t.name, "type": dtype_name(t.dtype), "shape": [int(d) for d in t.shape]} for t in ins],
            [{"name": t.name, "type": dtype_name(t.dtype), "shape": [int(d) for d in t.shape]} for t in outs])


def build():
    builder = trt.Builder(logger)
    flags = 0
    if hasattr(trt.NetworkDefinitionCreationFlag, "EXPLICIT_BATCH") and int(trt.__version__.split(".")[0]) < 10:
        flags = 1 << int(trt.NetworkDefinitionCreationFlag.EXPLICIT_BATCH)
    network = builder.create_network(flags)
    parser = trt.OnnxParser(network, logger)
    if not parser.parse_from_file(req["onnx"]):
        for i in range(parser.num_errors):
            messages.append("[E] ONNX parser: %s" % parser.get_error(i).desc())
        out["error"] = "the ONNX parser refused the model"
        return
    config = builder.create_builder_config()
    used = []
    precision = req.get("precision", "fp32")
    if precision == "fp32":
        # An FP32 check: TF32, on by default on Ampere and later, would round products to 10 bits.
        config.clear_flag(trt.BuilderFlag.TF32)
        used.append("clear TF32")
    elif precision == "fp16":
        config.set_flag(trt.BuilderFlag.FP16)
        used.append("FP16")
    elif precision == "int8":
        # Explicit quantization: the Q/DQ nodes carry the scales; no calibrator.
        config.set_flag(trt.BuilderFlag.INT8)
        used.append("INT8")
    if req.get("hardwareCompatibility") == "ampere+":
        config.hardware_compatibility_level = trt.HardwareCompatibilityLevel.AMPERE_PLUS
        used.append("hardware_compatibility_level AMPERE_PLUS")
    if req.get("versionCompatible"):
        config.set_flag(trt.BuilderFlag.VERSION_COMPATIBLE)
        used.append("VERSION_COMPATIBLE")
    out["flags"] = used
    t0 = time.perf_counter()
    plan = builder.build_serialized_network(network, config)
    out["buildMs"] = (time.perf_counter() - t0) * 1000
    if plan is None:
        out["error"] = "build_serialized_network returned None"
        return
    data = bytes(plan)
    with open(req["plan"], "wb") as f:
        f.write(data)
    out["planBytes"] = len(data)
    out["inputs"], out["outputs"] = tensors_of_network(network)
    out["ok"] = True


class Cudart:
    """Device memory through the CUDA runtime's C API, loaded with ctypes."""

    H2D, D2H = 1, 2

    def __init__(self):
        self.lib = None
        tried = []
        names = ["libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0", "libcudart.so"]
        wheel = []
        for p in sys.path:
            wheel += sorted(glob.glob(os.path.join(p, "nvidia", "*", "lib", "libcudart.so*")))
        for name in names + wheel:
            try:
                self.lib = ctypes.CDLL(name)
                self.name = name
                break
            except OSError as e:
                tried.append(str(e))
        if self.lib is None:
            raise OSError("no CUDA runtime library loads: " + "; ".join(tried[:3]))
        self.lib.cudaGetErrorString.restype = ctypes.c_char_p

    def check(self, call, status):
        if status != 0:
            raise RuntimeError("%s returned %d (%s)" % (call, status, self.lib.cudaGetErrorString(status).decode()))

    def alloc(self, size):
        p = ctypes.c_void_p()
        self.check("cudaMalloc", self.lib.cudaMalloc(ctypes.byref(p), ctypes.c_size_t(max(size, 1))))
        return p.value

    def upload(self, dst, data):
        buf = ctypes.create_string_buffer(data, len(data))
        self.check("cudaMemcpy", self.lib.cudaMemcpy(ctypes.c_void_p(dst), buf, ctypes.c_size_t(len(data)), self.H2D))

    def download(self, src, size):
        buf = ctypes.create_string_buffer(size)
        self.check("cudaMemcpy", self.lib.cudaMemcpy(buf, ctypes.c_void_p(src), ctypes.c_size_t(size), self.D2H))
        return buf.raw

    def stream(self):
        s = ctypes.c_void_p()
        self.check("cudaStreamCreate", self.lib.cudaStreamCreate(ctypes.byref(s)))
        return s.value or 0

    def sync(self, s):
        self.check("cudaStreamSynchronize", self.lib.cudaStreamSynchronize(ctypes.c_void_p(s)))

    def describe(self):
        return "ctypes on %s" % self.name


class Torch:
    """Device memory through torch, where no libcudart loads by itself."""

    def __init__(self):
        import torch
        self.torch = torch
        self.keep = []

    def alloc(self, size):
        t = self.torch.empty(max(size, 1), dtype=self.torch.uint8, device="cuda")
        self.keep.append(t)
        return t.data_ptr()

    def _tensor(self, ptr):
        return next(t for t in self.keep if t.data_ptr() == ptr)

    def upload(self, dst, data):
        self._tensor(dst)[:len(data)].copy_(self.torch.frombuffer(bytearray(data), dtype=self.torch.uint8))

    def download(self, src, size):
        return bytes(self._tensor(src)[:size].cpu().tolist())

    def stream(self):
        return self.torch.cuda.current_stream().cuda_stream

    def sync(self, s):
        self.torch.cuda.synchronize()

    def describe(self):
        return "torch %s" % self.torch.__version__


def memory():
    try:
        return Cudart()
    except OSError as cudart_error:
        try:
            return Torch()
        except Exception as e:
            raise RuntimeError("no way to allocate device memory: %s; torch: %s" % (cudart_error, e))


def percentile(sorted_ms, p):
    # As trtexec's findPercentile: the value below which p% of the timings lie.
    exclude = int((1 - p / 100.0) * len(sorted_ms))
    return sorted_ms[max(len(sorted_ms) - 1 - exclude, 0)]


def run():
    with open(req["plan"], "rb") as f:
        data = f.read()
    runtime = trt.Runtime(logger)
    engine = runtime.deserialize_cuda_engine(data)
    if engine is None:
        out["error"] = "deserialize_cuda_engine returned None"
        return
    context = engine.create_execution_context()
    if context is None:
        out["error"] = "create_execution_context returned None"
        return
    mem = memory()
    out["memory"] = mem.describe()
    stream = mem.stream()
    given = req.get("inputs", {})
    outputs = []
    for i in range(engine.num_io_tensors):
        name = engine.get_tensor_name(i)
        shape = [int(d) for d in engine.get_tensor_shape(name)]
        dt = dtype_name(engine.get_tensor_dtype(name))
        size = volume(shape) * SIZES.get(dt, 4)
        ptr = mem.alloc(size)
        if engine.get_tensor_mode(name) == trt.TensorIOMode.INPUT:
            if name in given:
                with open(given[name], "rb") as f:
                    raw = f.read()
                if len(raw) != size:
                    out["error"] = "input %s needs %d bytes (%s %s), the file has %d" % (name, size, dt, shape, len(raw))
                    return
            else:
                raw = bytes(size)
            mem.upload(ptr, raw)
        else:
            outputs.append((name, dt, shape, ptr, size))
        context.set_tensor_address(name, ptr)
    warmup = int(req.get("warmup", 10))
    iterations = int(req.get("iterations", 100))
    for _ in range(warmup):
        if not context.execute_async_v3(stream):
            out["error"] = "execute_async_v3 returned False"
            return
    mem.sync(stream)
    times = []
    start = time.perf_counter()
    for _ in range(iterations):
        t = time.perf_counter()
        context.execute_async_v3(stream)
        mem.sync(stream)
        times.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - start
    s = sorted(times)
    out["latencyMs"] = {"min": s[0], "max": s[-1], "mean": sum(s) / len(s), "median": s[len(s) // 2],
                        "percentiles": {"90": percentile(s, 90), "95": percentile(s, 95), "99": percentile(s, 99)}}
    out["throughputQps"] = iterations / total if total > 0 else None
    written = []
    for name, dt, shape, ptr, size in outputs:
        path = os.path.join(req["outputDir"], "output-%d.bin" % len(written))
        with open(path, "wb") as f:
            f.write(mem.download(ptr, size))
        written.append({"name": name, "dtype": dt, "shape": shape, "file": path})
    out["outputs"] = written
    out["ok"] = True


try:
    mode = req.get("mode")
    if mode == "probe":
        out["ok"] = True
    elif mode == "build":
        build()
    elif mode == "run":
        run()
    else:
        out["error"] = "unknown mode %r" % mode
except Exception as e:
    out["error"] = "%s: %s" % (type(e).__name__, e)
out["log"] = messages[-40:]
answer()
