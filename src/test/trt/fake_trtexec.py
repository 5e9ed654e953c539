#!/usr/bin/env python3
# A fake trtexec for the tests of gpu-doctor's engine step on machines without a GPU: it takes the
# real flags, prints the real log format (the &&&& markers, the device block, "Engine built in",
# the performance summary) and writes the real --exportOutput format, and it computes the network for
# real from the ONNX model and the --loadInputs file (onnx_numpy.py; FP16 rounds to half precision,
# an INT8 model's Q/DQ nodes quantize). It refuses plans with TensorRT's own words (fake_plan.py).
# Every invocation's arguments are appended as a JSON line to $FAKE_TRTEXEC_LOG.
#
# $FAKE_TRTEXEC_MODE, comma-separated, makes it fail the real ways:
#   parse-error        the ONNX parser refuses the model (every build)
#   parse-error-int8   only for the INT8 model
#   hang-build         a build never ends (the deadline must end it)
#   wrong-fp16         FP16 outputs come back perturbed (a wrong kernel)
#   bad-export         the exported output file is cut short
import datetime
import json
import os
import sys
import time

import numpy as np

import fake_plan
import onnx_numpy

args = sys.argv[1:]
modes = [m for m in os.environ.get("FAKE_TRTEXEC_MODE", "").split(",") if m]
if os.environ.get("FAKE_TRTEXEC_LOG"):
    with open(os.environ["FAKE_TRTEXEC_LOG"], "a") as f:
        f.write(json.dumps(args) + "\n")


def opt(name):
    for a in args:
        if a.startswith(name + "="):
            return a[len(name) + 1:]
    return None


def log(level, msg):
    print("[%s] [%s] %s" % (datetime.datetime.now().strftime("%m/%d/%Y-%H:%M:%S"), level, msg))


cmd = "trtexec " + " ".join(args)
marker = "[TensorRT v%s]" % fake_plan.banner()
print("&&&& RUNNING TensorRT.trtexec %s # %s" % (marker, cmd))


def finish(ok):
    print("&&&& %s TensorRT.trtexec %s # %s" % ("PASSED" if ok else "FAILED", marker, cmd))
    sys.stdout.flush()
    sys.exit(0 if ok else 1)


log("I", "=== Device Information ===")
log("I", "Selected Device: " + fake_plan.this_gpu())
log("I", "Compute Capability: " + fake_plan.this_compute())
log("I", "TensorRT version: " + ".".join(str(p) for p in fake_plan.this_version()[:3]))

if opt("--onnx"):
    model_path = opt("--onnx")
    precision = "int8" if "--int8" in args else "fp16" if "--fp16" in args else "fp32"
    log("I", "Start parsing network model.")
    if "parse-error" in modes or ("parse-error-int8" in modes and precision == "int8"):
        log("E", "[TRT] ModelImporter.cpp:732: ERROR: builtin_op_importers.cpp:5428 In function importFallbackPluginImporter:")
        print('[8] Assertion failed: creator && "Plugin not found, are the plugin name, version, and namespace correct?"')
        log("E", "Failed to parse onnx file")
        log("E", "Parsing model failed")
        log("E", "Failed to create engine from model or file.")
        log("E", "Engine set up failed")
        finish(False)
    if "hang-build" in modes:
        sys.stdout.flush()
        while True:
            time.sleep(1)
    t0 = time.time()
    onnx_bytes = open(model_path, "rb").read()
    onnx_numpy.onnx.checker.check_model(onnx_numpy.onnx.load_from_string(onnx_bytes))
    log("I", "Finished parsing network model. Parse time: %.6g" % (time.time() - t0))
    fake_plan.write(opt("--saveEngine"), onnx_bytes, precision, opt("--hardwareCompatibilityLevel") or "none",
                    "--versionCompatible" in args)
    log("I", "Engine built in %.6g sec." % (time.time() - t0 + 0.5))
    log("I", "Created engine with size: %.6g MiB" % (os.path.getsize(opt("--saveEngine")) / 1048576.0))
    log("I", "Skipped inference phase since --skipInference is added.")
    finish(True)

if opt("--loadEngine"):
    try:
        meta, onnx_bytes = fake_plan.read(opt("--loadEngine"))
    except fake_plan.Refused as e:
        log("E", "Error[%s" % str(e).replace(": ", "]: ", 1))
        log("E", "Engine deserialization failed")
        log("E", "Got invalid engine!")
        log("E", "Inference set up failed")
        finish(False)
    if "--getPlanVersionOnly" in args:
        log("I", "Plan was created with TensorRT version " + meta["version"])
        finish(True)
    model = onnx_numpy.onnx.load_from_string(onnx_bytes)
    name = model.graph.input[0].name
    shape = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    spec = opt("--loadInputs")
    if spec:
        x = np.fromfile(spec.split(":", 1)[1], dtype="<f4").reshape(shape)
    else:
        log("I", "Using random values for input " + name)
        x = np.random.default_rng(0).uniform(-1, 1, shape).astype(np.float32)
    t0 = time.perf_counter()
    y = onnx_numpy.run(model, {name: x}, "fp16" if meta["precision"] == "fp16" else "fp32")
    ms = (time.perf_counter() - t0) * 1000
    out_name = model.graph.output[0].name
    values = y[out_name].astype(np.float32).flatten()
    if "wrong-fp16" in modes and meta["precision"] == "fp16":
        values[7] += 1.0
    if opt("--exportOutput"):
        dims = "x".join(str(d) for d in y[out_name].shape)
        body = ", ".join("%.6g" % v for v in values)
        text = '[\n  { "name" : "%s"\n  , "dimensions" : "%s"\n  , "values" : [ %s ]\n  }\n]\n' % (out_name, dims, body)
        if "bad-export" in modes:
            text = text[:len(text) // 2]
        open(opt("--exportOutput"), "w").write(text)
    log("I", "=== Performance summary ===")
    log("I", "Throughput: %.6g qps" % (1000.0 / ms))
    t = "min = %.6g ms, max = %.6g ms, mean = %.6g ms, median = %.6g ms, percentile(90%%) = %.6g ms, " \
        "percentile(95%%) = %.6g ms, percentile(99%%) = %.6g ms" % (ms * 0.9, ms * 1.5, ms, ms, ms * 1.2, ms * 1.3, ms * 1.4)
    log("I", "Latency: " + t)
    log("I", "GPU Compute Time: " + t)
    finish(True)

log("E", "Model missing or format not supported")
finish(False)
