package dev.gpudoctor.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.matrix.KnownBad;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * known-bad.yaml entries matched against hosts: the V100 fixture host with torch 2.11.0+cu130, and the
 * real H200 facts (torch 2.11.0+cu130, jax-cuda13-plugin 0.11.2, driver 580.159.04) with the one fact
 * changed that makes each case, through JSON as a saved report would be.
 */
class KnownBadRuleTest {

    static final String ENV = "/python/environments/value/0";

    static Matrix matrix;

    @TempDir
    Path tmp;

    JsonNode h200;

    @BeforeAll
    static void load() throws Exception {
        matrix = MatrixLoader.bundled();
    }

    @BeforeEach
    void readH200() throws Exception {
        h200 = Json.mapper().readTree(Json.write(facts("h200-torch-container")));
    }

    private HostFacts facts(String fixture) throws Exception {
        return Examination.of(BundleHost.open(Fixtures.bundle(fixture), tmp), List.of(), Duration.ofSeconds(30)).facts();
    }

    private List<Finding> findingsAfter(Matrix m, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode facts = h200.deepCopy();
        edit.accept(facts);
        return new KnownBadRule(m).check(Json.mapper().treeToValue(facts, HostFacts.class));
    }

    /** The ids of the entries raised, from their titles. */
    private List<String> entriesAfter(Consumer<ObjectNode> edit) throws Exception {
        return findingsAfter(matrix, edit).stream().map(f -> f.title().split(" ")[2]).toList();
    }

    /**
     * The torch entries raised. The H200's venv also holds jax-cuda13-plugin, so on a pre-Turing GPU
     * jax's entry holds as well; {@link #jaxCuda13OnAnOldDriverOrAPreTuringGpu} is about that one.
     */
    private List<String> torchEntriesAfter(Consumer<ObjectNode> edit) throws Exception {
        return entriesAfter(edit).stream().filter(id -> id.startsWith("pytorch-")).toList();
    }

    private static Consumer<ObjectNode> gpu(String smiName) {
        return f -> ((ObjectNode) f.at("/driver/smi/value/gpus/0")).put("name", smiName);
    }

    private static Consumer<ObjectNode> torch(String version, String builtForCuda) {
        return f -> ((ObjectNode) f.at(ENV + "/torch/value")).put("version", version).put("builtForCuda", builtForCuda);
    }

    private static Consumer<ObjectNode> driver(String version) {
        return f -> {
            ((ObjectNode) f.at("/driver/smi/value")).put("driverVersion", version);
            ((ObjectNode) f.at("/kernel/module/value")).put("version", version);
        };
    }

    private static Consumer<ObjectNode> tensorflow(String version) {
        return f -> ((ObjectNode) f.at(ENV)).set("tensorflow", Json.mapper().valueToTree(Fact.found(
                new PythonFacts.TensorflowBuild(version, true, "12.3", "8"))));
    }

