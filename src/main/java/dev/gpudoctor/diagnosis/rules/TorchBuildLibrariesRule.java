package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.PytorchRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cuDNN and NCCL a torch build was made with (the matrix, from PyTorch's release matrix) against
 * the copies it really loads (the linker emulation). An older copy than the build's is the classic
 * "system cuDNN shadows the wheel's" failure; another major cannot work at all.
 */
public final class TorchBuildLibrariesRule implements Rule {

    static final String OLDER = "framework.library-older-than-build";
    static final String OTHER_MAJOR = "framework.library-major-differs-from-build";

    private final Matrix matrix;

    public TorchBuildLibrariesRule(Matrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public List<String> codes() {
        return List.of(OLDER, OTHER_MAJOR);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        if (f.python() == null || f.linker() == null) {
            return out;
        }
        for (PythonFacts.PythonEnv env : f.python().environments().orElse(List.of())) {
            if (!env.torch().isFound() || env.torch().value().builtForCuda() == null) {
                continue;
            }
            PythonFacts.TorchBuild t = env.torch().value();
            String tag = "cu" + t.builtForCuda().toString().replace(".", "");
            Optional<PytorchRelease> rel = Version.find(t.version()).flatMap(v -> matrix.pytorch().stream()
                    .filter(r -> r.covers(v) && r.citation().confirmed()).findFirst());
            Optional<PytorchRelease.Variant> variant = rel.flatMap(r -> r.variant(tag));
            if (variant.isEmpty()) {
                continue;
            }
            for (LinkerFacts.Resolution r : f.linker().resolutions().orElse(List.of())) {
                if (!r.framework().equals("torch") || !env.prefix().equals(r.environment())) {
                    continue;
                }
                for (LinkerFacts.Dependency d : r.dependencies()) {
                    if (d.version() == null) {
                        continue;
                    }
                    if (d.soname().startsWith("libcudnn.so")) {
                        variant.get().cudnn().ifPresent(b -> compare(out, t, env, "cuDNN", d, b, rel.get()));
                    } else if (d.soname().startsWith("libnccl.so")) {
                        variant.get().nccl().ifPresent(b -> compare(out, t, env, "NCCL", d, b, rel.get()));
                    }
                }
            }
        }
        return out;
    }

    private static void compare(List<Finding> out, PythonFacts.TorchBuild t, PythonFacts.PythonEnv env, String lib,
                                LinkerFacts.Dependency d, Version built, PytorchRelease rel) {
        Version loaded = d.version();
        List<String> ev = List.of("torch " + t.version() + " (" + env.prefix() + ") loads " + d.resolvedPath() + " ("
                        + lib + " " + loaded + ", via " + d.via() + ")",
                "torch " + rel.version() + " cu" + t.builtForCuda().toString().replace(".", "") + " is built with " + lib
                        + " " + built + " [" + rel.citation().where() + ", " + rel.citation().url() + "]");
        if (loaded.major() != built.major()) {
            out.add(new Finding(OTHER_MAJOR, Severity.ERROR, "Library resolution",
                    "torch " + t.version() + " loads " + lib + " " + loaded + "; it is built for " + lib + " " + built.major() + ".x",
                    "A library of another major version than the build's cannot serve it: expect symbol errors or "
                            + "failures at the first " + lib + " call.",
                    ev, List.of(Fix.advice("Let torch load the copy its wheels bring (the nvidia-* packages in "
                            + env.prefix() + "): remove other copies' folders from LD_LIBRARY_PATH.", null))));
        } else if (loaded.compareTo(built.prefix(Math.min(3, built.size()))) < 0) {
            out.add(new Finding(OLDER, Severity.WARNING, "Library resolution",
                    "torch " + t.version() + " loads " + lib + " " + loaded + ", older than the " + built + " it is built with",
                    "An older " + lib + " than the build's lacks what the build may call (engines, kernels, APIs): "
                            + "failures show up only on the code paths that need them.",
                    ev, List.of(Fix.advice("Install the " + lib + " wheel torch asks for (pip install torch "
                            + "reinstalls it) and keep older copies off LD_LIBRARY_PATH.", null))));
        }
    }
}
