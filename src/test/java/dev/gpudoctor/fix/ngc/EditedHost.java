package dev.gpudoctor.fix.ngc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.NativeFacts;
import dev.gpudoctor.host.CudaDriverReport;
import dev.gpudoctor.host.NvmlReport;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Hosts for the matcher: the real H200 capture's facts with the driver version and GPU names
 * edited, through JSON as a saved report would be (as RulesOnEditedFactsTest does). The driver is
 * edited where both nvidia-smi and the kernel module report it, so that the two agree.
 */
final class EditedHost {

    private static JsonNode h200;

    private EditedHost() {
    }

    /** The H200 capture as it is: driver 580.159.04, one NVIDIA H200. */
    static synchronized JsonNode h200() throws Exception {
        if (h200 == null) {
            Path scratch = Files.createTempDirectory("ngc-host");
            BundleHost host = BundleHost.open(dev.gpudoctor.testing.Fixtures.bundle(H200Fixture.BUNDLE), scratch);
            h200 = Json.mapper().readTree(Json.write(Examination.of(host, List.of(), Duration.ofSeconds(30)).facts()));
        }
        return h200.deepCopy();
    }

    /** One GPU of this nvidia-smi name on this driver. */
    static HostFacts with(String gpu, String driver) throws Exception {
        return withGpus(driver, gpu);
    }

    /** These GPUs (nvidia-smi names, one per entry) on this driver. */
    static HostFacts withGpus(String driver, String... gpus) throws Exception {
        ObjectNode f = (ObjectNode) h200();
        ((ObjectNode) f.at("/driver/smi/value")).put("driverVersion", driver);
        ((ObjectNode) f.at("/kernel/module/value")).put("version", driver);
        ArrayNode list = (ArrayNode) f.at("/driver/smi/value/gpus");
        JsonNode template = list.get(0);
        list.removeAll();
        for (int i = 0; i < gpus.length; i++) {
            ObjectNode g = template.deepCopy();
            g.put("name", gpus[i]).put("pciBusId", "00000000:0" + i + ":00.0");
            list.add(g);
        }
        return Json.mapper().treeToValue(f, HostFacts.class);
    }

    /** One GPU that NVML also answers for, with its compute capability. */
    static HostFacts withNvml(String gpu, String driver, int ccMajor, int ccMinor) throws Exception {
        ObjectNode f = (ObjectNode) Json.mapper().valueToTree(with(gpu, driver));
        NvmlReport nvml = new NvmlReport(driver, "13.580", 13000, "libnvidia-ml.so.1", List.of(new NvmlReport.Gpu(0, gpu,
                "GPU-0", "00000000:00:00.0", ccMajor, ccMinor, null, null, null, null, null, null, null, null, null,
                null, null, null)));
        NativeFacts natives = new NativeFacts(Fact.found("loaded"), Fact.found(nvml),
                Fact.<CudaDriverReport>absent("not asked in this test"));
        f.set("natives", Json.mapper().valueToTree(natives));
        return Json.mapper().treeToValue(f, HostFacts.class);
    }

    /** No driver at all: nvidia-smi and the kernel module both absent. */
    static HostFacts withoutDriver() throws Exception {
        ObjectNode f = (ObjectNode) h200();
        ((ObjectNode) f.at("/driver")).set("smi", Json.mapper().valueToTree(Fact.absent("nvidia-smi not found")));
        ((ObjectNode) f.at("/kernel")).set("module", Json.mapper().valueToTree(Fact.absent("no nvidia module loaded")));
        return Json.mapper().treeToValue(f, HostFacts.class);
    }
}
