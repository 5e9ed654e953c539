# The plan files of the fake TensorRT tools (fake_trtexec.py and the fake tensorrt module): a real
# plan's published header (the tag "ftrt", layout word 0, the building TensorRT's version in bytes
# 24-27, as trtexec --getPlanVersionOnly reads it), then what the fakes need to run it later: the
# precision, the compute capability and compatibility flags it was "built" with, and the ONNX model.
# The fakes refuse to load a plan the way TensorRT does, with TensorRT's own error words.
import json
import os
import struct

TAG = b"ftrt"


def this_version():
    return [int(p) for p in os.environ.get("FAKE_TRT_VERSION", "10.3.0.26").split(".")]


def this_compute():
    return os.environ.get("FAKE_GPU_COMPUTE", "9.0")


def this_gpu():
    return os.environ.get("FAKE_GPU_NAME", "NVIDIA H100 80GB HBM3")


def banner():
    v = this_version()
    return "%d%02d%02d" % (v[0], v[1], v[2]) if v[0] >= 10 else "%d%d%02d" % (v[0], v[1], v[2])


def serialization(version):
    # TensorRT numbers its serialization format per release; the fake derives one from the version.
    return 200 + version[0] * 3 + version[1]


def write(path, onnx_bytes, precision, hardware="none", version_compatible=False):
    v = this_version()
    head = TAG + struct.pack("<I", 0) + b"gpu-doctor-fake!" + bytes(v[:4])
    meta = json.dumps({"precision": precision, "compute": this_compute(), "gpu": this_gpu(), "hardware": hardware,
                       "versionCompatible": version_compatible, "bytes": len(onnx_bytes)}).encode()
    with open(path, "wb") as f:
        f.write(head + struct.pack("<I", len(meta)) + meta + onnx_bytes)


class Refused(Exception):
    """TensorRT's words for a plan it will not load."""


def read(path):
    data = open(path, "rb").read()
    if data[:4] != TAG:
        raise Refused("1: [stdArchiveReader.cpp::StdArchiveReaderInitCommon::46] Error Code 1: Serialization "
                      "(Serialization assertion magicTagRead == kMAGIC_TAG failed.Magic tag does not match)")
    if len(data) < 32:
        raise Refused("1: [stdArchiveReader.cpp::StdArchiveReaderInitCommon::46] Error Code 1: Serialization "
                      "(Serialization assertion sizeRead == static_cast<uint64_t>(mEnd - mCurrent) failed.Size specified "
                      "in header does not match archive size)")
    (n,) = struct.unpack("<I", data[28:32])
    if len(data) < 32 + n or len(data) != 32 + n + json.loads(data[32:32 + n]).get("bytes", -1):
        raise Refused("1: [stdArchiveReader.cpp::StdArchiveReaderInitCommon::46] Error Code 1: Serialization "
                      "(Serialization assertion sizeRead == static_cast<uint64_t>(mEnd - mCurrent) failed.Size specified "
                      "in header does not match archive size)")
    meta = json.loads(data[32:32 + n])
    built = list(data[24:28])
    here = this_version()
    if built[:3] != here[:3] and not (meta["versionCompatible"] and built[:3] < here[:3]):
        raise Refused("1: [stdArchiveReader.cpp::StdArchiveReaderInitCommon::46] Error Code 1: Serialization "
                      "(Serialization assertion stdVersionRead == kSERIALIZATION_VERSION failed.Version tag does not "
                      "match. Note: Current Version: %d, Serialized Engine Version: %d)"
                      % (serialization(here), serialization(built)))
    compute = this_compute()
    if meta["compute"] != compute and not (meta["hardware"] == "ampere+" and float(meta["compute"]) >= 8.0
                                           and float(compute) >= 8.0):
        raise Refused("6: The engine plan file is generated on an incompatible device, expecting compute %s got "
                      "compute %s, please rebuild." % (compute, meta["compute"]))
    meta["version"] = ".".join(str(b) for b in built)
    return meta, data[32 + n:]
