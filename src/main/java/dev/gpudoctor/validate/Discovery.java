package dev.gpudoctor.validate;

import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.fact.section.Section;
import dev.gpudoctor.fact.section.SystemFacts;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.MemoizedHost;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.ProbeRun;
import dev.gpudoctor.probe.ProbeRunner;
import dev.gpudoctor.probe.cuda.CudaProbe;
import dev.gpudoctor.probe.dnn.DnnProbe;
import dev.gpudoctor.probe.linker.LinkerProbe;
import dev.gpudoctor.probe.python.PythonProbe;
import dev.gpudoctor.probe.system.SystemProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The part of check's examination that finds library copies and the distribution (for install
 * plans): the system, CUDA, cuDNN/TensorRT, Python and linker probes, concurrently, bounded.
 *
 * @param incomplete probes that did not complete, with why ("linker: did not finish within 10000 ms")
 */
public record Discovery(SystemFacts system, CopyFinder.Found found, List<String> incomplete) {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    public static Discovery of(Host host, List<String> pythons) {
        ProbeRunner.Outcome o = new ProbeRunner(List.of(new SystemProbe(), new CudaProbe(), new DnnProbe(), new PythonProbe(),
                new LinkerProbe()), DEADLINE).run(new ProbeContext(new MemoizedHost(host), pythons));
        Map<String, Section> s = o.sections();
        return new Discovery((SystemFacts) s.get("system"), new CopyFinder.Found((CudaFacts) s.get("cuda"),
                (DnnFacts) s.get("dnn"), (PythonFacts) s.get("python"), (LinkerFacts) s.get("linker")),
                o.runs().stream().filter(r -> r.outcome() != ProbeRun.Outcome.COMPLETED)
                        .map(r -> r.probe() + ": " + r.why()).toList());
    }
}
