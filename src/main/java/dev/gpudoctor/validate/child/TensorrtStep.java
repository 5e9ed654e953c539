package dev.gpudoctor.validate.child;

import com.sun.jna.Library;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.validate.LadderPlan;
import dev.gpudoctor.validate.LibraryUse;
import dev.gpudoctor.validate.Outcome;
import dev.gpudoctor.validate.StepResult;
import java.util.List;

/**
 * Step 6 where TensorRT is installed: the copy loads on this driver and says its version. Building
 * and running engines is step 7, which the parent runs through TensorRT's own tools; where TensorRT
 * is missing the parent reports that with the plan to install it.
 */
final class TensorrtStep {

    /** int getInferLibVersion(void): the one C function libnvinfer exports for this. */
    public interface NvinferApi extends Library {
        int getInferLibVersion();
    }

    private TensorrtStep() {
    }

    static StepResult run(StepLog log, LadderPlan.Copy copy) {
        if (copy == null) {
            return log.result(Outcome.NOT_INSTALLED, "TensorRT is not installed (no libnvinfer in the library directories,"
                    + " no TensorRT package or wheel)", List.of(), List.of(), null);
        }
        List<String> before = Mapped.files("libnvinfer");
        long t = System.nanoTime();
        log.at("load " + copy.path());
        Loading.Opened<NvinferApi> opened = Loading.open(copy.path(), NvinferApi.class, List.of(), Loading.RTLD_LOCAL);
        if (opened.api() == null) {
            log.evidence("load " + copy.path(), t);
            return log.result(Outcome.FAILED, copy.path() + " does not load: " + opened.error().message(),
                    List.of(new LibraryUse("tensorrt", copy.path(), copy.foundBy(), copy.version(), List.of())), List.of(),
                    opened.error());
        }
        log.at("getInferLibVersion");
        String version;
        try {
            version = Version.fromTensorrtInt(opened.api().getInferLibVersion()).toString();
        } catch (UnsatisfiedLinkError e) {
            version = copy.version();
        }
        log.evidence(copy.path() + ": getInferLibVersion", t);
        return log.result(Outcome.PASSED, "TensorRT " + version + " loads (" + copy.path() + ")",
                List.of(new LibraryUse("tensorrt", copy.path(), copy.foundBy(), version,
                Mapped.since(before, "libnvinfer"))), List.of(), null);
    }
}
