# gpu-doctor's deep probe: imports one GPU framework in this interpreter, touches the GPU with it,
# and reports what really loaded. The framework is the first argument (torch, tensorflow, jax or
# onnxruntime); one framework per process, because the first library a process maps wins its
# soname and would hide which copy the next framework loads. Prints one JSON object on stdout and
# never raises: a failure is the answer.
#
# Every framework answers the same fields (absent when the framework cannot say):
#   version, builtForCuda, builtForCudnn  what the build says it was made with
#   cudnn                                 the cuDNN the process loaded, as cudnnGetVersion() encodes it
#   gpuUsable                             the framework runs work on a GPU
#   devices                               [{name, capability}]
#   checks                                {matmul: bool, conv: bool}: a product and a convolution of
#                                         ones, computed on the GPU, equal the exact answer
#   providers                             onnxruntime only: the execution providers a session used
import json, os, struct, sys

out = {"python": sys.version.split()[0], "executable": sys.executable, "frameworks": {}}


def attempt(name, fn):
    try:
        out["frameworks"][name] = fn()
    except ImportError as e:
        out["frameworks"][name] = {"error": "not importable: %s" % e}
    except Exception as e:  # the failure is the fact
        out["frameworks"][name] = {"error": "%s: %s" % (type(e).__name__, e)}


def torch_info():
    import torch
    info = {"version": torch.__version__, "builtForCuda": torch.version.cuda,
            "cudnn": torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
            "gpuUsable": torch.cuda.is_available()}
    if info["gpuUsable"]:
        info["devices"] = [{"name": torch.cuda.get_device_name(i),
                            "capability": "%d.%d" % torch.cuda.get_device_capability(i)}
                           for i in range(torch.cuda.device_count())]
        a = torch.ones(64, 64, device="cuda")
        info["checks"] = {"matmul": bool(((a @ a) == 64).all().item())}
        if info["cudnn"] is not None:
            x = torch.ones(1, 1, 8, 8, device="cuda")
            w = torch.ones(1, 1, 3, 3, device="cuda")
            info["checks"]["conv"] = bool(torch.nn.functional.conv2d(x, w)[0, 0, 0, 0].item() == 9.0)
    return info


def tensorflow_info():
    import tensorflow as tf
    build = {}
    try:
        build = dict(tf.sysconfig.get_build_info())
    except Exception:
        pass
    gpus = tf.config.list_physical_devices("GPU")
    info = {"version": tf.__version__, "builtForCuda": build.get("cuda_version"),
            "builtForCudnn": build.get("cudnn_version"), "gpuUsable": bool(gpus)}
    if gpus:
        info["devices"] = []
        for d in gpus:
            details = {}
            try:
                details = tf.config.experimental.get_device_details(d)
            except Exception:
                pass
            cc = details.get("compute_capability")
            info["devices"].append({"name": details.get("device_name", d.name),
                                    "capability": "%d.%d" % cc if cc else None})
        with tf.device("/GPU:0"):
            a = tf.ones((64, 64))
            matmul = bool(tf.reduce_all(tf.linalg.matmul(a, a) == 64.0).numpy())
            conv = tf.nn.conv2d(tf.ones((1, 8, 8, 1)), tf.ones((3, 3, 1, 1)), strides=1, padding="VALID")
        info["checks"] = {"matmul": matmul, "conv": bool(float(conv[0, 0, 0, 0]) == 9.0)}
    return info


