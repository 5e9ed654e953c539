package dev.gpudoctor.matrix.update;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLContext;

/**
 * Fetches the files of a published matrix over https (or from a file:// mirror): a timeout on
 * connecting and on each whole response, body included; a bounded retry with backoff for 5xx
 * answers and broken connections (never for 4xx or a bad checksum); HTTPS_PROXY and NO_PROXY;
 * If-None-Match so that an unchanged index costs one small request. Plain http is refused: the
 * checksums come over the same channel as the files, so only TLS keeps them honest.
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

    public record Settings(Duration connectTimeout, Duration responseTimeout, int attempts, Duration backoff) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 3, Duration.ofMillis(500));
    }

    private final HttpClient client;
    private final Settings settings;

    public MatrixFetcher(Map<String, String> env, Settings settings) {
        this(env, settings, null);
    }

    /** @param ssl the TLS context to trust (tests give WireMock's self-signed certificate); null: the JVM's trust store */
    public MatrixFetcher(Map<String, String> env, Settings settings, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).proxy(proxySelector(env));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.client = b.build();
        this.settings = settings;
    }

    public Index index(URI base, String etag) throws FetchException {
        URI uri = base.resolve("index.json");
        Response r = get(uri, etag);
        if (r.status() == 304) {
            return new Index(null, etag, true);
        }
        MatrixIndex index;
        try {
            index = dev.gpudoctor.report.Json.mapper().readValue(r.body(), MatrixIndex.class);
        } catch (IOException e) {
            throw new FetchException(uri + " is not a matrix index: " + firstLine(e.getMessage()));
        }
        if (index == null) {
            throw new FetchException(uri + " is empty");
        }
        String problem = index.problem();
        if (problem != null) {
            throw new FetchException(uri + ": " + problem);
        }
        return new Index(index, r.etag(), false);
    }

    /** A file of the index, checked against its size and SHA-256. */
    public byte[] file(URI base, MatrixIndex.FileEntry f) throws FetchException {
        URI uri = base.resolve(f.name());
        byte[] body = get(uri, null).body();
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

    private record Response(int status, byte[] body, String etag) {
    }

    private Response get(URI uri, String etag) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return file(uri);
        }
        if (!scheme.equals("https")) {
            throw new FetchException("refusing " + uri + ": only https:// (or file:// for a mirror) is allowed");
        }
        String last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(settings.backoff().multipliedBy(1L << (attempt - 2)));
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(settings.responseTimeout()).GET();
            if (etag != null) {
                req.header("If-None-Match", etag);
            }
            java.util.concurrent.atomic.AtomicReference<java.io.InputStream> stream = new java.util.concurrent.atomic.AtomicReference<>();
            CompletableFuture<Response> future = client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(r -> {
                        stream.set(r.body());
                        return new Response(r.statusCode(), readBounded(r.body()), r.headers().firstValue("ETag").orElse(null));
                    });
            try {
                // The whole response, body included, within the timeout: a server that dribbles is cut off.
                Response r = future.get(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
                int s = r.status();
                if (s == 200 || s == 304) {
                    return r;
                }
                if (s >= 500) {
                    last = uri + " answered " + s + " (server error)";
                    continue;
                }
                throw new FetchException(uri + " answered " + s + (s == 404 ? " (not found: check --url)" : ""));
            } catch (TimeoutException e) {
                future.cancel(true);
                closeQuietly(stream.get());
                last = uri + " did not answer within " + settings.responseTimeout().toSeconds() + " s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("interrupted while fetching " + uri);
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                String why = describe(uri, c);
                if (c instanceof SSLException || isUnresolved(c) || c instanceof TooLarge) {
                    throw new FetchException(why);
                }
                last = why;
            }
        }
        throw new FetchException(last + " (after " + settings.attempts() + " attempts)");
    }

    private static String describe(URI uri, Throwable c) {
        if (isUnresolved(c)) {
            return "cannot resolve the host " + uri.getHost() + " (DNS): check --url, the network, HTTPS_PROXY";
        }
        if (c instanceof SSLException) {
            return "TLS failure talking to " + uri.getHost() + ": " + firstLine(c.getMessage());
        }
        if (c instanceof HttpConnectTimeoutException) {
            return "cannot connect to " + uri.getHost() + " within the connect timeout";
        }
        if (c instanceof ConnectException) {
            return "cannot connect to " + uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort()) + " (" + firstLine(String.valueOf(c.getMessage())) + ")";
        }
        if (c instanceof TooLarge) {
            return uri + " is larger than " + MatrixIndex.MAX_FILE_BYTES + " bytes: not a matrix file";
        }
        return "fetching " + uri + " failed: " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + firstLine(c.getMessage()));
    }

    private static boolean isUnresolved(Throwable c) {
        for (Throwable t = c; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The body, giving up past the size bound instead of filling memory. */
    private static byte[] readBounded(java.io.InputStream in) {
        try (in) {
            byte[] b = in.readNBytes((int) MatrixIndex.MAX_FILE_BYTES + 1);
            if (b.length > MatrixIndex.MAX_FILE_BYTES) {
                throw new TooLarge();
            }
            return b;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void closeQuietly(java.io.InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Closing is only to stop a dribbling body; the timeout is already the answer.
            }
        }
    }

    private static final class TooLarge extends RuntimeException {
    }

    private static Response file(URI uri) throws FetchException {
        try {
            Path p = Path.of(uri);
            if (Files.size(p) > MatrixIndex.MAX_FILE_BYTES) {
                throw new FetchException(uri + " is larger than " + MatrixIndex.MAX_FILE_BYTES + " bytes: not a matrix file");
            }
            return new Response(200, Files.readAllBytes(p), null);
        } catch (IOException | IllegalArgumentException e) {
            throw new FetchException("cannot read " + uri + ": " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * HTTPS_PROXY (or https_proxy) for every host except those NO_PROXY names: an exact host, a
     * domain suffix (".corp.example" or "corp.example"), or "*" for all.
     */
    static ProxySelector proxySelector(Map<String, String> env) {
        String proxy = Optional.ofNullable(env.get("HTTPS_PROXY")).orElse(env.get("https_proxy"));
        String noProxy = Optional.ofNullable(env.get("NO_PROXY")).orElse(env.getOrDefault("no_proxy", ""));
        if (proxy == null || proxy.isBlank()) {
            return HttpClient.Builder.NO_PROXY;
        }
        URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
        InetSocketAddress address = InetSocketAddress.createUnresolved(p.getHost(), p.getPort() < 0 ? 80 : p.getPort());
        List<String> bypass = java.util.Arrays.stream(noProxy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return bypasses(bypass, uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(new Proxy(Proxy.Type.HTTP, address));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // The request fails with its own error; nothing to remember.
            }
        };
    }

    static boolean bypasses(List<String> noProxy, String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : noProxy) {
            String d = n.toLowerCase(Locale.ROOT);
            if (d.equals("*") || h.equals(d) || h.endsWith(d.startsWith(".") ? d : "." + d)) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration d) throws FetchException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
