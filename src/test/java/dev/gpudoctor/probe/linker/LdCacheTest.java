package dev.gpudoctor.probe.linker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LdCacheTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = LdCacheTest.class.getResourceAsStream("/samples/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The development machine's real /etc/ld.so.cache read directly agrees with its own ldconfig -p. */
    @Test
    void binaryCacheAgreesWithLdconfigOutputOfTheSameMachine() throws IOException {
        Fact<List<LdCache.Entry>> binary = LdCache.parse(resource("devhost/ld.so.cache"));
        Fact<List<LdCache.Entry>> text = LdCache.parseLdconfigOutput(
                new String(resource("devhost/ldconfig-p.txt"), StandardCharsets.UTF_8));
        assertThat(binary.status()).isEqualTo(Status.FOUND);
        assertThat(text.status()).isEqualTo(Status.FOUND);
        assertThat(binary.value()).hasSizeGreaterThan(100).containsExactlyElementsOf(text.value());
    }

    /** The H200 container's ldconfig -p: libcuda.so.1 comes first from the injected /usr/local/nvidia/lib64. */
    @Test
    void readsH200LdconfigOutput() throws IOException {
        Fact<List<LdCache.Entry>> f = LdCache.parseLdconfigOutput(
                dev.gpudoctor.testing.H200Fixture.sample("commands/ldconfig-p.txt"));
        assertThat(f.value()).filteredOn(e -> e.soname().equals("libcuda.so.1")).extracting(LdCache.Entry::path)
                .containsExactly("/usr/local/nvidia/lib64/libcuda.so.1", "/lib/libcuda.so.1");
        assertThat(f.value()).filteredOn(e -> e.soname().equals("libcudnn.so.9")).extracting(LdCache.Entry::path)
                .containsExactly("/lib/x86_64-linux-gnu/libcudnn.so.9");
    }

    @Test
    void garbageIsAFailedFactWithAReason() throws IOException {
        assertThat(LdCache.parse(new byte[0]).why()).isEqualTo("not an ld.so.cache file");
        assertThat(LdCache.parse("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII)).why())
                .isEqualTo("truncated ld.so.cache header");
        assertThat(LdCache.parseLdconfigOutput("ldconfig: command not found\n").status()).isEqualTo(Status.FAILED);
        byte[] good = resource("devhost/ld.so.cache");
        Random r = new Random(11);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = i % 3 == 0 ? Arrays.copyOf(good, r.nextInt(good.length)) : good.clone();
            for (int k = 0; k < 4 && i % 3 != 0; k++) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            Fact<List<LdCache.Entry>> f = LdCache.parse(bad);
            assertThat(f.status()).isIn(Status.FOUND, Status.FAILED);
        }
    }
}
