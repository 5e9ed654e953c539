package dev.gpudoctor.fix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Fix.Risk;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact argv of every install plan on the two families' reference hosts, and advice where there are no steps. */
class InstallStepsTest {

    static Matrix matrix;

    static final String CUDA_REPOS = "https://developer.download.nvidia.com/compute/cuda/repos/";
    static final String KEYRING = "/var/cache/apt/archives/cuda-keyring_1.1-1_all.deb";

    @BeforeAll
    static void load() throws MatrixException {
        matrix = MatrixLoader.bundled();
    }

    static InstallSteps on(String osReleaseResource) {
        return new InstallSteps(matrix, Distribution.of(OsReleaseHosts.sample(osReleaseResource), matrix));
    }

    static List<List<String>> plus(List<List<String>> first, List<List<String>> then) {
        List<List<String>> out = new ArrayList<>(first);
        out.addAll(then);
        return out;
    }

    /** Ubuntu 22.04.4, as in the fixture host whose torch wheel needs a newer driver than its 535. */
    @Nested
    class Ubuntu2204 {

        final InstallSteps steps = on(OsReleaseHosts.UBUNTU_2204);

        final List<List<String>> repo = List.of(
                List.of("wget", "-O", KEYRING, CUDA_REPOS + "ubuntu2204/x86_64/cuda-keyring_1.1-1_all.deb"),
                List.of("dpkg", "-i", KEYRING),
                List.of("apt-get", "update"));

        @Test
        void driverBranch550UsesUbuntusOwnPackages() {
            Fix f = steps.driverBranch(550);

            assertThat(f.steps()).containsExactly(List.of("ubuntu-drivers", "install", "nvidia:550"));
            assertThat(f.needsRoot()).isTrue();
            assertThat(f.needsReboot()).isTrue();
            assertThat(f.risk()).isEqualTo(Risk.CHANGES_KERNEL);
            assertThat(f.documentation()).isEqualTo("https://documentation.ubuntu.com/server/how-to/graphics/install-nvidia-drivers/");
            assertThat(f.summary()).isEqualTo("Install NVIDIA driver branch 550 on Ubuntu 22.04.4 LTS"
                    + " (ubuntu-drivers install nvidia:550), then reboot");
        }

        @Test
        void driverBranch550CanAlsoComeFromNvidiasRepository() {
            List<Fix> options = steps.driverBranchOptions(550);

            assertThat(options).hasSize(2);
            assertThat(options.get(1).steps()).isEqualTo(plus(repo, List.of(List.of("apt-get", "install", "-y", "cuda-drivers-550"))));
            assertThat(options.get(1).risk()).isEqualTo(Risk.CHANGES_KERNEL);
            assertThat(options.get(1).needsReboot()).isTrue();
        }

        @Test
        void driverBranch590HasOnlyUbuntusPackagesSinceNvidiaDroppedTheBranchNames() {
            assertThat(steps.driverBranchOptions(590)).extracting(Fix::steps)
                    .containsExactly(List.of(List.of("ubuntu-drivers", "install", "nvidia:590")));
        }

        @Test
        void cudaToolkit124() {
            Fix f = steps.cudaToolkit(Version.of("12.4"));

            assertThat(f.steps()).isEqualTo(plus(repo, List.of(List.of("apt-get", "install", "-y", "cuda-toolkit-12-4"))));
            assertThat(f.needsRoot()).isTrue();
            assertThat(f.needsReboot()).isFalse();
            assertThat(f.risk()).isEqualTo(Risk.CHANGES_PACKAGES);
            assertThat(f.documentation()).isEqualTo("https://docs.nvidia.com/cuda/cuda-installation-guide-linux/index.html");
        }

        @Test
        void cudaToolkit1241SaysTheSeriesPackageMayBeNewer() {
            Fix f = steps.cudaToolkit(Version.of("12.4.1"));

            assertThat(f.steps()).last().isEqualTo(List.of("apt-get", "install", "-y", "cuda-toolkit-12-4"));
            assertThat(f.summary()).contains("the newest 12.4 update, which may be newer than 12.4.1");
        }

        @Test
        void cudnn9ForCuda12() {
            Fix f = steps.cudnn(9, 12);

            assertThat(f.steps()).isEqualTo(plus(repo, List.of(List.of("apt-get", "install", "-y", "cudnn9-cuda-12"))));
            assertThat(f.risk()).isEqualTo(Risk.CHANGES_PACKAGES);
            assertThat(f.documentation()).isEqualTo("https://docs.nvidia.com/deeplearning/cudnn/installation/latest/linux.html");
        }

