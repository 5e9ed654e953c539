package dev.gpudoctor.validate.reference;

import java.util.stream.IntStream;

/**
 * A result computed on the CPU in double precision, with the scale each entry's error is measured
 * against: the sum of the absolute values of the products that make it (sum |a_ik * b_kj| for a
 * GEMM). Rounding-error bounds for a dot product are proportional to that sum, not to the result,
 * which can cancel to almost zero; dividing by it gives a relative error that means the same for
 * every entry.
 */
public record Reference(double[] value, double[] scale) {

    /**
     * C = A * B in column-major order (as cuBLAS stores matrices): A is m x k, B is k x n.
     * Columns are computed in parallel; each is independent.
     */
    public static Reference gemm(float[] a, float[] b, int m, int n, int k) {
        double[] c = new double[m * n];
        double[] s = new double[m * n];
        IntStream.range(0, n).parallel().forEach(j -> {
            double[] col = new double[m];
            double[] abs = new double[m];
            for (int p = 0; p < k; p++) {
                double bpj = b[p + j * k];
                int base = p * m;
                for (int i = 0; i < m; i++) {
                    double prod = a[base + i] * bpj;
                    col[i] += prod;
                    abs[i] += Math.abs(prod);
                }
            }
            System.arraycopy(col, 0, c, j * m, m);
            System.arraycopy(abs, 0, s, j * m, m);
        });
        return new Reference(c, s);
    }

    /**
     * A 2-D cross-correlation (what frameworks and cuDNN's CUDNN_CROSS_CORRELATION call convolution)
     * in NCHW / KCRS layout, stride 1, zero padding {@code pad}.
     */
    public static Reference conv(float[] x, float[] w, int n, int c, int h, int wd, int k, int r, int s, int pad) {
        int oh = h + 2 * pad - r + 1;
        int ow = wd + 2 * pad - s + 1;
        double[] y = new double[n * k * oh * ow];
        double[] sc = new double[y.length];
        IntStream.range(0, n * k).parallel().forEach(nk -> {
            int img = nk / k;
            int f = nk % k;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sum = 0;
                    double abs = 0;
                    for (int ch = 0; ch < c; ch++) {
                        for (int dy = 0; dy < r; dy++) {
                            int iy = oy + dy - pad;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int dx = 0; dx < s; dx++) {
                                int ix = ox + dx - pad;
                                if (ix < 0 || ix >= wd) {
                                    continue;
                                }
                                double prod = (double) x[((img * c + ch) * h + iy) * wd + ix]
                                        * w[((f * c + ch) * r + dy) * s + dx];
                                sum += prod;
                                abs += Math.abs(prod);
                            }
                        }
                    }
                    int at = ((img * k + f) * oh + oy) * ow + ox;
                    y[at] = sum;
                    sc[at] = abs;
                }
            }
        });
        return new Reference(y, sc);
    }

    /** Compares a GPU result with this reference. */
    public Errors compare(float[] gpu) {
        return Errors.of(gpu, value, scale);
    }
}
