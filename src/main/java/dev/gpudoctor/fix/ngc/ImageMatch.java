package dev.gpudoctor.fix.ngc;

import dev.gpudoctor.matrix.NgcImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One NGC image release judged for one host.
 *
 * @param runs      whether it runs here ({@link Way#runs()})
 * @param why       sentences for people, each naming the matrix entry (file, line, source) it rests on
 * @param confirmed every matrix fact the verdict used comes from a confirmed entry
 * @param dockerRun argv to start it with Docker; empty where it does not run or the matrix states no tag
 *                  (a tag is never guessed)
 * @param podmanRun the same with Podman and CDI; empty where dockerRun is
 */
public record ImageMatch(NgcImage image, boolean runs, Way way, List<String> why, boolean confirmed,
                         List<String> dockerRun, List<String> podmanRun) {

    public ImageMatch {
        why = List.copyOf(why);
        dockerRun = List.copyOf(dockerRun);
        podmanRun = List.copyOf(podmanRun);
    }

    /** "nvcr.io/nvidia/pytorch:23.10-py3" where the tag is stated, else "nvcr.io/nvidia/pytorch 25.12". */
    public String name() {
        return image.image() + image.tag().map(t -> ":" + t).orElse(" " + image.release());
    }

    /** How to start an image with Docker and the NVIDIA container toolkit. */
    public static List<String> dockerRun(String ref) {
        return List.of("docker", "run", "--gpus", "all", "--rm", "-it", ref);
    }

    /** The same with Podman and CDI (the toolkit's generated device spec). */
    public static List<String> podmanRun(String ref) {
        return List.of("podman", "run", "--device", "nvidia.com/gpu=all", "--rm", "-it", ref);
    }

    /** The same verdict with one more sentence at the end. */
    ImageMatch withWhy(String sentence) {
        List<String> more = new ArrayList<>(why);
        more.add(sentence);
        return new ImageMatch(image, runs, way, more, confirmed, dockerRun, podmanRun);
    }
}
