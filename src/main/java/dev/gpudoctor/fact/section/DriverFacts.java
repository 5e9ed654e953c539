package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;

/** The user-space driver: libcuda and NVML copies, and what nvidia-smi says. */
public record DriverFacts(
        Fact<List<LibraryCopy>> libcuda,
        Fact<List<LibraryCopy>> libnvidiaMl,
        Fact<SmiVersion> smiVersion,
        Fact<SmiLog> smi) implements Section {

    /** From {@code nvidia-smi --version}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SmiVersion(Version smi, Version nvml, Version driver, Version cudaCeiling) {
    }

    /** From {@code nvidia-smi -q -x}: what the driver reports. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SmiLog(Version driverVersion, Version cudaCeiling, int attachedGpus, List<SmiGpu> gpus) {
        public SmiLog {
            if (driverVersion == null) {
                throw new IllegalArgumentException("an nvidia-smi log needs its driver version");
            }
            gpus = List.copyOf(gpus);
        }
    }

    /**
     * One GPU as nvidia-smi reports it. The board serial is deliberately not kept: no rule needs it
     * and reports travel to public trackers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SmiGpu(
            String pciBusId,
            String name,
            String brand,
            String architecture,
            String uuid,
            String pciDeviceId,
            String vbios,
            String persistenceMode,
            String migCurrent,
            String migPending,
            String eccCurrent,
            String eccPending,
            Long volatileUncorrectedEcc,
            String retiredPagesPending,
            String remappedRowsPending,
            String remappedRowsFailure,
            Long memoryTotalMiB,
            String computeMode,
            String virtualizationMode,
            String performanceState,
            Double powerLimitW,
            Integer temperatureC,
            List<String> activeClocksEventReasons) {
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        d.add("libcuda: " + libcuda.describe(l -> l.isEmpty() ? "no copy"
                : String.join(", ", l.stream().map(LibraryCopy::describe).toList())) + Sources.of(libcuda));
        d.add("libnvidia-ml: " + libnvidiaMl.describe(l -> l.isEmpty() ? "no copy"
                : String.join(", ", l.stream().map(LibraryCopy::describe).toList())) + Sources.of(libnvidiaMl));
        d.add("nvidia-smi --version: " + smiVersion.describe(v -> "nvidia-smi " + v.smi() + ", NVML " + v.nvml()
                + ", driver " + v.driver() + ", CUDA ceiling " + v.cudaCeiling()) + Sources.of(smiVersion));
        List<AreaLine> lines = new ArrayList<>();
        if (smi.isFound()) {
            SmiLog s = smi.value();
            d.add("nvidia-smi -q -x: driver " + s.driverVersion() + ", CUDA ceiling " + s.cudaCeiling()
                    + ", " + s.attachedGpus() + " GPU(s)" + Sources.of(smi));
            lines.add(AreaLine.ok("Driver", s.driverVersion() + ", supports CUDA up to " + s.cudaCeiling()
                    + " (driver's ceiling, from nvidia-smi)", d));
        } else {
            d.add("nvidia-smi -q -x: " + smi.describe(x -> "") + Sources.of(smi));
            String head = libcuda.orElse(List.of()).isEmpty()
                    ? "no user-space driver (libcuda.so.1 not found)"
                    : "libcuda present, nvidia-smi: " + smi.describe(x -> "");
            lines.add(AreaLine.info("Driver", head, d));
        }
        return lines;
    }
}
