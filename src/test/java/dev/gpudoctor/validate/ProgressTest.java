package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The terminal line that says what a long step waits on (loading cuDNN from a cold disk takes seconds). */
class ProgressTest {

    @Test
    void showsTheStepAndTheCallItIsIn() throws Exception {
        StringWriter out = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(out))) {
            assertThat(p.line()).isNull();
            p.started(Step.CUBLAS);
            p.calling(Step.CUBLAS, "cublasSgemm_v2");
            assertThat(p.line()).matches("\\[4/7] cuBLAS GEMM  cublasSgemm_v2  \\d+\\.\\d s");
            // The line is redrawn ten times a second; on a loaded machine the first draw may come late.
            long until = System.nanoTime() + 10_000_000_000L;
            while (!out.toString().contains("cublasSgemm_v2") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            p.finished(StepResult.notRun(Step.CUBLAS, "x"));
            assertThat(p.line()).isNull();
        }
        // Drawn over itself on one line, and erased at the end so that the report starts on a clean line.
        assertThat(out.toString()).containsPattern("\r\u001b\\[K\\[4/7] cuBLAS GEMM  cublasSgemm_v2  \\d+\\.\\d s")
                .endsWith("\r\u001b[K");
    }

    @Test
    void aLongCallIsShortenedFromTheLeft() {
        Progress p = new Progress(null);
        p.started(Step.CUDNN);
        p.calling(Step.CUDNN, "load /opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9");
        assertThat(p.line()).startsWith("[5/7] cuDNN convolution  ...").contains("nvidia/cudnn/lib/libcudnn.so.9");
        p.close();
    }

    /** Step 7 runs TensorRT's own tools from the parent: the line names the route and what it does. */
    @Test
    void theEngineStepShowsItsRoute() {
        Progress p = new Progress(null);
        p.started(Step.TENSORRT_ENGINE);
        p.calling(Step.TENSORRT_ENGINE, "trtexec: build FP16");
        assertThat(p.line()).matches("\\[7/7] TensorRT engine  trtexec: build FP16  \\d+\\.\\d s");
        p.close();
    }
}
