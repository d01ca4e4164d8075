package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Athena without API keys: reachable from this machine only, and not from a web page in the user's browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenModeIntegrationTests extends DatabaseIntegrationTest {

    private static final String RECALL = "{\"query\":\"x\"}";
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"page","version":"1"}}}""";

    @LocalServerPort
    int port;

    @Test
    void listensOnTheLoopbackInterfaceOnly() throws IOException {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeThat(external).as("this machine has a non-loopback IPv4 address").isPresent();

        try (Socket local = new Socket()) {
            local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        }
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
            try (Socket remote = new Socket()) {
                remote.connect(new InetSocketAddress(external.get(), port), 2_000);
            }
        });
    }

    @Test
    void clientsThatAreNotBrowsersKeepWorkingWithAnyHost() {
        assertThat(RawHttp.exchange(port, RawHttp.postJson("/tools/recall/execute", "127.0.0.1:" + port, RECALL)))
                .isEqualTo(200);
        assertThat(RawHttp.exchange(port, RawHttp.get("/health", "athena.internal:8000")))
                .isEqualTo(200);
    }

    @Test
    void aBrowserRequestFromTheLocalMachineIsServed() {
        assertThat(RawHttp.exchange(
                        port,
                        RawHttp.postJson(
                                "/tools/recall/execute",
                                "localhost:" + port,
                                RECALL,
                                "Origin: http://localhost:5173",
                                "Sec-Fetch-Site: same-site")))
                .isEqualTo(200);
        assertThat(RawHttp.exchange(port, RawHttp.get("/tools", "localhost:" + port, "Sec-Fetch-Site: same-origin")))
                .isEqualTo(200);
    }

    @Test
    void aDnsRebindingPageIsRefusedByItsHostName() {
        String rebound = "rebind.attacker.example:" + port;
        assertThat(RawHttp.exchange(port, RawHttp.get("/tools", rebound, "Sec-Fetch-Site: same-origin")))
                .isEqualTo(403);
        assertThat(RawHttp.exchange(
                        port,
                        RawHttp.postJson(
                                "/tools/recall/execute",
                                rebound,
                                RECALL,
                                "Origin: http://" + rebound,
                                "Sec-Fetch-Site: same-origin")))
                .isEqualTo(403);
        assertThat(RawHttp.exchange(
                        port,
                        RawHttp.postJson(
                                "/mcp",
                                rebound,
                                INITIALIZE,
                                "Origin: http://" + rebound,
                                "Accept: application/json, text/event-stream")))
                .isEqualTo(403);
    }

    @Test
    void aCrossSiteRequestFromAForeignPageIsRefused() {
        String local = "localhost:" + port;
        assertThat(RawHttp.exchange(
                        port,
                        RawHttp.postJson(
                                "/tools/forget/execute",
                                local,
                                "{}",
                                "Origin: https://attacker.example",
                                "Sec-Fetch-Site: cross-site")))
                .isEqualTo(403);
        assertThat(RawHttp.exchange(port, RawHttp.get("/tools", local, "Sec-Fetch-Site: cross-site")))
                .isEqualTo(403);
        assertThat(RawHttp.exchange(port, RawHttp.postJson("/tools/recall/execute", local, RECALL, "Origin: null")))
                .isEqualTo(403);
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
