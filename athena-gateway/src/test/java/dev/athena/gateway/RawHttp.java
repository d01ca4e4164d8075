package dev.athena.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand on a socket: for what {@link GatewayClient} cannot send (a foreign {@code Host} header, as a
 * DNS-rebinding page makes the browser send) or send slowly.
 */
final class RawHttp {

    private RawHttp() {}

    /** Sends the request (head and body as given) and returns the status code of the answer. */
    static int exchange(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return statusOf(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the request and returns the whole answer, head and body, as text (the request must close the connection).
     */
    static String response(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int statusOf(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        String[] parts = line.toString().split(" ");
        if (parts.length < 2) {
            throw new IOException("no HTTP status line, read: '" + line + "'");
        }
        return Integer.parseInt(parts[1]);
    }

    static String get(String path, String host, String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", lines(headers))
                + "Connection: close\r\n\r\n";
    }

    static String postJson(String path, String host, String json, String... headers) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", lines(headers))
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"
                + json;
    }

    private static String[] lines(String... headers) {
        String[] lines = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            lines[i] = headers[i] + "\r\n";
        }
        return lines;
    }
}
