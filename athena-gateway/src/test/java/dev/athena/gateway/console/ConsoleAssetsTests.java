package dev.athena.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The console's files as shipped in the jar: small, self-contained, and never turning data into markup. */
class ConsoleAssetsTests {

    private static final Path CONSOLE = Path.of("src/main/resources/console");
    private static final long MAX_BYTES = 1024 * 1024;

    @Test
    void theConsoleAddsLessThanOneMegabyteToTheJar() throws IOException {
        try (Stream<Path> files = Files.walk(CONSOLE)) {
            long bytes = files.filter(Files::isRegularFile)
                    .mapToLong(ConsoleAssetsTests::size)
                    .sum();
            assertThat(bytes).isPositive().isLessThan(MAX_BYTES);
        }
    }

    @Test
    void theScriptNeverParsesTextAsMarkupOrCode() throws IOException {
        String script = Files.readString(CONSOLE.resolve("assets/console.js"));

        assertThat(script)
                .doesNotContain(
                        "innerHTML",
                        "outerHTML",
                        "insertAdjacentHTML",
                        "document.write",
                        "eval(",
                        "new Function",
                        "setAttribute('style'",
                        "javascript:");
    }

    @Test
    void nothingIsLoadedFromAnotherOriginAndThePageHasNoInlineScriptOrStyle() throws IOException {
        for (String file : List.of("index.html", "assets/console.js", "assets/console.css")) {
            String text = Files.readString(CONSOLE.resolve(file));
            assertThat(text)
                    .as(file)
                    .doesNotContainPattern("(src|href)=\"(https?:)?//")
                    .doesNotContain("@import", "url(");
        }
        String page = Files.readString(CONSOLE.resolve("index.html"));
        assertThat(page)
                .doesNotContainPattern("<script>|<script [^>]*>[^<]")
                .doesNotContain("<style", " style=", " onclick=", " onload=", " onsubmit=");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
