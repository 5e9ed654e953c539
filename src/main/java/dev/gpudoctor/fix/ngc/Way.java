package dev.gpudoctor.fix.ngc;

/** How an NGC image release stands on this host, as the matrix decides it. */
public enum Way {
    /** The host driver meets the image's driver requirement. */
    NATIVE,
    /** The driver is older than the image needs, but a data-centre class GPU on a listed branch may use cuda-compat. */
    FORWARD_COMPATIBILITY,
    /** The driver is too old and forward compatibility does not apply. */
    NOT_ON_THIS_DRIVER,
    /** A GPU's compute capability is below the image's stated minimum: no driver fixes that. */
    GPU_TOO_OLD,
    /** The matrix does not hold enough to decide (no driver requirement, an unknown GPU, a conditional GPU class). */
    UNKNOWN;

    /** Whether an image judged this way runs on the host. */
    public boolean runs() {
        return this == NATIVE || this == FORWARD_COMPATIBILITY;
    }
}