def jax_info():
    import jax
    import jax.numpy as jnp
    info = {"version": jax.__version__}
    try:
        import jaxlib
        info["jaxlib"] = jaxlib.__version__
    except Exception:
        pass
    plugin = None
    try:
        from jax._src.lib import cuda_versions as plugin  # None unless a CUDA plugin is installed
        for key, fn in (("cudnn", "cudnn_get_version"), ("builtForCudnnInt", "cudnn_build_version")):
            if plugin is not None and hasattr(plugin, fn):
                info[key] = int(getattr(plugin, fn)())
    except Exception:
        pass
    try:
        gpus = jax.devices("gpu")
    except RuntimeError as e:  # "Unknown backend: 'gpu' requested" when no CUDA plugin initialized
        gpus = []
        if plugin is not None:  # without a plugin, no GPU is the build's nature, not a fault
            info["gpuError"] = str(e)
    info["gpuUsable"] = bool(gpus)
    if gpus:
        info["devices"] = [{"name": d.device_kind, "capability": getattr(d, "compute_capability", None)} for d in gpus]
        a = jax.device_put(jnp.ones((64, 64), dtype=jnp.float32), gpus[0])
        x = jax.device_put(jnp.ones((1, 1, 8, 8), dtype=jnp.float32), gpus[0])
        w = jax.device_put(jnp.ones((1, 1, 3, 3), dtype=jnp.float32), gpus[0])
        info["checks"] = {"matmul": bool(jnp.all(a @ a == 64.0)),
                          "conv": bool(float(jax.lax.conv(x, w, (1, 1), "VALID")[0, 0, 0, 0]) == 9.0)}
    return info


def _field(number, payload):
    # Protocol buffers wire format: a length-delimited field (wire type 2), or a varint (type 0) for ints.
    if isinstance(payload, int):
        key, body = (number << 3), _varint(payload)
    else:
        if isinstance(payload, str):
            payload = payload.encode()
        key, body = (number << 3) | 2, _varint(len(payload)) + payload
    return _varint(key) + body


def _varint(n):
    b = b""
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            b += struct.pack("B", low | 0x80)
        else:
            return b + struct.pack("B", low)


def _matmul_model():
    # ONNX ModelProto for Y = X @ X with X float[64, 64], written by hand so that no onnx package is
    # needed: ir_version 7, opset 13, one MatMul node.
    dims = _field(1, _field(1, 64)) + _field(1, _field(1, 64))
    tensor_type = _field(1, _field(1, 1) + _field(2, dims))  # elem_type FLOAT, shape
    value = lambda name: _field(1, name) + _field(2, tensor_type)
    node = _field(1, "X") + _field(1, "X") + _field(2, "Y") + _field(4, "MatMul")
    graph = _field(1, node) + _field(2, "gpu_doctor_matmul") + _field(11, value("X")) + _field(12, value("Y"))
    return _field(1, 7) + _field(7, graph) + _field(8, _field(1, "") + _field(2, 13))


def onnxruntime_info():
    import onnxruntime as ort
    info = {"version": ort.__version__, "device": ort.get_device()}
    try:
        from onnxruntime.capi import build_and_package_info as b
        info["builtForCuda"] = getattr(b, "cuda_version", None)
        info["builtForCudnn"] = getattr(b, "cudnn_version", None)
    except Exception:
        pass
    available = ort.get_available_providers()
    info["availableProviders"] = available
    if "CUDAExecutionProvider" not in available:
        info["gpuUsable"] = False
        return info
    try:
        import numpy
    except ImportError:
        info["gpuError"] = "numpy is not importable, so no session was run"
        return info
    # onnxruntime falls back to the CPU with only a log line when the CUDA provider cannot load its
    # libraries; the providers the session really got are the truth.
    session = ort.InferenceSession(_matmul_model(), providers=["CUDAExecutionProvider", "CPUExecutionProvider"])
    info["providers"] = session.get_providers()
    info["gpuUsable"] = info["providers"][0] == "CUDAExecutionProvider"
    if info["gpuUsable"]:
        y = session.run(None, {"X": numpy.ones((64, 64), dtype=numpy.float32)})[0]
        info["checks"] = {"matmul": bool((y == 64.0).all())}
    return info


PROBES = {"torch": torch_info, "tensorflow": tensorflow_info, "jax": jax_info, "onnxruntime": onnxruntime_info}

for wanted in sys.argv[1:] or ["torch"]:
    if wanted in PROBES:
        attempt(wanted, PROBES[wanted])
    else:
        out["frameworks"][wanted] = {"error": "the deep probe does not know this framework"}

maps = []
try:
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split(None, 5)
            if len(parts) == 6 and ".so" in parts[5]:
                p = parts[5].strip()
                if p not in maps:
                    maps.append(p)
except OSError as e:
    out["mapsError"] = str(e)
out["mapped"] = maps
print(json.dumps(out))