    /**
     * The V100 host of the fixtures: RELEASE.md builds the CUDA 13 wheels for Turing and newer only, so
     * torch 2.11.0+cu130 on compute capability 7.0 is pytorch-cu13-builds-need-turing, an error with
     * the entry's own problem, fix and source, and the facts it matched with where they were read.
     */
    @Test
    void cu13TorchOnAVoltaIsRaisedWithTheEntrysProblemFixAndSource() throws Exception {
        KnownBad entry = matrix.knownBad("pytorch-cu13-builds-need-turing").orElseThrow();
        List<Finding> out = new KnownBadRule(matrix).check(facts("volta-v100-cuda13-stack"));
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("matrix.known-bad");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.area()).isEqualTo("Python");
            assertThat(f.title()).isEqualTo("Known-bad combination pytorch-cu13-builds-need-turing holds on this host");
            assertThat(f.explanation()).isEqualTo(entry.problem());
            assertThat(f.evidence()).containsExactly(
                    "Tesla V100-SXM2-16GB: compute capability 7.0 [" + matrix.gpu("NVIDIA V100").orElseThrow().citation().where() + "]",
                    "torch 2.11.0+cu130, built for CUDA 13.0 in /opt/venv (venv)  [file /opt/venv/lib/python3.12/site-packages/torch/version.py]",
                    "pytorch-cu13-builds-need-turing: torch>=2.9, torch variant cu130|cu132, compute capability<7.5 ["
                            + entry.citation().where() + "]");
            assertThat(f.evidence().get(2)).contains("https://github.com/pytorch/pytorch/blob/main/RELEASE.md");
            assertThat(f.fixes()).singleElement().satisfies(x -> {
                assertThat(x.summary()).isEqualTo(entry.fix());
                assertThat(x.documentation()).isEqualTo(entry.citation().url());
                assertThat(x.steps()).isEmpty();
            });
        });
    }

    /** The healthy H200 (9.0, driver 580, torch cu130, jax-cuda13-plugin) is none of the combinations. */
    @Test
    void theHealthyH200MatchesNoEntry() throws Exception {
        assertThat(new KnownBadRule(matrix).check(facts("h200-torch-container"))).isEmpty();
        assertThat(entriesAfter(f -> { })).isEmpty();
    }

    /**
     * The 2.8 release notes: the cu128/cu129 wheels drop Pascal, so a GTX 1080 (6.1) with 2.8.0+cu128 is
     * raised; 2.7.1+cu128 on it is the 2.7 entry instead, and 2.8.0+cu126 (the advised build) is nothing.
     */
    @Test
    void pascalWithTheCuda128Wheels() throws Exception {
        Consumer<ObjectNode> gtx1080 = gpu("NVIDIA GeForce GTX 1080");
        assertThat(torchEntriesAfter(gtx1080.andThen(torch("2.8.0+cu128", "12.8"))))
                .containsExactly("pytorch-2-8-cu128-cu129-no-maxwell-pascal");
        assertThat(torchEntriesAfter(gtx1080.andThen(torch("2.7.1+cu128", "12.8"))))
                .containsExactly("pytorch-2-7-cu128-no-volta-maxwell-pascal");
        assertThat(torchEntriesAfter(gtx1080.andThen(torch("2.8.0+cu126", "12.6")))).isEmpty();
        assertThat(torchEntriesAfter(gtx1080.andThen(torch("2.8.0+cpu", null)))).as("a CPU build has no CUDA variant").isEmpty();
    }

    /**
     * PR #175253: from 2.11 the cu128 wheels leave Volta out; RELEASE.md still lists Volta for 12.8 in
     * 2.10, so 2.10.0+cu128 on a V100 is fine, and an A100 (8.0) is fine with either.
     */
    @Test
    void voltaWithTheCuda128WheelsFrom211() throws Exception {
        Consumer<ObjectNode> v100 = gpu("Tesla V100-SXM2-16GB");
        assertThat(torchEntriesAfter(v100.andThen(torch("2.11.0+cu128", "12.8")))).containsExactly("pytorch-2-11-cu128-no-volta");
        assertThat(torchEntriesAfter(v100.andThen(torch("2.10.0+cu128", "12.8")))).isEmpty();
        assertThat(torchEntriesAfter(gpu("NVIDIA A100-SXM4-80GB").andThen(torch("2.11.0+cu128", "12.8")))).isEmpty();
    }

    /**
     * JAX's install docs: the CUDA 13 wheels need driver >= 580 or SM >= 7.5. The H200's venv has
     * jax-cuda13-plugin 0.11.2: on an R575 driver the first alternative holds (a warning, since the
     * fix's forward-compat packages can lift the driver's CUDA); on the V100 the second.
     */
    @Test
    void jaxCuda13OnAnOldDriverOrAPreTuringGpu() throws Exception {
        assertThat(findingsAfter(matrix, driver("575.57.08"))).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("jax-cuda13-old-driver-or-pre-turing");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence()).contains("running driver 575.57.08",
                    "jax-cuda13-plugin 0.11.2 in /opt/torch/.venv (venv)");
            assertThat(f.evidence().get(f.evidence().size() - 1)).contains("jax-cuda13-plugin>=0, driver<580 [")
                    .doesNotContain("compute capability");
        });
        assertThat(entriesAfter(gpu("Tesla V100-SXM2-16GB"))).containsExactlyInAnyOrder(
                "jax-cuda13-old-driver-or-pre-turing", "pytorch-cu13-builds-need-turing");
        assertThat(entriesAfter(driver("575.57.08").andThen(f -> ((ObjectNode) f.at(ENV + "/packages")).remove(
                List.of("jax-cuda13-plugin"))))).as("without the plugin, jax[cuda13] is not installed").isEmpty();
    }

    /**
     * tensorflow#63362: 2.16.1 installed by pip does not see the GPU. A venv holds what pip installed;
     * a conda environment may hold conda's build, which the issue is not about, and 2.15.1 works.
     */
    @Test
    void tensorflow2161InstalledByPip() throws Exception {
        assertThat(findingsAfter(matrix, tensorflow("2.16.1"))).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("tensorflow-2-16-1-gpu-not-detected-pip");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence().get(0)).isEqualTo("tensorflow 2.16.1 in /opt/torch/.venv (venv)");
        });
        assertThat(entriesAfter(tensorflow("2.16.1").andThen(f -> ((ObjectNode) f.at(ENV)).put("kind", "conda")))).isEmpty();
        assertThat(entriesAfter(tensorflow("2.15.1"))).isEmpty();
    }

    /**
     * No guessing: a GTX 1050 Ti is in gpus.yaml only as unconfirmed (6.1 inferred), nvidia-smi may
     * fail, torch's version.py may be unreadable; each leaves the V100 + cu130 case unknown, not raised.
     */
    @Test
    void aConditionOnAnUnknownFactDoesNotHold() throws Exception {
        assertThat(entriesAfter(gpu("NVIDIA GeForce GTX 1050 Ti").andThen(torch("2.8.0+cu128", "12.8")))).isEmpty();
        assertThat(entriesAfter(gpu("Some Future GPU").andThen(torch("2.8.0+cu128", "12.8")))).isEmpty();
        Consumer<ObjectNode> v100 = gpu("Tesla V100-SXM2-16GB");
        assertThat(entriesAfter(v100.andThen(f -> ((ObjectNode) f.at("/driver")).set("smi",
                Json.mapper().valueToTree(Fact.failed("exited 9: NVIDIA-SMI has failed")))))).isEmpty();
        assertThat(entriesAfter(v100.andThen(f -> ((ObjectNode) f.at(ENV)).set("torch",
                Json.mapper().valueToTree(Fact.failed("no __version__ in torch/version.py"))))))
                .containsExactly("jax-cuda13-old-driver-or-pre-turing");
        assertThat(entriesAfter(v100.andThen(f -> ((ObjectNode) f.at(ENV + "/torch/value")).remove("builtForCuda"))))
                .containsExactly("jax-cuda13-old-driver-or-pre-turing");
    }

    /** An entry kept for information only (confirmed: false) is never an error, as for every matrix rule. */
    @Test
    void anUnconfirmedEntryIsAWarningOnly() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("matrix"));
        try (Stream<Path> files = Files.list(Path.of("compat-matrix"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path knownBad = dir.resolve("known-bad.yaml");
        String marker = "    source: https://github.com/pytorch/pytorch/blob/main/RELEASE.md#pytorch-cuda-support-matrix\n";
        assertThat(Files.readString(knownBad)).contains(marker);
        Files.writeString(knownBad, Files.readString(knownBad).replace(marker, marker + "    confirmed: false\n"));
        Consumer<ObjectNode> v100 = gpu("Tesla V100-SXM2-16GB");
        assertThat(findingsAfter(MatrixLoader.fromDirectory(dir), v100))
                .filteredOn(f -> f.title().contains("pytorch-cu13-builds-need-turing")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.evidence().get(f.evidence().size() - 1)).contains(knownBad.toString());
                });
        assertThat(findingsAfter(matrix, v100)).filteredOn(f -> f.title().contains("pytorch-cu13-builds-need-turing"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.ERROR);
    }
}
