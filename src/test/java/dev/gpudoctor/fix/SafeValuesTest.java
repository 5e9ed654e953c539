package dev.gpudoctor.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fix.Distribution.Family;
import dev.gpudoctor.matrix.InstallGuide;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that would change what a step does, whether from a caller, a host or an edited matrix, are
 * refused by name before any Fix exists.
 */
class SafeValuesTest {

    static Matrix matrix;

    @BeforeAll
    static void load() throws MatrixException {
        matrix = MatrixLoader.bundled();
    }

    @Test
    void realValuesPass() {
        assertThat(SafeValues.packageName("cuda-toolkit-12-4")).isEqualTo("cuda-toolkit-12-4");
        assertThat(SafeValues.packageName("libnvinfer-vc-plugin10")).isEqualTo("libnvinfer-vc-plugin10");
        assertThat(SafeValues.version("550.54.15")).isEqualTo("550.54.15");
        assertThat(SafeValues.httpsUrl("https://download.pytorch.org/whl/cu124")).isEqualTo("https://download.pytorch.org/whl/cu124");
        assertThat(SafeValues.repoId("ubuntu2204")).isEqualTo("ubuntu2204");
        assertThat(SafeValues.branch(535)).isEqualTo("535");
        assertThat(SafeValues.executable("/opt/venv/bin/python3.11")).isEqualTo("/opt/venv/bin/python3.11");
        assertThat(SafeValues.argument("libnvinfer10=10.3.0.*-1+cuda12.*[0-9]")).isEqualTo("libnvinfer10=10.3.0.*-1+cuda12.*[0-9]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x; rm -rf /", "$(reboot)", "`reboot`", "cuda|sh", "a b", "-rf", "cuda-toolkit\n-12-4", ""})
    void packageNamesWithShellSyntaxAreRefusedByName(String hostile) {
        assertThatThrownBy(() -> SafeValues.packageName(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a package name: '")
                .hasMessageContaining(hostile.replace("\n", "\\u000a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.4 .1", "12 4", "12.4; reboot", "$(reboot)", "12.4.", "v12.4", "12..4"})
    void versionsWithSpacesOrShellSyntaxAreRefused(String hostile) {
        assertThatThrownBy(() -> SafeValues.version(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a version: '" + hostile + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://download.pytorch.org/whl/cu124", "ftp://example.org/x", "https://evil.example@download.pytorch.org/whl",
            "https://download.pytorch.org/whl/cu124 --trusted-host evil.example", "https://download.pytorch.org/whl/cu124?x=$(reboot)",
            "https://download.pytorch.org/whl/../../etc", "https://localhost/x", "//download.pytorch.org/whl/cu124"})
    void urlsThatAreNotPlainHttpsAreRefused(String hostile) {
        assertThatThrownBy(() -> SafeValues.httpsUrl(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hostile);
    }

    @Test
    void otherChecksRefuseShellSyntaxToo() {
        assertThatThrownBy(() -> SafeValues.executable("python3; rm -rf /")).hasMessageContaining("'python3; rm -rf /'");
        assertThatThrownBy(() -> SafeValues.executable("-c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeValues.executable("/opt/venv/../../bin/sh")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeValues.repoId("ubuntu2204 $(reboot)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeValues.word("cu124 --extra-index-url")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeValues.branch(10000)).hasMessage("not a driver branch: 10000");
        assertThatThrownBy(() -> SafeValues.branch(-1)).hasMessage("not a driver branch: -1");
        assertThatThrownBy(() -> SafeValues.argument("nvidia:535;reboot")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeValues.argument("~/x")).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ the hostile value never reaches a Fix

    @Test
    void aHostileInterpreterOrVariantNeverReachesAPipPlan() {
        InstallSteps steps = new InstallSteps(matrix, Distribution.of(OsReleaseHosts.sample(OsReleaseHosts.UBUNTU_2204), matrix));

        assertThatThrownBy(() -> steps.pipTorch("python3; rm -rf /", Version.of("2.5.1"), "cu124"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("python3; rm -rf /");
        assertThatThrownBy(() -> steps.pipTorch("$(reboot)", Version.of("2.5.1"), "cu124"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> steps.pipTorch("python3", Version.of("2.5.1"), "cu124 --index-url http://evil.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://evil.example");
        assertThatThrownBy(() -> steps.containerToolkit("docker; reboot")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evenOnAnUnsupportedHostTheValueIsRefusedRatherThanEchoedInAdvice() {
        InstallSteps alpine = new InstallSteps(matrix, Distribution.of(OsReleaseHosts.sample(OsReleaseHosts.ALPINE_320), matrix));

        assertThatThrownBy(() -> alpine.pipTorch("x; rm -rf /", Version.of("2.5.1"), "cu124"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHostileRepositoryIdNeverReachesAStep() {
        Distribution forged = new Distribution("ubuntu", "22.04", "Ubuntu 22.04", Family.DEBIAN, "ubuntu2204; reboot", null);
        InstallSteps steps = new InstallSteps(matrix, forged);

        assertThatThrownBy(() -> steps.cudaToolkit(Version.of("12.4"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a CUDA repository id: 'ubuntu2204; reboot'");
        assertThatThrownBy(() -> steps.driverBranch(535)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMatrixLoadedWithoutItsSchemaStillCannotRunAnotherProgram() {
        // The bundled matrix is loaded for checks without schema validation; the plan builder checks again.
        InstallGuide g = matrix.install();
        InstallGuide.DriverMethod real = g.driver("ubuntu-drivers").orElseThrow();
        InstallGuide.DriverMethod shell = new InstallGuide.DriverMethod(real.method(), real.family(), Optional.empty(),
                Optional.empty(), false, List.of(List.of("sh", "-c", "reboot")), real.citation());
        Matrix edited = withInstall(new InstallGuide(g.distributions(), g.repositories(), replace(g.drivers(), real, shell),
                g.components(), g.guides()));
        InstallSteps steps = new InstallSteps(edited, Distribution.of(OsReleaseHosts.sample(OsReleaseHosts.UBUNTU_2204), edited));

        assertThatThrownBy(() -> steps.driverBranch(550)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[sh, -c, reboot] does not start with a program gpu-doctor runs");
    }

    @Test
    void aMatrixPackageNameWithShellSyntaxIsRefused() {
        InstallGuide g = matrix.install();
        InstallGuide.Component real = g.component("cudnn", "debian", Optional.of(9)).orElseThrow();
        InstallGuide.Component bad = new InstallGuide.Component(real.component(), real.family(), real.major(),
                List.of("cudnn9-cuda-{cudaMajor};reboot"), real.versionPattern(), real.configure(), real.citation());
        Matrix edited = withInstall(new InstallGuide(g.distributions(), g.repositories(), g.drivers(),
                replace(g.components(), real, bad), g.guides()));
        InstallSteps steps = new InstallSteps(edited, Distribution.of(OsReleaseHosts.sample(OsReleaseHosts.UBUNTU_2204), edited));

        assertThatThrownBy(() -> steps.cudnn(9, 12)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cudnn9-cuda-12;reboot");
    }

    private static <T> List<T> replace(List<T> list, T old, T with) {
        List<T> out = new ArrayList<>(list);
        out.set(out.indexOf(old), with);
        return List.copyOf(out);
    }

    private static Matrix withInstall(InstallGuide g) {
        Matrix m = matrix;
        return new Matrix(m.info(), m.cudaToolkits(), m.minorVersionCompatibility(), m.architectures(), m.driverBranches(),
                m.lastBranchPerArchitecture(), m.forwardCompat(), m.gpus(), m.cudnn(), m.tensorrt(), m.pytorch(),
                m.tensorflow(), m.jax(), m.onnxruntime(), m.ngc(), m.knownBad(), g);
    }
}
