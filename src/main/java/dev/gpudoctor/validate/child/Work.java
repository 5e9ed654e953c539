package dev.gpudoctor.validate.child;

import dev.gpudoctor.validate.reference.Inputs;
import dev.gpudoctor.validate.reference.Reference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * The fixed inputs of steps 4 and 5 and their CPU references. The references are computed on other
 * cores once the driver answers (after step 1), while steps 2 and 3 run, so that checking costs the
 * steps almost nothing.
 *
 * 512 x 512 x 512 is big enough to go through cuBLAS's real tiled kernels (not a special case for
 * tiny matrices) and small enough that the double-precision reference takes well under a second on
 * two cores. The convolution (4 images of 16 x 32 x 32, 32 filters of 3 x 3, padding 1) sums 144
 * products per output: a real 3 x 3 layer, not a degenerate one.
 */
final class Work {

    static final int M = 512;
    static final int N = 512;
    static final int K = 512;

    static final int IMAGES = 4;
    static final int CHANNELS = 16;
    static final int HEIGHT = 32;
    static final int WIDTH = 32;
    static final int FILTERS = 32;
    static final int R = 3;
    static final int S = 3;
    static final int PAD = 1;

    final float[] a = Inputs.uniform(0x6170_0001L, M * K);
    final float[] b = Inputs.uniform(0x6170_0002L, K * N);
    final float[] a16 = Inputs.halfRounded(a);
    final float[] b16 = Inputs.halfRounded(b);
    final float[] x = Inputs.uniform(0x6170_0003L, IMAGES * CHANNELS * HEIGHT * WIDTH);
    final float[] w = Inputs.uniform(0x6170_0004L, FILTERS * CHANNELS * R * S);

    /**
     * All cores but one: the main thread, which makes the GPU calls and reads the libraries from disk,
     * keeps a core to itself, so that the references do not slow the steps they run beside.
     */
    private static final ForkJoinPool CPU = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    private final CompletableFuture<Reference> gemm32 = CompletableFuture.supplyAsync(() -> Reference.gemm(a, b, M, N, K), CPU);
    private final CompletableFuture<Reference> gemm16 = CompletableFuture.supplyAsync(() -> Reference.gemm(a16, b16, M, N, K),
            CPU);
    private final CompletableFuture<Reference> conv = CompletableFuture.supplyAsync(() -> Reference.conv(x, w, IMAGES,
            CHANNELS, HEIGHT, WIDTH, FILTERS, R, S, PAD), CPU);

    Reference gemm32() {
        return join(gemm32);
    }

    Reference gemm16() {
        return join(gemm16);
    }

    Reference conv() {
        return join(conv);
    }

    private static Reference join(CompletableFuture<Reference> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing a CPU reference", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the CPU reference failed: " + e.getCause(), e.getCause());
        }
    }
}
