package dev.gpudoctor.probe.linker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.testing.ElfFixtures;
import dev.gpudoctor.testing.FakeHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicLinkerTest {

    static final String SITE = "/opt/torch/.venv/lib/python3.12/site-packages";

    @TempDir
    Path tmp;

    FakeHost host;

    @BeforeEach
    void hostWithTwoCudnnCopies() {
        // The H200 shape: system cuDNN 9.14.0 from apt in the ld cache, the wheel's 9.19 next to torch.
        host = new FakeHost(tmp.resolve("root"))
                .file("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0", "")
                .link("/usr/lib/x86_64-linux-gnu/libcudnn.so.9", "libcudnn.so.9.14.0")
                .link("/lib", "usr/lib")
                .file(SITE + "/nvidia/cudnn/lib/libcudnn.so.9", "")
                .file(SITE + "/torch/lib/libtorch_cuda.so", "");
    }

    private static List<LdCache.Entry> cache() {
        return List.of(new LdCache.Entry("libcudnn.so.9", "/lib/x86_64-linux-gnu/libcudnn.so.9", "libc6,x86-64"));
    }

    /** torch's RPATH wins over the ld cache: it loads the wheel's cuDNN, the system copy is passed over. */
    @Test
    void rpathOfTorchWinsOverTheCache() {
        ElfDynamic torch = new ElfDynamic(List.of("libcudnn.so.9"), "libtorch_cuda.so",
                List.of("$ORIGIN/../../nvidia/cudnn/lib", "$ORIGIN"), List.of());
        DynamicLinker ld = new DynamicLinker(host.files(), List.of("/usr/local/nvidia/lib64"), cache());
        DynamicLinker.Hit hit = ld.resolve("libcudnn.so.9", SITE + "/torch/lib/libtorch_cuda.so", torch);
        assertThat(hit.via()).isEqualTo("rpath");
        assertThat(hit.realPath()).isEqualTo(SITE + "/nvidia/cudnn/lib/libcudnn.so.9");
        assertThat(hit.shadowed()).containsExactly("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0");
    }

    /** With RUNPATH instead of RPATH, an LD_LIBRARY_PATH entry shadows the framework's own wheel copy. */
    @Test
    void ldLibraryPathShadowsRunpath() {
        host.file("/usr/local/cudnn-old/lib/libcudnn.so.9", "");
        ElfDynamic tf = new ElfDynamic(List.of("libcudnn.so.9"), null, List.of(), List.of("$ORIGIN/../../nvidia/cudnn/lib"));
        DynamicLinker ld = new DynamicLinker(host.files(), List.of("/usr/local/cudnn-old/lib"), cache());
        DynamicLinker.Hit hit = ld.resolve("libcudnn.so.9", SITE + "/torch/lib/libtorch_cuda.so", tf);
        assertThat(hit.via()).isEqualTo("ld_library_path");
        assertThat(hit.realPath()).isEqualTo("/usr/local/cudnn-old/lib/libcudnn.so.9");
        assertThat(hit.shadowed()).contains(SITE + "/nvidia/cudnn/lib/libcudnn.so.9",
                "/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0");
    }

    @Test
    void cacheThenDefaultDirsThenNotFound() {
        DynamicLinker ld = new DynamicLinker(host.files(), List.of(), cache());
        assertThat(ld.resolve("libcudnn.so.9", "/usr/bin/app", new ElfDynamic(List.of(), null, List.of(), List.of())).via())
                .isEqualTo("ld.so.cache");
        DynamicLinker noCache = new DynamicLinker(host.files(), List.of(), List.of());
        assertThat(noCache.resolve("libcudnn.so.9", "/usr/bin/app", null).via()).isEqualTo("default-dirs");
        assertThat(noCache.resolve("libcudnn.so.8", "/usr/bin/app", null).via()).isEqualTo("not-found");
    }

    /** The whole path from real gcc-built ELF files on disk through the host port, as the probe reads them. */
    @Test
    void resolvesFromRealElfFilesThroughTheHostPort() throws Exception {
        Path root = host.root();
        Path wheelCudnn = ElfFixtures.sharedObject(root.resolve(SITE.substring(1) + "/nvidia/cudnn/lib/libcudnn.so.9"),
                "libcudnn.so.9", List.of(), "$ORIGIN", true);
        ElfFixtures.sharedObject(root.resolve(SITE.substring(1) + "/torch/lib/libtorch_cuda.so"), "libtorch_cuda.so",
                List.of(wheelCudnn), "$ORIGIN/../../nvidia/cudnn/lib:$ORIGIN", false);
        ElfDynamic torch = host.files().elf(SITE + "/torch/lib/libtorch_cuda.so").value();
        assertThat(torch.needed()).containsExactly("libcudnn.so.9");
        DynamicLinker.Hit hit = new DynamicLinker(host.files(), List.of(), cache())
                .resolve("libcudnn.so.9", SITE + "/torch/lib/libtorch_cuda.so", torch);
        assertThat(hit.realPath()).isEqualTo(SITE + "/nvidia/cudnn/lib/libcudnn.so.9");
    }

    @Test
    void versionFromFileNameOrFromTheWheelThatOwnsTheFolder() {
        Map<String, Version> pkgs = Map.of("nvidia-cudnn-cu13", Version.of("9.19.0.56"),
                "nvidia-cuda-runtime", Version.of("13.0.96"), "nvidia-cublas", Version.of("13.1.0.3"));
        assertThat(CopyVersion.of("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0", null, null))
                .hasValueSatisfying(f -> assertThat(f.version()).hasToString("9.14.0"));
        assertThat(CopyVersion.of(SITE + "/nvidia/cudnn/lib/libcudnn.so.9", SITE, pkgs))
                .hasValueSatisfying(f -> assertThat(f.source()).isEqualTo("wheel nvidia-cudnn-cu13 9.19.0.56"));
        assertThat(CopyVersion.of(SITE + "/nvidia/cu13/lib/libcudart.so.13", SITE, pkgs))
                .hasValueSatisfying(f -> assertThat(f.version()).hasToString("13.0.96"));
        assertThat(CopyVersion.of(SITE + "/nvidia/cu13/lib/libcublasLt.so.13", SITE, pkgs))
                .hasValueSatisfying(f -> assertThat(f.version()).hasToString("13.1.0.3"));
        assertThat(CopyVersion.of("/usr/lib/libcudnn.so.9", SITE, pkgs)).isEmpty();
    }
}