        @Test
        void tensorrt1030ForCuda12PinsEveryPackageToThatReleaseAndCudaMajor() {
            Fix f = steps.tensorrt(Version.of("10.3.0"), 12);

            String pin = "=10.3.0.*-1+cuda12.*[0-9]";
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y"));
            for (String p : List.of("libnvinfer-dev", "libnvinfer-dispatch-dev", "libnvinfer-dispatch10",
                    "libnvinfer-headers-dev", "libnvinfer-headers-plugin-dev", "libnvinfer-lean-dev", "libnvinfer-lean10",
                    "libnvinfer-plugin-dev", "libnvinfer-plugin10", "libnvinfer-vc-plugin-dev", "libnvinfer-vc-plugin10",
                    "libnvinfer10", "libnvonnxparsers-dev", "libnvonnxparsers10", "tensorrt-dev")) {
                install.add(p + pin);
            }
            assertThat(f.steps()).isEqualTo(plus(repo, List.of(install)));
            assertThat(f.summary()).contains("15 packages, each pinned to 10.3.0.*-1+cuda12.*[0-9]");
            assertThat(f.documentation()).isEqualTo("https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html");
        }

        @Test
        void containerToolkitForDocker() {
            Fix f = steps.containerToolkit();

            assertThat(f.steps()).isEqualTo(plus(repo, List.of(
                    List.of("apt-get", "install", "-y", "nvidia-container-toolkit"),
                    List.of("nvidia-ctk", "runtime", "configure", "--runtime=docker"),
                    List.of("systemctl", "restart", "docker"))));
            assertThat(f.needsRoot()).isTrue();
            assertThat(f.needsReboot()).isFalse();
            assertThat(f.documentation()).isEqualTo("https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html");
        }

        @Test
        void containerToolkitForContainerd() {
            assertThat(steps.containerToolkit("containerd").steps()).endsWith(
                    List.of("nvidia-ctk", "runtime", "configure", "--runtime=containerd"),
                    List.of("systemctl", "restart", "containerd"));
        }

        @Test
        void pipTorch251Cu124IntoAVirtualEnvironment() {
            Fix f = steps.pipTorch("/opt/venv/bin/python", Version.of("2.5.1"), "cu124");

            assertThat(f.steps()).containsExactly(List.of("/opt/venv/bin/python", "-m", "pip", "install", "torch==2.5.1",
                    "--index-url", "https://download.pytorch.org/whl/cu124"));
            assertThat(f.needsRoot()).isFalse();
            assertThat(f.needsReboot()).isFalse();
            assertThat(f.risk()).isEqualTo(Risk.CHANGES_PACKAGES);
        }

        @Test
        void pipTorch1131UsesTheExtraIndexFlagItsReleaseWasPublishedWith() {
            // The previous-versions page installs 1.13 with --extra-index-url (its wheels' dependencies come from PyPI).
            Fix f = steps.pipTorch("python3", Version.of("1.13.1"), "cu117");

            assertThat(f.steps()).containsExactly(List.of("python3", "-m", "pip", "install", "torch==1.13.1",
                    "--extra-index-url", "https://download.pytorch.org/whl/cu117"));
        }
    }

    /** Rocky Linux 9.6, which installs from NVIDIA's rhel9 repository. */
    @Nested
    class Rocky9 {

        final InstallSteps steps = new InstallSteps(matrix,
                Distribution.of(OsReleaseHosts.text(OsReleaseHosts.ROCKY_96_HEAD), matrix));

        final List<List<String>> repo = List.of(
                List.of("dnf", "config-manager", "--add-repo", CUDA_REPOS + "rhel9/x86_64/cuda-rhel9.repo"),
                List.of("dnf", "clean", "expire-cache"));

        @Test
        void driverBranch535IsTheProprietaryDkmsStream() {
            Fix f = steps.driverBranch(535);

            assertThat(f.steps()).isEqualTo(plus(repo, List.of(List.of("dnf", "module", "install", "-y", "nvidia-driver:535-dkms"))));
            assertThat(f.needsRoot()).isTrue();
            assertThat(f.needsReboot()).isTrue();
            assertThat(f.risk()).isEqualTo(Risk.CHANGES_KERNEL);
            assertThat(f.documentation()).isEqualTo("https://github.com/NVIDIA/yum-packaging-dkms-nvidia");
        }

        @Test
        void driverBranch565IsTheOpenStream() {
            assertThat(steps.driverBranch(565).steps())
                    .isEqualTo(plus(repo, List.of(List.of("dnf", "module", "install", "-y", "nvidia-driver:565-open"))));
        }

