package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Clients that send a body one byte at a time: an unauthenticated one is refused without the server reading the rest,
 * an authenticated one gets 408 when the body takes longer than {@code athena.gateway.body-read-timeout} (2 s here).
 */
class SlowRequestBodyIntegrationTests extends SecuredGatewayIntegrationTest {

    private static final Duration TRICKLE = Duration.ofMillis(250);

    @Test
    void anUnauthenticatedBodyIsRefusedAndNotDrained() throws Exception {
        try (Socket socket = connect()) {
            sendHead(socket, null, 100_000);
            socket.getOutputStream().write("{\"content\":".getBytes(StandardCharsets.UTF_8));

            assertThat(RawHttp.statusOf(socket.getInputStream())).isEqualTo(401);
            // Draining would read this trickle for as long as it lasts (each byte restarts Tomcat's read timeout).
            assertThat(closedWithin(socket, Duration.ofSeconds(5)))
                    .as("the server closes the connection")
                    .isTrue();
        }
    }

    @Test
    void aTrickledBodyWithAValidKeyIsCutOffWith408() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            sendHead(socket, ALPHA_KEY, 1_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout((int) TRICKLE.toMillis());
            int status = -1;
            while (status < 0 && Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15) {
                out.write(' ');
                out.flush();
                try {
                    status = RawHttp.statusOf(in);
                } catch (SocketTimeoutException stillReading) {
                    // no answer yet: send the next byte
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(status).isEqualTo(408);
            assertThat(elapsed).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private void sendHead(Socket socket, String key, int contentLength) throws IOException {
        String head = "POST /tools/remember/execute HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Keeps trickling bytes; true once the server has closed the connection (end of stream, reset or failed write). */
    private static boolean closedWithin(Socket socket, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        try {
            socket.setSoTimeout((int) TRICKLE.toMillis());
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < end) {
                socket.getOutputStream().write('x');
                socket.getOutputStream().flush();
                try {
                    while (in.read() >= 0) {
                        // the rest of the 401's body
                    }
                    return true;
                } catch (SocketTimeoutException open) {
                    Thread.sleep(0);
                }
            }
            return false;
        } catch (IOException closed) {
            return true;
        }
    }
}
