package dev.gpudoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.NativeFacts;
import dev.gpudoctor.host.live.LiveHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One broken probe costs only its own section: the run says why, the rest stands. */
class ProbeRunnerTest {

    @TempDir
    Path tmp;

    static Probe<NativeFacts> named(String name, java.util.function.Supplier<NativeFacts> body) {
        return new Probe<>() {
            public String name() {
                return name;
            }

            public NativeFacts probe(ProbeContext ctx) {
                return body.get();
            }
        };
    }

    @Test
    void aCrashingAndAHangingProbeDoNotTakeTheOthersDown() {
        Probe<NativeFacts> ok = named("ok", () -> new NativeFacts(Fact.found("fine"), Fact.absent("not asked"), Fact.absent("not asked")));
        Probe<NativeFacts> crash = named("crash", () -> {
            throw new IllegalStateException("parser bug");
        });
        Probe<NativeFacts> hang = named("hang", () -> {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // A probe stuck in a read ignores interruption; the runner must not wait for it.
                }
            }
        });
        long t0 = System.nanoTime();
        ProbeRunner.Outcome o = new ProbeRunner(List.of(ok, crash, hang), Duration.ofMillis(500))
                .run(new ProbeContext(LiveHost.mountedAt(tmp)));
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(ms).as("ends within its deadline + 1 s").isLessThan(1500);
        assertThat(o.sections()).containsOnlyKeys("ok");
        assertThat(o.runs()).extracting(r -> r.probe() + " " + r.outcome().word()).containsExactly(
                "ok completed", "crash crashed", "hang timed-out");
        assertThat(o.runs().get(1).why()).isEqualTo("IllegalStateException: parser bug");
        assertThat(o.runs().get(2).why()).isEqualTo("did not finish within the 500 ms deadline");
    }
}