        @Test
        void driverBranch580EnablesTheOpenStreamAndInstallsNvidiaOpen() {
            Fix f = steps.driverBranch(580);

            assertThat(f.steps()).isEqualTo(plus(repo, List.of(
                    List.of("dnf", "module", "enable", "-y", "nvidia-driver:580-open"),
                    List.of("dnf", "install", "-y", "nvidia-open"))));
            assertThat(f.documentation()).isEqualTo("https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/620/kernel-modules.html");
        }

        @Test
        void cudaToolkit124() {
            assertThat(steps.cudaToolkit(Version.of("12.4")).steps())
                    .isEqualTo(plus(repo, List.of(List.of("dnf", "install", "-y", "cuda-toolkit-12-4"))));
        }

        @Test
        void cudnn9ForCuda12() {
            assertThat(steps.cudnn(9, 12).steps())
                    .isEqualTo(plus(repo, List.of(List.of("dnf", "install", "-y", "cudnn9-cuda-12"))));
        }

        @Test
        void tensorrtHasNoRpmPackageListSoItIsAdvice() {
            Fix f = steps.tensorrt(Version.of("10.3.0"), 12);

            assertThat(f.steps()).isEmpty();
            assertThat(f.needsRoot()).isFalse();
            assertThat(f.summary()).isEqualTo("install.yaml has no rhel package names for TensorRT 10: install TensorRT"
                    + " 10.3.0 for CUDA 12 as the linked guide describes");
            assertThat(f.documentation()).isEqualTo("https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html");
        }

        @Test
        void containerToolkitForDocker() {
            assertThat(steps.containerToolkit().steps()).isEqualTo(plus(repo, List.of(
                    List.of("dnf", "install", "-y", "nvidia-container-toolkit"),
                    List.of("nvidia-ctk", "runtime", "configure", "--runtime=docker"),
                    List.of("systemctl", "restart", "docker"))));
        }

        @Test
        void pipTorch251Cu124() {
            assertThat(steps.pipTorch("python3.11", Version.of("2.5.1"), "cu124").steps()).containsExactly(List.of(
                    "python3.11", "-m", "pip", "install", "torch==2.5.1", "--index-url", "https://download.pytorch.org/whl/cu124"));
        }
    }

    /** Alpine 3.20 (a musl distribution): every plan is advice with the component's guide, never a command. */
    @Nested
    class Alpine320 {

        final InstallSteps steps = on(OsReleaseHosts.ALPINE_320);

        @Test
        void everyMethodIsAdviceNamingWhy() {
            List<Fix> all = List.of(steps.driverBranch(550), steps.cudaToolkit(Version.of("12.4")), steps.cudnn(9, 12),
                    steps.tensorrt(Version.of("10.3.0"), 12), steps.containerToolkit(),
                    steps.pipTorch("python3", Version.of("2.5.1"), "cu124"));
            for (Fix f : all) {
                assertThat(f.steps()).as(f.summary()).isEmpty();
                assertThat(f.needsRoot()).isFalse();
                assertThat(f.risk()).isEqualTo(Risk.SAFE);
                assertThat(f.summary()).startsWith("Alpine Linux v3.20 is not a distribution gpu-doctor has install steps for: ");
            }
            assertThat(all).extracting(Fix::documentation).containsExactly(
                    "https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/index.html",
                    "https://docs.nvidia.com/cuda/cuda-installation-guide-linux/index.html",
                    "https://docs.nvidia.com/deeplearning/cudnn/installation/latest/linux.html",
                    "https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html",
                    "https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html",
                    "https://pytorch.org/get-started/locally/");
            assertThat(all.get(0).summary()).endsWith(": install NVIDIA driver branch 550 as the linked guide describes");
        }
    }

    /** Versions and combinations the matrix does not know give advice that says so, not a guessed package. */
    @Nested
    class NotInTheMatrix {

        final InstallSteps ubuntu = on(OsReleaseHosts.UBUNTU_2204);

        @Test
        void cudaToolkit1299() {
            Fix f = ubuntu.cudaToolkit(Version.of("12.99"));

            assertThat(f.steps()).isEmpty();
            assertThat(f.summary()).isEqualTo("CUDA Toolkit 12.99 is not in the compatibility matrix (cuda-toolkit.yaml),"
                    + " so gpu-doctor has no install steps for it");
            assertThat(f.documentation()).isEqualTo("https://docs.nvidia.com/cuda/cuda-installation-guide-linux/index.html");
        }

