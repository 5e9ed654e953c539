package dev.gpudoctor.probe.cuda;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.LibraryCopy;
import dev.gpudoctor.fact.section.VersionClaim;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.libs.LibraryScan;
import dev.gpudoctor.probe.packages.InstalledPackage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every source's word on one toolkit's version, side by side. They disagree by design (toolkit
 * 13.0.2 ships nvcc 13.0.88 and cudart 13.0.96), so each claim says what it is the version of.
 */
final class ToolkitClaims {

    static final Duration NVCC_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern HOME_RELEASE = Pattern.compile(".*/cuda-(\\d+)\\.(\\d+)");
    private static final Pattern PACKAGE = Pattern.compile("cuda-(toolkit|libraries|compiler|nvcc|cudart)-(\\d+)-(\\d+)");
    private static final Pattern DIST_INFO = Pattern.compile("nvidia_cuda_(runtime|nvcc)-(\\d+(?:\\.\\d+)+)\\.dist-info");

    private ToolkitClaims() {
    }

    static List<VersionClaim> collect(HostFiles files, CommandRunner commands, String home,
                                      List<InstalledPackage> packages) {
        List<VersionClaim> out = new ArrayList<>();
        Fact<String> json = files.readText(home + "/version.json");
        json.flatMap(CudaVersionFiles::parseJson).get().ifPresent(m -> m.forEach((of, v) ->
                out.add(new VersionClaim(of, v, home + "/version.json", json.evidence()))));
        Fact<Version> txt = files.readText(home + "/version.txt").flatMap(CudaVersionFiles::parseTxt);
        txt.get().ifPresent(v -> out.add(new VersionClaim("toolkit", v, home + "/version.txt", txt.evidence())));
        header(files, home + "/include/cuda.h", "CUDA_VERSION", "cuda.h CUDA_VERSION", out);
        header(files, home + "/include/cuda_runtime_api.h", "CUDART_VERSION", "cuda_runtime_api.h CUDART_VERSION", out);
        cudartFiles(files, home, out);
        distInfo(files, home, out);
        if (files.exists(home + "/bin/nvcc")) {
            var r = commands.run(List.of(home + "/bin/nvcc", "--version"), NVCC_TIMEOUT);
            Fact<Version> nvcc = r.stdoutFact().flatMap(NvccVersion::parse);
            nvcc.get().ifPresent(v -> out.add(new VersionClaim("nvcc", v, r.commandLine(), nvcc.evidence())));
        }
        release(home, out).ifPresent(xy -> {
            for (InstalledPackage p : packages) {
                Matcher m = PACKAGE.matcher(p.name());
                if (m.matches() && (m.group(2) + "." + m.group(3)).equals(xy)) {
                    String of = switch (m.group(1)) {
                        case "nvcc" -> "nvcc";
                        case "cudart" -> "cudart";
                        default -> "toolkit";
                    };
                    p.upstream().ifPresent(v -> out.add(new VersionClaim(of, v, "package " + p.describe(),
                            List.of(p.evidence()))));
                }
            }
        });
        return out;
    }

    /** The toolkit's X.Y, from its directory name or else from its headers, to match packages. */
    private static Optional<String> release(String home, List<VersionClaim> claims) {
        Matcher m = HOME_RELEASE.matcher(home);
        if (m.matches()) {
            return Optional.of(m.group(1) + "." + m.group(2));
        }
        return claims.stream().filter(c -> c.of().equals("cuda.h CUDA_VERSION")).findFirst()
                .map(c -> c.version().prefix(2).toString());
    }

    private static void header(HostFiles files, String path, String macro, String of, List<VersionClaim> out) {
        Fact<Integer> n = files.readText(path).flatMap(t -> HeaderDefines.parse(t).require(macro));
        n.get().ifPresent(v -> out.add(new VersionClaim(of, Version.fromCudaInt(v), path, n.evidence())));
    }

    /** libcudart.so.13.0.96 under lib64 or targets/*&#47;lib: the runtime's own version. */
    private static void cudartFiles(HostFiles files, String home, List<VersionClaim> out) {
        List<LibraryScan.Where> where = new ArrayList<>();
        where.add(new LibraryScan.Where(home + "/lib64", "toolkit lib64"));
        for (DirEntry t : files.list(home + "/targets").orElse(List.of())) {
            where.add(new LibraryScan.Where(home + "/targets/" + t.name() + "/lib", "toolkit targets"));
        }
        Fact<List<LibraryCopy>> copies = LibraryScan.scan(files, where, LibraryScan.versioned("libcudart"), "libcudart", 3);
        for (LibraryCopy c : copies.orElse(List.of())) {
            if (c.version() != null && out.stream().noneMatch(x -> x.of().equals("cudart") && x.version().equals(c.version())
                    && x.source().equals(c.realPath()))) {
                out.add(new VersionClaim("cudart", c.version(), c.realPath(), copies.evidence().stream()
                        .filter(e -> e.where().startsWith(home)).toList()));
            }
        }
    }

    /** A toolkit installed from NVIDIA's wheels (pip-style dist-info in the home) names its parts' versions. */
    private static void distInfo(HostFiles files, String home, List<VersionClaim> out) {
        Fact<List<DirEntry>> listing = files.list(home + "/dist-info");
        for (DirEntry e : listing.orElse(List.of())) {
            Matcher m = DIST_INFO.matcher(e.name());
            if (m.matches()) {
                String of = m.group(1).equals("runtime") ? "cudart" : "nvcc";
                out.add(new VersionClaim(of, Version.of(m.group(2)), home + "/dist-info/" + e.name(), listing.evidence()));
            }
        }
    }

    /**
     * The toolkit release from the strongest claim: version.json's "cuda", then the toolkit
     * meta-packages, then version.txt, then nvcc's release (major.minor only: nvcc's patch
     * number is not the toolkit's).
     */
    static Version strongest(List<VersionClaim> claims) {
        List<String> order = List.of("version.json", "cuda-toolkit-", "cuda-libraries-", "cuda-compiler-", "version.txt");
        for (String key : order) {
            for (VersionClaim c : claims) {
                if (c.of().equals("toolkit") && c.source().contains(key)) {
                    return c.version();
                }
            }
        }
        return claims.stream().filter(c -> c.of().equals("nvcc")).findFirst().map(c -> c.version().prefix(2)).orElse(null);
    }

}
