package dev.gpudoctor.probe.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts.SmiGpu;
import dev.gpudoctor.fact.section.DriverFacts.SmiLog;
import dev.gpudoctor.fact.section.DriverFacts.SmiVersion;
import dev.gpudoctor.testing.H200Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NvidiaSmiParsersTest {

    private static final String XML = H200Fixture.sample("commands/nvidia-smi-q-x.xml");

    @Test
    void versionOfTheH200Driver() {
        SmiVersion v = NvidiaSmiVersion.parse(H200Fixture.sample("commands/nvidia-smi-version.txt")).value();
        assertThat(v.smi()).isEqualTo(Version.of("580.159.04"));
        assertThat(v.nvml()).isEqualTo(Version.of("580.159"));
        assertThat(v.driver()).hasToString("580.159.04");
        assertThat(v.cudaCeiling()).isEqualTo(Version.of("13.0"));
    }

    @Test
    void versionOutputThatIsNotOneFails() {
        assertThat(NvidiaSmiVersion.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(NvidiaSmiVersion.parse("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")
                .status()).isEqualTo(Status.FAILED);
    }

    @Test
    void theH200LogAsTheDriverReportsIt() {
        SmiLog log = NvidiaSmiXml.parse(XML).value();
        assertThat(log.driverVersion()).hasToString("580.159.04");
        assertThat(log.cudaCeiling()).hasToString("13.0");
        assertThat(log.attachedGpus()).isEqualTo(1);
        SmiGpu g = log.gpus().get(0);
        assertThat(g.pciBusId()).isEqualTo("00000000:00:06.0");
        assertThat(g.name()).isEqualTo("NVIDIA H200");
        assertThat(g.brand()).isEqualTo("NVIDIA");
        assertThat(g.architecture()).isEqualTo("Hopper");
        assertThat(g.uuid()).isEqualTo("GPU-09fe5b22-e673-3219-b750-0597bbf92e45");
        assertThat(g.pciDeviceId()).isEqualTo("233510DE");
        assertThat(g.vbios()).isEqualTo("96.00.A5.00.1A");
        assertThat(g.persistenceMode()).isEqualTo("Enabled");
        assertThat(g.migCurrent()).isEqualTo("Disabled");
        assertThat(g.migPending()).isEqualTo("Disabled");
        assertThat(g.eccCurrent()).isEqualTo("Enabled");
        assertThat(g.eccPending()).isEqualTo("Enabled");
        assertThat(g.volatileUncorrectedEcc()).isZero();
        assertThat(g.retiredPagesPending()).as("N/A on Hopper, which remaps rows instead").isNull();
        assertThat(g.remappedRowsPending()).isEqualTo("No");
        assertThat(g.remappedRowsFailure()).isEqualTo("No");
        assertThat(g.memoryTotalMiB()).isEqualTo(143771L);
        assertThat(g.computeMode()).isEqualTo("Default");
        assertThat(g.virtualizationMode()).isEqualTo("Pass-Through");
        assertThat(g.performanceState()).isEqualTo("P0");
        assertThat(g.powerLimitW()).isEqualTo(700.0);
        assertThat(g.temperatureC()).isEqualTo(38);
        assertThat(g.activeClocksEventReasons()).containsExactly("clocks_event_reason_gpu_idle");
    }

    @Test
    void theBoardSerialIsNeverKept() throws Exception {
        String withSerial = XML.replace("<serial>REDACTED</serial>", "<serial>1654321098765</serial>");
        SmiLog log = NvidiaSmiXml.parse(withSerial).value();
        assertThat(new ObjectMapper().writeValueAsString(log)).doesNotContain("1654321098765");
    }

    @Test
    void olderDriversThrottleReasonsAndPowerReadings() {
        String old = """
                <?xml version="1.0" ?>
                <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v11.dtd">
                <nvidia_smi_log><driver_version>470.82.01</driver_version><cuda_version>11.4</cuda_version>
                <attached_gpus>1</attached_gpus><gpu id="00000000:3B:00.0"><product_name>Tesla V100-SXM2-32GB</product_name>
                <ecc_errors><volatile><single_bit><total>0</total></single_bit><double_bit><total>2</total></double_bit></volatile></ecc_errors>
                <clocks_throttle_reasons><clocks_throttle_reason_gpu_idle>Not Active</clocks_throttle_reason_gpu_idle>
                <clocks_throttle_reason_hw_slowdown>Active</clocks_throttle_reason_hw_slowdown></clocks_throttle_reasons>
                <power_readings><power_limit>300.00 W</power_limit></power_readings>
                <display_mode>Requested functionality has been deprecated</display_mode>
                <product_architecture>N/A</product_architecture></gpu></nvidia_smi_log>
                """;
        SmiGpu g = NvidiaSmiXml.parse(old).value().gpus().get(0);
        assertThat(g.volatileUncorrectedEcc()).isEqualTo(2L);
        assertThat(g.activeClocksEventReasons()).containsExactly("clocks_throttle_reason_hw_slowdown");
        assertThat(g.powerLimitW()).isEqualTo(300.0);
        assertThat(g.architecture()).isNull();
    }

    @Test
    void malformedLogsAreFailedFacts() {
        assertThat(NvidiaSmiXml.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(NvidiaSmiXml.parse(XML.substring(0, XML.length() / 2)).status()).isEqualTo(Status.FAILED);
        assertThat(NvidiaSmiXml.parse("\u0000\u0001garbage <<<").status()).isEqualTo(Status.FAILED);
        assertThat(NvidiaSmiXml.parse("<html><body>nope</body></html>").why()).contains("<html>");
    }

    @Test
    void externalEntitiesAreNotResolved() {
        String evil = """
                <?xml version="1.0"?>
                <!DOCTYPE nvidia_smi_log [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                <nvidia_smi_log><driver_version>&x;</driver_version><attached_gpus>0</attached_gpus></nvidia_smi_log>
                """;
        var f = NvidiaSmiXml.parse(evil);
        // Either refused or parsed with the entity left empty: never the file's content.
        if (f.isFound()) {
            assertThat(f.value().driverVersion()).isNull();
        } else {
            assertThat(f.status()).isEqualTo(Status.FAILED);
        }
    }

    /** Found by NvidiaSmiParsersFuzzTest: a version of thousands of components overflowed a probe thread's stack. */
    @Test
    void aVersionOfThousandsOfComponentsIsFailedNotAStackOverflow() {
        String text = "NVIDIA-SMI version  : 535\nDRIVER version      : " + "12.".repeat(12_000) + "1\n";
        var f = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> NvidiaSmiVersion.parse(text));
        assertThat(f.status()).isEqualTo(Status.FAILED);
    }

    /**
     * Found by SavedReportFuzzTest: a log whose driver_version says N/A was found with no version, and
     * check died of a NullPointerException (HostFacts.runningDriver).
     */
    @Test
    void aLogThatNamesNoDriverVersionIsFailed() {
        String xml = H200Fixture.sample("commands/nvidia-smi-q-x.xml")
                .replaceFirst("<driver_version>[^<]*</driver_version>", "<driver_version>N/A</driver_version>");
        var f = NvidiaSmiXml.parse(xml);
        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).isEqualTo("nvidia-smi -q -x names no driver version");
    }

    /** Found by NvidiaSmiParsersFuzzTest: the XML parser's message quotes the input, 530 characters of it. */
    @Test
    void aBrokenDeclarationIsQuotedShortened() {
        var f = NvidiaSmiXml.parse("<?xml version=\"" + "<a>".repeat(200) + "ami_device_v13.dtd\"");
        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).startsWith("not well-formed XML: ").hasSizeLessThanOrEqualTo(224);
    }
}