        @Test
        void driverBranch999() {
            assertThat(ubuntu.driverBranch(999)).isEqualTo(Fix.advice("Driver branch 999 is not in the compatibility"
                    + " matrix (driver-branches.yaml), so gpu-doctor has no install steps for it",
                    "https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/index.html"));
        }

        @Test
        void driverBranch590OnDebian12HasNoBranchLockedPackage() {
            Fix f = on(OsReleaseHosts.DEBIAN_12).driverBranch(590);

            assertThat(f.steps()).isEmpty();
            assertThat(f.summary()).isEqualTo("install.yaml has no steps for driver branch 590 on Debian GNU/Linux 12"
                    + " (bookworm): install NVIDIA driver branch 590 as NVIDIA's driver installation guide describes");
        }

        @Test
        void cudnnWithoutABuildForThatCuda() {
            assertThat(ubuntu.cudnn(9, 14).summary()).isEqualTo("The compatibility matrix has no cuDNN 9 build for CUDA 14"
                    + " (cudnn.yaml), so gpu-doctor has no install steps for it");
            assertThat(ubuntu.cudnn(4, 12).summary()).startsWith("cuDNN 4 is not in the compatibility matrix");
        }

        @Test
        void cudnn8HasBuildsButNoPackageNamesInInstallYaml() {
            Fix f = ubuntu.cudnn(8, 12);

            assertThat(f.steps()).isEmpty();
            assertThat(f.summary()).startsWith("install.yaml has no debian package names for cuDNN 8: ");
        }

        @Test
        void tensorrtForACudaItsSupportMatrixDoesNotList() {
            // TensorRT 10.1.0's x86-64 column lists CUDA 12.0 to 12.4 only.
            Fix f = ubuntu.tensorrt(Version.of("10.1.0"), 11);

            assertThat(f.steps()).isEmpty();
            assertThat(f.summary()).startsWith("TensorRT 10.1.0 is for CUDA 12.4 update 1, 12.3 update 2,").endsWith(
                    "not CUDA 11: gpu-doctor has no install steps for that combination");
            assertThat(ubuntu.tensorrt(Version.of("10.99"), 12).summary()).startsWith("TensorRT 10.99 is not in the compatibility matrix");
        }

        @Test
        void torchBuildsTheMatrixDoesNotList() {
            assertThat(ubuntu.pipTorch("python3", Version.of("2.5.1"), "cu130").summary()).isEqualTo(
                    "PyTorch 2.5 has no cu130 build in the compatibility matrix (pytorch.yaml lists cu118, cu121, cu124),"
                            + " so gpu-doctor has no install steps for it");
            assertThat(ubuntu.pipTorch("python3", Version.of("0.4.1"), "cu92").summary())
                    .startsWith("PyTorch 0.4.1 is not in the compatibility matrix");
        }

        @Test
        void aContainerRuntimeWithoutConfigureSteps() {
            assertThat(ubuntu.containerToolkit("podman").summary()).isEqualTo("install.yaml has no steps to configure"
                    + " podman for the NVIDIA Container Toolkit (it has docker, containerd, crio): install the NVIDIA"
                    + " Container Toolkit for podman as its installation guide describes");
        }
    }

    /** Every argument of every plan on every supported reference host is one plain word: nothing a shell would split. */
    @ParameterizedTest
    @ValueSource(strings = {OsReleaseHosts.UBUNTU_2004, OsReleaseHosts.UBUNTU_2204, OsReleaseHosts.UBUNTU_2404,
            OsReleaseHosts.DEBIAN_12, OsReleaseHosts.RHEL_94, OsReleaseHosts.ROCKY_810})
    void everyArgumentOfEveryPlanIsPlain(String host) {
        InstallSteps s = on(host);
        List<Function<InstallSteps, List<Fix>>> plans = List.of(x -> x.driverBranchOptions(535),
                x -> x.driverBranchOptions(565), x -> x.driverBranchOptions(580), x -> List.of(x.cudaToolkit(Version.of("12.4"))),
                x -> List.of(x.cudnn(9, 12)), x -> List.of(x.tensorrt(Version.of("10.3"), 12)),
                x -> List.of(x.containerToolkit()), x -> List.of(x.pipTorch("python3", Version.of("2.4.1"), "cu121")));
        int commands = 0;
        for (Function<InstallSteps, List<Fix>> plan : plans) {
            for (Fix f : plan.apply(s)) {
                commands += f.steps().size();
                f.steps().forEach(step -> step.forEach(a -> assertThat(a).matches("[A-Za-z0-9._:=/+,@%*\\[\\]-]+")));
            }
        }
        // Only TensorRT on the RHEL family is advice; everything else has commands to check.
        assertThat(commands).isGreaterThan(20);
    }
}
