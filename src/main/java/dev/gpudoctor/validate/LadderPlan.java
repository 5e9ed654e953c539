package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The library copies steps 3-6 use, chosen in the parent (where the probes that find copies run)
 * and sent to the child process once it needs them. An empty list or a null copy: not installed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LadderPlan(List<Copy> nvrtc, Copy cublas, Copy cudnn, Copy tensorrt) {

    public LadderPlan {
        nvrtc = nvrtc == null ? List.of() : List.copyOf(nvrtc);
    }

    /**
     * One copy and why it was chosen.
     *
     * @param version the version the finder read (file name, wheel, toolkit), before the library is asked
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Copy(String path, String foundBy, String version) {
    }
}
