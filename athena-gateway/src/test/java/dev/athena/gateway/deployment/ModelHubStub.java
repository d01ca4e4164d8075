package dev.athena.gateway.deployment;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Hugging Face hub as {@code download_models.sh} sees it: {@code /{repo}/resolve/{rev}/{file}}
 * answers 302 to a CDN path with {@code X-Linked-Etag} (the SHA-256, quoted) and {@code X-Linked-Size}; the CDN path
 * serves the bytes and honours {@code Range: bytes=N-} with 206, unless told to ignore ranges.
 */
final class ModelHubStub implements AutoCloseable {

    private static final Pattern RESOLVE = Pattern.compile("^/(.+)/resolve/([^/]+)/([^/]+)$");
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d+)-$");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> advertisedSha256 = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean ignoreRange;
    private volatile boolean sendEtag = true;

    ModelHubStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    ModelHubStub serve(String repo, String name, byte[] content) {
        files.put(repo + "/" + name, content);
        return this;
    }

    /** Makes the hub advertise another checksum than the file's real one, as a corrupted transfer would look. */
    ModelHubStub advertise(String repo, String name, String sha256) {
        advertisedSha256.put(repo + "/" + name, sha256);
        return this;
    }

    ModelHubStub ignoreRange() {
        ignoreRange = true;
        return this;
    }

    ModelHubStub withoutEtag() {
        sendEtag = false;
        return this;
    }

    /** Every request as {@code METHOD path [Range]}, in arrival order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(exchange.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
            Matcher resolve = RESOLVE.matcher(path);
            if (resolve.matches()) {
                redirectToCdn(exchange, resolve.group(1) + "/" + resolve.group(3));
            } else if (path.startsWith("/cdn/") && files.containsKey(path.substring(5))) {
                sendBytes(exchange, files.get(path.substring(5)), range);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void redirectToCdn(HttpExchange exchange, String key) throws IOException {
        byte[] content = files.get(key);
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.add("Location", "/cdn/" + key);
        if (sendEtag) {
            headers.add("X-Linked-Etag", "\"" + advertisedSha256.getOrDefault(key, sha256(content)) + "\"");
        }
        headers.add("X-Linked-Size", Integer.toString(content.length));
        exchange.sendResponseHeaders(302, -1);
    }

    private void sendBytes(HttpExchange exchange, byte[] content, String range) throws IOException {
        int from = 0;
        Matcher rangeMatch = range == null ? null : RANGE.matcher(range);
        if (!ignoreRange && rangeMatch != null && rangeMatch.matches()) {
            from = Integer.parseInt(rangeMatch.group(1));
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        int status = from > 0 ? 206 : 200;
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Content-Length", Integer.toString(content.length - from));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, content.length - from);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(content, from, content.length - from);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
