package dev.athena.gateway.security;

import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Without API keys anyone who reaches the port may read and erase every project, so open mode listens on the loopback
 * interface unless {@code server.address} ({@code SERVER_ADDRESS}) says otherwise. Containers set
 * {@code SERVER_ADDRESS=0.0.0.0}: there the published port, not the interface, decides who can connect.
 */
final class OpenModeLoopbackBinding implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

    static final String ADDRESS_PROPERTY = "server.address";
    private static final Logger log = LoggerFactory.getLogger(OpenModeLoopbackBinding.class);

    private final boolean keysEnabled;
    private final boolean addressConfigured;

    OpenModeLoopbackBinding(boolean keysEnabled, boolean addressConfigured) {
        this.keysEnabled = keysEnabled;
        this.addressConfigured = addressConfigured;
    }

    /** After Boot's own customizer, which applies {@code server.address} when it is set. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (keysEnabled) {
            return;
        }
        if (addressConfigured) {
            log.warn("API keys off and server.address set: Athena answers anyone who can reach this address, without "
                    + "authentication (set ATHENA_API_KEYS, or publish the port on a trusted interface only)");
            return;
        }
        factory.setAddress(InetAddress.getLoopbackAddress());
        log.info(
                "API keys off: listening on {} only (set ATHENA_API_KEYS, or server.address to listen elsewhere)",
                InetAddress.getLoopbackAddress().getHostAddress());
    }
}
