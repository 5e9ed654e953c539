package dev.gpudoctor.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each kind of identifying value, and the look-alikes that must survive (versions, PCI bus ids, times). */
class RedactorTest {

    @Test
    void replacesEachKindWithAConsistentStandIn() {
        Redactor r = new Redactor();
        String out = r.redact("GPU-09fe5b22-e673-3219-b750-0597bbf92e45 MIG-1a2b3c4d-0000-1111-2222-333344445555 "
                + "<serial>1652824181185</serial> /home/alice/venv (alice@gpu-node-17.corp.example) "
                + "ip=10.20.30.40 192.168.1.20 3c:EC:ef:12:34:56 fe80::1ff:fe23:4567:890a \"serial\" : \"1321021034567\"");
        assertThat(out).doesNotContain("09fe5b22", "1a2b3c4d", "1652824181185", "alice", "gpu-node-17", "10.20.30.40",
                "192.168.1.20", "3c:EC:ef", "fe80::1ff", "1321021034567");
        assertThat(out).contains("GPU-00000000-0000-4000-8000-000000000001", "MIG-00000000-0000-4000-8000-000000000002",
                "<serial>REDACTED-SERIAL-1</serial>", "/home/user1/venv", "(user1@host1)", "02:00:00:00:00:01");
        // The same value twice is the same stand-in; a second pass over redacted text changes nothing.
        assertThat(r.redact("GPU-09fe5b22-e673-3219-b750-0597bbf92e45 /home/alice")).isEqualTo(
                "GPU-00000000-0000-4000-8000-000000000001 /home/user1");
        assertThat(new Redactor().redact(out)).isEqualTo(out);
    }

    /** What a report is full of and must keep: library versions, driver versions, PCI bus ids, timestamps. */
    @Test
    void versionsAndOtherLookAlikesSurvive() {
        String text = "CUDA 12.8.0.38 curand 10.4.0.35 cuDNN 9.19.0.56 cuda 13.0.2.006 driver 580.159.04 "
                + "00000000:00:06.0 2026-11-26T08:51:49.770727955Z libhdf5_serial.so.103.4.0 nvidia-cublas 13.1.0.3 "
                + "<serial>N/A</serial> nvcr.io/nvidia/pytorch:25.12-py3 torch==2.5.1 --index-url https://download.pytorch.org/whl/cu124";
        assertThat(new Redactor().redact(text)).isEqualTo(text);
    }

    /** A host name of thousands of labels overflowed the stack of the thread that redacts. */
    @Test
    void aHostNameOfThousandsOfLabelsIsNoStackOverflow() {
        String text = "root@a" + ".a".repeat(20_000);
        String out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new Redactor().redact(text));
        assertThat(out).doesNotContain("root@");
    }

    /** Found by SavedReportFuzzTest: a long word made the serial-number pattern quadratic (20 KB: 2 s). */
    @Test
    void aLongWordIsRedactedInLinearTime() {
        String text = "CUDA_HOME: absent: " + "x".repeat(200_000);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new Redactor().redact(text))).isEqualTo(text);
        assertThat(new Redactor().redact("<board_serial_number>: 1234567890</board_serial_number>")).doesNotContain("1234567890");
    }
}
