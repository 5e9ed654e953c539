package dev.gpudoctor.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate for localhost made by the JDK's keytool: WireMock serves it, and only the test's
 * TLS context trusts it, so the code under test keeps hostname verification and the trust chain on.
 */
public record LocalhostTls(Path keystore, String password) {

    public static LocalhostTls create(Path dir) throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        String password = "gpu-doctor-test";
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return new LocalhostTls(keystore, password);
    }

    /** A WireMock server on free ports, https with this certificate. */
    public WireMockConfiguration wireMock() {
        return wireMockConfig().dynamicPort().dynamicHttpsPort().keystorePath(keystore.toString()).keystorePassword(password)
                .keyManagerPassword(password).keystoreType("PKCS12");
    }

    /** Trusts this certificate, and nothing else. */
    public SSLContext trusting() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ssl;
    }
}
