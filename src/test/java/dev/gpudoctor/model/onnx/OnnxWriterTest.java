package dev.gpudoctor.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's files are real ONNX: onnx's own checker (full check, with shape inference) accepts a
 * conv-relu-pool-gemm model with a named batch dimension, and the bytes decode to the fields written.
 */
class OnnxWriterTest {

    static OnnxModel convNet() {
        float[] w = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) / 10f;
        }
        float[] fc = new float[4 * 4 * 4 * 5];
        for (int i = 0; i < fc.length; i++) {
            fc[i] = (i % 5 - 2) / 20f;
        }
        List<OnnxModel.Node> nodes = List.of(
                OnnxModel.Node.of("conv", "Conv", List.of("input", "w"), List.of("c"),
                        OnnxModel.Attribute.ints("kernel_shape", 3, 3), OnnxModel.Attribute.ints("pads", 1, 1, 1, 1)),
                OnnxModel.Node.of("relu", "Relu", List.of("c"), List.of("r")),
                OnnxModel.Node.of("pool", "MaxPool", List.of("r"), List.of("p"),
                        OnnxModel.Attribute.ints("kernel_shape", 2, 2), OnnxModel.Attribute.ints("strides", 2, 2)),
                OnnxModel.Node.of("flatten", "Flatten", List.of("p"), List.of("f"), new OnnxModel.Attribute.IntValue("axis", 1)),
                OnnxModel.Node.of("fc", "Gemm", List.of("f", "fc"), List.of("output"),
                        new OnnxModel.Attribute.FloatValue("alpha", 1f), new OnnxModel.Attribute.IntValue("transB", 0)));
        OnnxModel.ValueInfo input = new OnnxModel.ValueInfo("input", OnnxModel.ElementType.FLOAT,
                List.of(OnnxModel.Dim.named("batch"), OnnxModel.Dim.of(3), OnnxModel.Dim.of(8), OnnxModel.Dim.of(8)));
        OnnxModel.ValueInfo output = new OnnxModel.ValueInfo("output", OnnxModel.ElementType.FLOAT,
                List.of(OnnxModel.Dim.named("batch"), OnnxModel.Dim.of(5)));
        return new OnnxModel(8, List.of(new OnnxModel.Opset("", 13)), "gpu-doctor", "test",
                new OnnxModel.Graph("convnet", nodes,
                        List.of(OnnxModel.Tensor.floats("w", w, 4, 3, 3, 3), OnnxModel.Tensor.floats("fc", fc, 64, 5)),
                        List.of(input), List.of(output)));
    }

    @Test
    void onnxsCheckerAcceptsTheWrittenModel(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "a python3 at /usr/bin/python3");
        ExecCommandRunner runner = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")));
        assumeTrue(runner.run(List.of(python.toString(), "-c", "import onnx"), Duration.ofSeconds(30)).succeeded(),
                "python3 -c 'import onnx' (Debian: python3-onnx)");
        Path file = dir.resolve("convnet.onnx");
        Files.write(file, OnnxWriter.write(convNet()));
        String script = String.join("\n",
                "import sys, onnx",
                "from onnx import numpy_helper",
                "m = onnx.load(sys.argv[1])",
                "onnx.checker.check_model(m, full_check=True)",
                "print([n.op_type for n in m.graph.node])",
                "print(m.ir_version, [(o.domain, o.version) for o in m.opset_import], m.producer_name)",
                "print([(d.dim_param or d.dim_value) for d in m.graph.input[0].type.tensor_type.shape.dim])",
                "print([(i.name, list(i.dims), float(numpy_helper.to_array(i).flatten()[1])) for i in m.graph.initializer])",
                "print({a.name: onnx.helper.get_attribute_value(a) for a in m.graph.node[0].attribute})");
        CommandResult r = runner.run(List.of(python.toString(), "-c", script, file.toString()), Duration.ofSeconds(60));
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        assertThat(r.stdout().strip().lines()).containsExactly(
                "['Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm']",
                "8 [('', 13)] gpu-doctor",
                "['batch', 3, 8, 8]",
                "[('w', [4, 3, 3, 3], -0.20000000298023224), ('fc', [64, 5], -0.05000000074505806)]",
                "{'kernel_shape': [3, 3], 'pads': [1, 1, 1, 1]}");
    }

    /** Without onnx installed the bytes are still checked: ir_version, graph, opset decode as written. */
    @Test
    void theBytesDecodeToTheFieldsWritten() throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(OnnxWriter.write(convNet()));
        long ir = -1;
        long opset = -1;
        List<String> graphFields = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ir = in.readInt64();
                case 7 -> {
                    CodedInputStream g = CodedInputStream.newInstance(in.readByteArray());
                    while (!g.isAtEnd()) {
                        int t = g.readTag();
                        graphFields.add(Integer.toString(WireFormat.getTagFieldNumber(t)));
                        g.skipField(t);
                    }
                }
                case 8 -> {
                    CodedInputStream o = CodedInputStream.newInstance(in.readByteArray());
                    while (!o.isAtEnd()) {
                        int t = o.readTag();
                        if (WireFormat.getTagFieldNumber(t) == 2) {
                            opset = o.readInt64();
                        } else {
                            o.skipField(t);
                        }
                    }
                }
                default -> in.skipField(tag);
            }
        }
        assertThat(ir).isEqualTo(8);
        assertThat(opset).isEqualTo(13);
        // five nodes (1), the name (2), two initializers (5), one input (11), one output (12)
        assertThat(String.join(",", graphFields)).isEqualTo("1,1,1,1,1,2,5,5,11,12");
    }
}
