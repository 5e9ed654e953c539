package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;

/** A row of TensorFlow's tested GPU build configurations: the CUDA and cuDNN (major.minor) it was built with. */
public record TensorflowRelease(Version version, Version pythonMin, Version pythonMax, Version cuda, Version cudnn,
        boolean andCudaExtra, boolean windowsNativeGpu, Citation citation) implements Cited {

    static TensorflowRelease read(Node n) {
        Node py = n.child("python");
        return new TensorflowRelease(n.version("version"), py.version("min"), py.version("max"), n.version("cuda"),
                n.version("cudnn"), n.flag("andCudaExtra", false), n.flag("windowsNativeGpu", false), n.citation());
    }

    /** Whether this row is the release of a full version (2.16.1, or 2.15.x for the 2.15.0 row). */
    public boolean covers(Version tf) {
        return tf.equals(version) || tf.prefix(2).equals(version.prefix(2));
    }

    @Override
    public String describe() {
        return "TensorFlow " + version + ": CUDA " + cuda + ", cuDNN " + cudnn + ", Python " + pythonMin + "-"
                + pythonMax + (andCudaExtra ? ", tensorflow[and-cuda]" : "")
                + (windowsNativeGpu ? ", GPU on native Windows" : "");
    }
}
