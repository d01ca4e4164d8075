package dev.athena.gateway.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console page itself. It holds no data: without a key it can only ask for one, so it is public, like the API
 * documentation; everything it shows comes from calls that need a key.
 */
@Hidden
@Controller
class ConsolePageController {

    static final String PAGE_PATH = "/console";
    private static final Resource PAGE = new ClassPathResource("console/index.html");

    @GetMapping({PAGE_PATH, PAGE_PATH + "/"})
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .body(PAGE);
    }
}
