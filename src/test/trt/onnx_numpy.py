# A small ONNX evaluator in numpy for the operators of gpu-doctor's engine test network (Conv, Relu,
# MaxPool, Flatten, Gemm, QuantizeLinear, DequantizeLinear), written from the ONNX operator
# specifications (https://onnx.ai/onnx/operators/), independently of gpu-doctor's Java reference.
# onnx 1.12 (Debian's python3-onnx) has no onnx.reference.ReferenceEvaluator (onnx 1.13+), so the
# tests and the fake TensorRT tools compute the network with this.
#
# precision: "fp32" computes in float32 as an FP32 engine does; "fp16" rounds weights, inputs and
# every layer's output to float16 (an FP16 engine keeps activations in half precision); Q/DQ nodes
# are evaluated as the specification says, so an INT8 model computes its quantized values.
import numpy as np
import onnx
from onnx import numpy_helper


def load(path):
    return onnx.load(path)


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    pads = list(a.get("pads", [0, 0, 0, 0]))
    strides = list(a.get("strides", [1, 1]))
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    n, c, h, wd = xp.shape
    f, _, kh, kw = w.shape
    oh = (h - kh) // strides[0] + 1
    ow = (wd - kw) // strides[1] + 1
    out = np.zeros((n, f, oh, ow), dtype=np.float32)
    for ky in range(kh):
        for kx in range(kw):
            patch = xp[:, :, ky:ky + strides[0] * oh:strides[0], kx:kx + strides[1] * ow:strides[1]]
            out += np.einsum("nchw,fc->nfhw", patch, w[:, :, ky, kx]).astype(np.float32)
    if b is not None:
        out += b.reshape(1, f, 1, 1)
    return out


def _maxpool(x, a):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    n, c, h, w = x.shape
    oh = (h - kh) // sh + 1
    ow = (w - kw) // sw + 1
    out = np.full((n, c, oh, ow), -np.inf, dtype=x.dtype)
    for dy in range(kh):
        for dx in range(kw):
            out = np.maximum(out, x[:, :, dy:dy + sh * oh:sh, dx:dx + sw * ow:sw])
    return out


def _quantize(x, scale, zp):
    q = np.rint(x.astype(np.float32) / np.float32(scale)) + (0 if zp is None else int(zp))
    return np.clip(q, -128, 127).astype(np.int8)


def _dequantize(q, scale, zp):
    return ((q.astype(np.int32) - (0 if zp is None else int(zp))).astype(np.float32) * np.float32(scale))


def run(model, inputs, precision="fp32"):
    half = precision == "fp16"

    def rnd(v):
        return v.astype(np.float16).astype(np.float32) if half and v.dtype == np.float32 else v

    values = {}
    for t in model.graph.initializer:
        values[t.name] = rnd(numpy_helper.to_array(t))
    for name, v in inputs.items():
        values[name] = rnd(np.asarray(v))
    for node in model.graph.node:
        a = _attrs(node)
        i = [values[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Conv":
            y = _conv(i[0], i[1], i[2] if len(i) > 2 else None, a)
        elif op == "Relu":
            y = np.maximum(i[0], 0)
        elif op == "MaxPool":
            y = _maxpool(i[0], a)
        elif op == "Flatten":
            axis = a.get("axis", 1)
            y = i[0].reshape(int(np.prod(i[0].shape[:axis])), -1)
        elif op == "Gemm":
            A = i[0].T if a.get("transA", 0) else i[0]
            B = i[1].T if a.get("transB", 0) else i[1]
            y = np.float32(a.get("alpha", 1.0)) * (A @ B).astype(np.float32)
            if len(i) > 2 and i[2] is not None:
                y = y + np.float32(a.get("beta", 1.0)) * i[2]
        elif op == "QuantizeLinear":
            y = _quantize(i[0], i[1], i[2] if len(i) > 2 else None)
        elif op == "DequantizeLinear":
            y = _dequantize(i[0], i[1], i[2] if len(i) > 2 else None)
        else:
            raise ValueError("operator %s is not in the engine test network" % op)
        values[node.output[0]] = rnd(y)
    return {o.name: values[o.name] for o in model.graph.output}
