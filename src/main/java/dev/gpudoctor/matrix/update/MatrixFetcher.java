package dev.gpudoctor.matrix.update;

import dev.gpudoctor.net.Https;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Fetches the files of a published matrix (through {@link Https}: https or a file:// mirror,
 * timeouts, retry, proxy): the index with If-None-Match so that an unchanged matrix costs one small
 * request, and each file checked against the size and SHA-256 the index gives.
 */
public final class MatrixFetcher {

    /** A failure with the message a user can act on. */
    public static final class FetchException extends Exception {
        public FetchException(String message) {
            super(message);
        }
    }

    /** The index as fetched; {@code unchanged} when the server answered 304 to If-None-Match. */
    public record Index(MatrixIndex index, String etag, boolean unchanged) {
    }

    private final Https https;

    public MatrixFetcher(Map<String, String> env, Https.Settings settings) {
        this(env, settings, null);
    }

    /** @param ssl the TLS context to trust (tests give their own certificate); null: the JVM's trust store */
    public MatrixFetcher(Map<String, String> env, Https.Settings settings, SSLContext ssl) {
        this.https = new Https(env, settings, ssl);
    }

    public Index index(URI base, String etag) throws FetchException {
        URI uri = base.resolve("index.json");
        Https.Response r = get(uri, etag == null ? Map.of() : Map.of("If-None-Match", etag));
        if (r.status() == 304) {
            return new Index(null, etag, true);
        }
        MatrixIndex index;
        try {
            index = dev.gpudoctor.report.Json.mapper().readValue(r.body(), MatrixIndex.class);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new FetchException(uri + " is not a matrix index: " + (m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m));
        }
        if (index == null) {
            throw new FetchException(uri + " is empty");
        }
        String problem = index.problem();
        if (problem != null) {
            throw new FetchException(uri + ": " + problem);
        }
        return new Index(index, r.header("ETag").orElse(null), false);
    }

    /** A file of the index, checked against its size and SHA-256. */
    public byte[] file(URI base, MatrixIndex.FileEntry f) throws FetchException {
        URI uri = base.resolve(f.name());
        byte[] body = get(uri, Map.of()).body();
        if (body.length != f.size()) {
            throw new FetchException(uri + " is " + body.length + " bytes, the index says " + f.size()
                    + (body.length < f.size() ? " (truncated)" : ""));
        }
        String sha = Sha256.hex(body);
        if (!sha.equals(f.sha256())) {
            throw new FetchException(uri + ": checksum mismatch (SHA-256 " + sha + ", the index says " + f.sha256() + ")");
        }
        return body;
    }

    private Https.Response get(URI uri, Map<String, String> headers) throws FetchException {
        try {
            return https.get(uri, headers, MatrixIndex.MAX_FILE_BYTES);
        } catch (Https.HttpsException e) {
            throw new FetchException(e.getMessage());
        }
    }
}
