package dev.gpudoctor.validate;

import java.time.Duration;

/**
 * The rungs of the ladder, lowest first. Each proves one layer on top of the ones below it, so the
 * first that fails names the broken layer and the ones above it are not run. Deadlines are generous
 * for the slow but healthy cases: cuInit on a machine without persistence mode initialises every
 * GPU (seconds each), and a cold page cache makes loading cuBLAS or cuDNN (hundreds of MB) slow.
 */
public enum Step {
    DRIVER_API(1, "driver-api", "CUDA driver API", "the CUDA driver (libcuda and the kernel module)", Duration.ofSeconds(30)),
    PTX_JIT(2, "ptx-jit", "PTX JIT", "the driver's PTX JIT compiler", Duration.ofSeconds(15)),
    NVRTC(3, "nvrtc", "NVRTC", "a CUDA toolkit's runtime compiler (NVRTC) on this driver", Duration.ofSeconds(30)),
    CUBLAS(4, "cublas", "cuBLAS GEMM", "cuBLAS", Duration.ofSeconds(30)),
    CUDNN(5, "cudnn", "cuDNN convolution", "cuDNN", Duration.ofSeconds(30)),
    TENSORRT(6, "tensorrt", "TensorRT", "TensorRT", Duration.ofSeconds(20)),
    /**
     * Run by the parent through trtexec or the tensorrt Python module, not in the child: three builds
     * and three runs of a small network. A healthy build takes seconds, but TensorRT loads its builder
     * kernel library first (gigabytes from a cold disk) and times its tactics.
     */
    TENSORRT_ENGINE(7, "tensorrt-engine", "TensorRT engine", "TensorRT's engine builder and runtime", Duration.ofSeconds(300));

    private final int number;
    private final String id;
    private final String title;
    private final String layer;
    private final Duration deadline;

    Step(int number, String id, String title, String layer, Duration deadline) {
        this.number = number;
        this.id = id;
        this.title = title;
        this.layer = layer;
        this.deadline = deadline;
    }

    public int number() {
        return number;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The layer this step proves: what is broken when it fails. */
    public String layer() {
        return layer;
    }

    public Duration deadline() {
        return deadline;
    }

    /** Whether the child JVM runs it (steps 1-6); step 7 runs TensorRT's own tools from the parent. */
    public boolean inChild() {
        return this != TENSORRT_ENGINE;
    }

    public static Step of(int number) {
        for (Step s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("no step " + number);
    }
}
