package dev.athena.gateway.console;

import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The console's script and style sheet, from the jar: nothing is fetched from anywhere else. */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    static final String ASSETS_PATH = ConsolePageController.PAGE_PATH + "/assets/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Revalidated on every load: a new Athena version must not run against an old script.
        registry.addResourceHandler(ASSETS_PATH + "**")
                .addResourceLocations("classpath:/console/assets/")
                .setCacheControl(CacheControl.maxAge(0, TimeUnit.SECONDS).mustRevalidate());
    }
}
