# Checks gpu-doctor's engine test network from outside Java: onnx's checker (full check, with shape
# inference) on both ONNX files, then the network computed by onnx_numpy.py on the input batch,
# compared with the Java reference's values. Prints one line per file:
#   <file> ops=<op types> maxabs=<largest |numpy - java|> maxref=<largest |java|>
import sys

import numpy as np
import onnx

import onnx_numpy

input_file, batch = sys.argv[1], [int(d) for d in sys.argv[2].split("x")]
x = np.fromfile(input_file, dtype="<f4").reshape(batch)
for model_file, expected_file in zip(sys.argv[3::2], sys.argv[4::2]):
    m = onnx.load(model_file)
    onnx.checker.check_model(m, full_check=True)
    got = onnx_numpy.run(m, {m.graph.input[0].name: x})[m.graph.output[0].name]
    java = np.fromfile(expected_file, dtype="<f8").reshape(got.shape)
    print("%s ops=%s maxabs=%.3e maxref=%.3e" % (model_file.rsplit("/", 1)[-1], ",".join(n.op_type for n in m.graph.node),
                                                np.max(np.abs(got - java)), np.max(np.abs(java))))
