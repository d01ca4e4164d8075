package dev.athena.gateway.console;

import dev.athena.gateway.GatewayClient;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The gateway with API keys on, as the console meets it in a deployment: one key bound to two projects, one to every
 * project. One application context for every console test class.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ATHENA_API_KEYS=" + ConsoleIntegrationTest.ALPHA_KEY + ":alpha|alpha-2," + ConsoleIntegrationTest.STAR_KEY
                    + ":*",
            ConsoleIntegrationTest.SMALL_POOL,
            ConsoleIntegrationTest.FEW_IDLE
        })
abstract class ConsoleIntegrationTest extends DatabaseIntegrationTest {

    static final String ALPHA_KEY = "console-alpha-key-4c1e7a";
    static final String STAR_KEY = "console-star-key-9d02b6";
    /** The console's tests make one request at a time; a small pool leaves the shared database's connections free. */
    static final String SMALL_POOL = "spring.datasource.hikari.maximum-pool-size=4";

    static final String FEW_IDLE = "spring.datasource.hikari.minimum-idle=1";

    @LocalServerPort
    int port;

    GatewayClient anonymous() {
        return new GatewayClient(port);
    }

    GatewayClient alpha() {
        return new GatewayClient(port).withBearer(ALPHA_KEY);
    }

    GatewayClient star() {
        return new GatewayClient(port).withBearer(STAR_KEY);
    }
}
