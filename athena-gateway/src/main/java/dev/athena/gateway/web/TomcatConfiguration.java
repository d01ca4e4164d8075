package dev.athena.gateway.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat settings that properties cannot express. */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> refusedBodiesAreNotDrained() {
        // On the engine, around the host: the error page dispatch of the host has run when the valve acts.
        return factory -> factory.addEngineValves(new RefusedBodyValve());
    }
}
