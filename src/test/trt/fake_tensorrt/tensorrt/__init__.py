# A fake tensorrt Python module for the tests of gpu-doctor's Python route on machines without a GPU:
# the subset of TensorRT 10's API that trt_engine.py uses, with the same names and behaviours
# (build_serialized_network returns None and logs on failure, deserialize_cuda_engine returns None and
# logs TensorRT's own refusal), computing the network for real with onnx_numpy.py on the memory that
# the CUDA runtime gave (in the tests a fake libcudart whose "device" memory is host memory).
#
# $FAKE_TENSORRT_MODE, comma-separated: parse-error (the parser refuses the model), hang-run (a run
# never ends), wrong-int8 (INT8 outputs come back perturbed).
import ctypes
import enum
import os
import time

import numpy as np

import fake_plan
import onnx_numpy

__version__ = ".".join(str(p) for p in fake_plan.this_version()[:3]) + ".post1"
_modes = [m for m in os.environ.get("FAKE_TENSORRT_MODE", "").split(",") if m]


class ILogger:
    class Severity(enum.IntEnum):
        INTERNAL_ERROR = 0
        ERROR = 1
        WARNING = 2
        INFO = 3
        VERBOSE = 4

    def __init__(self):
        pass

    def log(self, severity, msg):
        pass


class Logger(ILogger):
    def __init__(self, severity=ILogger.Severity.WARNING):
        ILogger.__init__(self)


class DataType(enum.Enum):
    FLOAT = 0
    HALF = 1
    INT8 = 2


class TensorIOMode(enum.Enum):
    NONE = 0
    INPUT = 1
    OUTPUT = 2


class BuilderFlag(enum.IntEnum):
    FP16 = 0
    INT8 = 1
    TF32 = 7
    VERSION_COMPATIBLE = 13


class HardwareCompatibilityLevel(enum.IntEnum):
    NONE = 0
    AMPERE_PLUS = 1


class NetworkDefinitionCreationFlag(enum.IntEnum):
    EXPLICIT_BATCH = 0


class _Tensor:
    def __init__(self, value_info):
        self.name = value_info.name
        self.dtype = DataType.FLOAT
        self.shape = tuple(d.dim_value for d in value_info.type.tensor_type.shape.dim)


class _Network:
    def __init__(self):
        self.model = None
        self.onnx_bytes = None

    @property
    def num_inputs(self):
        return len(self.model.graph.input) if self.model else 0

    @property
    def num_outputs(self):
        return len(self.model.graph.output) if self.model else 0

    def get_input(self, i):
        return _Tensor(self.model.graph.input[i])

    def get_output(self, i):
        return _Tensor(self.model.graph.output[i])


class _Error:
    def __init__(self, text):
        self.text = text

    def desc(self):
        return self.text


class OnnxParser:
    def __init__(self, network, logger):
        self.network = network
        self.errors = []

    def parse_from_file(self, path):
        if "parse-error" in _modes:
            self.errors.append(_Error("ModelImporter.cpp:732: ERROR: builtin_op_importers.cpp:5428 In function "
                                      "importFallbackPluginImporter"))
            return False
        data = open(path, "rb").read()
        self.network.model = onnx_numpy.onnx.load_from_string(data)
        self.network.onnx_bytes = data
        return True

    @property
    def num_errors(self):
        return len(self.errors)

    def get_error(self, i):
        return self.errors[i]


class _Config:
    def __init__(self):
        self.flags = {BuilderFlag.TF32}
        self.hardware_compatibility_level = HardwareCompatibilityLevel.NONE

    def set_flag(self, flag):
        self.flags.add(flag)

    def clear_flag(self, flag):
        self.flags.discard(flag)


class Builder:
    def __init__(self, logger):
        self.logger = logger

    def create_network(self, flags=0):
        return _Network()

    def create_builder_config(self):
        return _Config()

    def build_serialized_network(self, network, config):
        if network.model is None:
            self.logger.log(ILogger.Severity.ERROR, "Network must have at least one output")
            return None
        precision = "int8" if BuilderFlag.INT8 in config.flags else "fp16" if BuilderFlag.FP16 in config.flags else "fp32"
        hw = "ampere+" if config.hardware_compatibility_level == HardwareCompatibilityLevel.AMPERE_PLUS else "none"
        path = "/dev/shm/fake-trt-%d.plan" % os.getpid() if os.path.isdir("/dev/shm") else "fake-trt.plan"
        fake_plan.write(path, network.onnx_bytes, precision, hw, BuilderFlag.VERSION_COMPATIBLE in config.flags)
        data = open(path, "rb").read()
        os.remove(path)
        return data


class _Context:
    def __init__(self, engine):
        self.engine = engine
        self.addresses = {}

    def set_tensor_address(self, name, ptr):
        self.addresses[name] = ptr
        return True

    def execute_async_v3(self, stream):
        if "hang-run" in _modes:
            while True:
                time.sleep(1)
        e = self.engine
        model = e.model
        name = model.graph.input[0].name
        x = np.frombuffer(ctypes.string_at(self.addresses[name], 4 * int(np.prod(e.shapes[name]))), dtype="<f4")
        y = onnx_numpy.run(model, {name: x.reshape(e.shapes[name])}, "fp16" if e.meta["precision"] == "fp16" else "fp32")
        for o in model.graph.output:
            v = np.ascontiguousarray(y[o.name].astype("<f4"))
            if "wrong-int8" in _modes and e.meta["precision"] == "int8":
                v = v.copy()
                v.flat[3] += 0.5
            ctypes.memmove(self.addresses[o.name], v.ctypes.data, v.nbytes)
        return True


class _Engine:
    def __init__(self, meta, onnx_bytes):
        self.meta = meta
        self.model = onnx_numpy.onnx.load_from_string(onnx_bytes)
        self.names = [t.name for t in self.model.graph.input] + [t.name for t in self.model.graph.output]
        self.inputs = {t.name for t in self.model.graph.input}
        self.shapes = {t.name: tuple(d.dim_value for d in t.type.tensor_type.shape.dim)
                       for t in list(self.model.graph.input) + list(self.model.graph.output)}

    @property
    def num_io_tensors(self):
        return len(self.names)

    def get_tensor_name(self, i):
        return self.names[i]

    def get_tensor_shape(self, name):
        return self.shapes[name]

    def get_tensor_dtype(self, name):
        return DataType.FLOAT

    def get_tensor_mode(self, name):
        return TensorIOMode.INPUT if name in self.inputs else TensorIOMode.OUTPUT

    def create_execution_context(self):
        return _Context(self)


class Runtime:
    def __init__(self, logger):
        self.logger = logger

    def deserialize_cuda_engine(self, data):
        path = "/dev/shm/fake-trt-load-%d.plan" % os.getpid() if os.path.isdir("/dev/shm") else "fake-trt-load.plan"
        with open(path, "wb") as f:
            f.write(bytes(data))
        try:
            meta, onnx_bytes = fake_plan.read(path)
        except fake_plan.Refused as e:
            self.logger.log(ILogger.Severity.ERROR, str(e))
            return None
        finally:
            os.remove(path)
        return _Engine(meta, onnx_bytes)
