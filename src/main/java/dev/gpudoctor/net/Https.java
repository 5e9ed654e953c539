package dev.gpudoctor.net;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * GET over https (or from a file:// mirror) the way gpu-doctor needs it everywhere it goes online
 * (matrix update, the NGC registry): a timeout on connecting and on each whole response, body
 * included; a bounded retry with backoff for 5xx answers and broken connections (never for 4xx);
 * HTTPS_PROXY and NO_PROXY; a size bound; plain http refused; each failure said so a user can act.
 */
public final class Https {

    /** A failure with the message a user can act on. */
    public static final class HttpsException extends Exception {
        public HttpsException(String message) {
            super(message);
        }
    }

    public record Settings(Duration connectTimeout, Duration responseTimeout, int attempts, Duration backoff) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 3, Duration.ofMillis(500));
    }

    /** A 2xx or 304 answer. */
    public record Response(int status, byte[] body, Map<String, List<String>> headers) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }

    private final HttpClient client;
    private final Settings settings;

    /** @param ssl the TLS context to trust (tests give their own certificate); null: the JVM's trust store */
    public Https(Map<String, String> env, Settings settings, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).proxy(proxySelector(env));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.client = b.build();
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public Response get(URI uri, Map<String, String> headers, long maxBytes) throws HttpsException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return file(uri, maxBytes);
        }
        if (!scheme.equals("https")) {
            throw new HttpsException("refusing " + uri + ": only https:// (or file:// for a mirror) is allowed");
        }
        String last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(settings.backoff().multipliedBy(1L << (attempt - 2)));
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(settings.responseTimeout()).GET();
            headers.forEach(req::header);
            AtomicReference<InputStream> stream = new AtomicReference<>();
            CompletableFuture<Response> future = client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(r -> {
                        stream.set(r.body());
                        return new Response(r.statusCode(), readBounded(r.body(), maxBytes), r.headers().map());
                    });
            try {
                // The whole response, body included, within the timeout: a server that dribbles is cut off.
                Response r = future.get(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
                int s = r.status();
                if (s / 100 == 2 || s == 304) {
                    return r;
                }
                if (s >= 500) {
                    last = uri + " answered " + s + " (server error)";
                    continue;
                }
                throw new HttpsException(uri + " answered " + s + (s == 404 ? " (not found: check --url)" : ""));
            } catch (TimeoutException e) {
                future.cancel(true);
                closeQuietly(stream.get());
                last = uri + " did not answer within " + settings.responseTimeout().toSeconds() + " s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpsException("interrupted while fetching " + uri);
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                String why = describe(uri, c, maxBytes);
                if (c instanceof SSLException || isUnresolved(c) || c instanceof TooLarge) {
                    throw new HttpsException(why);
                }
                last = why;
            }
        }
        throw new HttpsException(last + " (after " + settings.attempts() + " attempts)");
    }

    private static String describe(URI uri, Throwable c, long maxBytes) {
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
            return uri + " is larger than " + maxBytes + " bytes";
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
    private static byte[] readBounded(java.io.InputStream in, long maxBytes) {
        try (in) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) {
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

    private static Response file(URI uri, long maxBytes) throws HttpsException {
        try {
            Path p = Path.of(uri);
            if (Files.size(p) > maxBytes) {
                throw new HttpsException(uri + " is larger than " + maxBytes + " bytes");
            }
            return new Response(200, Files.readAllBytes(p), Map.of());
        } catch (IOException | IllegalArgumentException e) {
            throw new HttpsException("cannot read " + uri + ": " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * HTTPS_PROXY (or https_proxy) for every host except those NO_PROXY names: an exact host, a
     * domain suffix (".corp.example" or "corp.example"), or "*" for all.
     */
    public static ProxySelector proxySelector(Map<String, String> env) {
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

    public static boolean bypasses(List<String> noProxy, String host) {
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

    private static void sleep(Duration d) throws HttpsException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpsException("interrupted");
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
