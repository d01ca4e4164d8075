package dev.athena.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import dev.athena.gateway.GatewayClient.Response;
import dev.athena.memory.NewPattern;
import dev.athena.memory.PatternLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real browser (headless Chromium through chromedriver) against the running gateway with API keys on
 * and real PostgreSQL. Skipped where Chromium or chromedriver is not installed ({@code scripts/setup-browser.sh}
 * installs Debian's). Each test saves a screenshot (see {@link #screenshotDirectory()}).
 */
class ConsoleBrowserIntegrationTests extends ConsoleIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HOSTILE =
            "<img src=x onerror=\"window.athenaXss=1\"> and <script>window.athenaXss=2</script> stay text";

    private static WebDriver browser;

    @Autowired
    PatternLedger patterns;

    @BeforeAll
    static void startBrowser() {
        Path chromium = executable("CHROMIUM_BIN", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driver == null) {
            return; // each test then reports itself skipped, with the reason (a class-level skip shows no message)
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1440,960",
                "--no-first-run",
                "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        assumeTrue(
                browser != null,
                "Chromium or chromedriver not found (run scripts/setup-browser.sh, or set "
                        + "CHROMIUM_BIN and CHROMEDRIVER): skipping the console's browser tests");
        browser.get(url("/console"));
        script("sessionStorage.clear()");
    }

    @Test
    void asksForTheKeyOnceAndOffersTheProjectsItMayUse() {
        browser.get(url("/console"));
        WebElement input = visible(By.id("key-input"));
        screenshot("key-prompt");

        input.sendKeys("not-a-key");
        browser.findElement(By.cssSelector("#key-form button")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"), "not valid"));

        visible(By.id("key-input")).sendKeys(ALPHA_KEY);
        browser.findElement(By.cssSelector("#key-form button")).click();
        visible(By.id("tabs"));

        List<String> projects = new Select(browser.findElement(By.id("project")))
                .getOptions().stream().map(WebElement::getText).toList();
        assertThat(projects).containsExactly("alpha", "alpha-2");
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("key for alpha, alpha-2");
        assertThat(browser.findElement(By.id("key-prompt")).isDisplayed()).isFalse();
        assertThat(script("return sessionStorage.getItem('athena.console.key')"))
                .isEqualTo(ALPHA_KEY);

        browser.navigate().refresh();
        visible(By.id("tabs"));
        assertThat(browser.findElement(By.id("key-prompt")).isDisplayed())
                .as("the key is asked for once")
                .isFalse();
    }

    @Test
    void searchShowsWhyRecallRankedEachMemory() {
        remember("alpha", "The user's favourite programming language is Rust", "fact");
        remember("alpha", "We deploy on Tuesdays after the standup", "decision");
        remember("alpha", "The CI machine has two cores", "fact");
        openConsole();

        visible(By.id("search-query")).sendKeys("Which programming language does the user like?");
        browser.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        WebElement first = visible(By.cssSelector("#memories-table tbody tr.result"));

        assertThat(first.findElement(By.cssSelector("td.content")).getText())
                .isEqualTo("The user's favourite programming language is Rust");
        List<String> terms = first.findElements(By.cssSelector(".term")).stream()
                .map(term -> term.getAttribute("data-term"))
                .toList();
        assertThat(terms).contains("fused_score", "vector_term", "text_term", "recency_term", "importance_term");
        WebElement fused = first.findElement(By.cssSelector(".term[data-term=fused_score] .fill"));
        String fusedWidth = fused.getAttribute("style");
        assertThat(fusedWidth).contains("width").doesNotContain("width: 0%");
        assertThat(browser.findElement(By.id("memories-caption")).getText()).startsWith("3 results");
        screenshot("search-explain");
        assertNoPolicyViolations();
    }

    @Test
    void forgetAsksForConfirmationAndTheHistoryShowsIt() {
        String id = remember("alpha", "The staging database is called atlas", "fact");
        openConsole();

        visible(By.cssSelector("#memories-table tr[data-id='" + id + "']")).click();
        visible(By.id("detail-forget")).click();
        visible(By.id("confirm-cancel")).click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
        assertThat(memory(id).get("state").asString())
                .as("cancel forgets nothing")
                .isEqualTo("active");

        browser.findElement(By.id("detail-forget")).click();
        visible(By.id("confirm-reason")).sendKeys("renamed last week");
        screenshot("forget-confirm");
        browser.findElement(By.id("confirm-ok")).click();
        WebElement forgotten = visible(By.cssSelector("#detail-history li[data-action=forgotten]"));

        assertThat(forgotten.getText()).contains("forgotten", "renamed last week");
        assertThat(browser.findElements(By.cssSelector("#detail-history li[data-action=created]")))
                .hasSize(1);
        assertThat(browser.findElements(By.id("detail-forget")))
                .as("nothing left to forget")
                .isEmpty();
        assertThat(memory(id).get("state").asString()).isEqualTo("forgotten");
        screenshot("memory-history");

        browser.findElement(By.id("detail-purge")).click();
        visible(By.id("confirm-reason")).sendKeys("erasure request #7");
        browser.findElement(By.id("confirm-ok")).click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Purged.");
        String parameters = "{\"memory_id\":\"" + id + "\",\"project\":\"alpha\"}";
        assertThat(star().postJson("/tools/get_memory/execute", parameters).status())
                .isEqualTo(404);
    }

    @Test
    void remembersByHandAndShowsTheApisValidation() {
        openConsole();
        tab("remember");

        visible(By.id("r-tags")).sendKeys("x".repeat(65));
        browser.findElement(By.id("r-content")).sendKeys("Remembered by hand in the console");
        browser.findElement(By.cssSelector("#remember-form button[type=submit]"))
                .click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("remember-result"), "tags"));
        assertThat(browser.findElement(By.id("remember-result")).getAttribute("class"))
                .contains("error");

        browser.findElement(By.id("r-tags")).clear();
        browser.findElement(By.id("r-tags")).sendKeys("console, manual");
        browser.findElement(By.id("r-metadata")).sendKeys("{\"source\":\"console\"}");
        new Select(browser.findElement(By.id("r-type"))).selectByVisibleText("decision");
        browser.findElement(By.cssSelector("#remember-form button[type=submit]"))
                .click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("remember-result"), "created: "));

        JsonNode stored = star().postJson("/tools/list_memories/execute", "{\"project\":\"alpha\"}")
                .body()
                .get("items")
                .get(0);
        assertThat(stored.get("content").asString()).isEqualTo("Remembered by hand in the console");
        assertThat(stored.get("memory_type").asString()).isEqualTo("decision");
        assertThat(stored.get("tags").valueStream().map(JsonNode::asString)).containsExactly("console", "manual");
        assertThat(stored.get("metadata").get("source").asString()).isEqualTo("console");
        screenshot("remember");
    }

    @Test
    void aHostileMemoryIsShownLiterallyAndRunsNothing() {
        String id = star().postJson("/tools/remember/execute", """
                {"content":"%s","tags":["<b>bold</b>"],"metadata":{"note":"<svg onload=\\"window.athenaXss=3\\">"},
                 "project":"alpha"}""".formatted(HOSTILE.replace("\"", "\\\"")))
                .body()
                .get("id")
                .asString();
        openConsole();

        WebElement row = visible(By.cssSelector("#memories-table tr[data-id='" + id + "']"));
        assertThat(row.findElement(By.cssSelector("td.content")).getText()).isEqualTo(HOSTILE);
        assertThat(row.getText()).contains("<b>bold</b>");
        row.click();
        assertThat(visible(By.id("detail-content")).getText()).isEqualTo(HOSTILE);
        assertThat(browser.findElement(By.id("detail-body")).getText()).contains("<svg onload=");

        assertThat(browser.findElements(By.cssSelector("main img, main svg, #detail img, #detail svg, main script")))
                .isEmpty();
        assertThat(script("return window.athenaXss"))
                .as("no script of the memory ran")
                .isNull();
        screenshot("hostile-memory");
        assertNoPolicyViolations();
    }

    @Test
    void importStoresTheGoodLinesAndReportsTheBadOne(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("memories.jsonl");
        Files.writeString(file, """
                {"content":"Imported: the build uses Maven","tags":["import"]}
                {"content":"Imported with a type that does not exist","memory_type":"rumour"}
                {"content":"Imported: releases are tagged vX.Y.Z","memory_type":"decision"}
                """);
        openConsole();
        tab("import");

        visible(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("import-start")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("import-summary"), "Done"));

        assertThat(browser.findElement(By.id("import-summary")).getText())
                .isEqualTo("Done: 2 created, 0 duplicates, 0 waiting for their embedding, 1 line refused.");
        List<WebElement> errors = browser.findElements(By.cssSelector("#import-errors li"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getAttribute("data-line")).isEqualTo("2");
        assertThat(errors.get(0).getText()).startsWith("line 2: memory_type");
        WebElement progress = browser.findElement(By.id("import-progress"));
        assertThat(progress.getAttribute("value")).isEqualTo(progress.getAttribute("max"));
        Response listed = star().postJson("/tools/list_memories/execute", "{\"project\":\"alpha\"}");
        assertThat(listed.body().get("count").asInt()).isEqualTo(2);
        screenshot("import");
    }

    @Test
    void theDryRunReportsAndWritesNothingAndPatternsShowTheirEvents() {
        Response recorded = star().postJson("/tools/batch_record_events/execute", """
                {"project":"alpha","events":[
                 {"event_type":"error","content":"NullPointerException in CheckoutService","outcome":"failure",
                  "session_id":"s-1"},
                 {"event_type":"file_change","content":"Added a null check to CheckoutService","session_id":"s-1"},
                 {"event_type":"test_run","content":"mvn verify: 212 tests passed","outcome":"success",
                  "session_id":"s-1"},
                 {"event_type":"deployment","content":"Deployed 1.4.2 to staging","outcome":"success",
                  "session_id":"s-2"}]}""");
        UUID firstEvent = UUID.fromString(recorded.body().get("ids").get(0).asString());
        patterns.create(new NewPattern(
                "alpha",
                "error_fix",
                "Checkout NPEs are fixed by a null check",
                0.72,
                false,
                null,
                null,
                List.of(firstEvent)));
        openConsole();
        tab("patterns");

        WebElement pattern = visible(By.cssSelector("#patterns-table tbody tr"));
        assertThat(pattern.getText()).contains("Checkout NPEs are fixed by a null check", "0.720");
        pattern.click();
        WebElement behind = visible(By.cssSelector("#pattern-events li.event"));
        assertThat(behind.getText()).contains("NullPointerException in CheckoutService");

        browser.findElement(By.id("c-dry-run")).click();
        WebElement title = visible(By.id("report-title"));
        assertThat(title.getText()).startsWith("Dry run report");
        String report = browser.findElement(By.id("consolidation-report")).getText();
        assertThat(report).contains("events_read 4", "dry_run true");
        Response events = star().postJson("/tools/recall_events/execute", "{\"project\":\"alpha\"}");
        assertThat(events.body()
                        .get("events")
                        .valueStream()
                        .noneMatch(e -> e.get("consolidated").asBoolean()))
                .as("a dry run consolidates nothing")
                .isTrue();
        screenshot("patterns-consolidation");
    }

    @Test
    void statusAndTimelineShowTheKeysProjects() {
        remember("alpha", "Status pages count memories", "fact");
        remember("alpha", "Decided to keep the console dependency-free", "decision");
        star().postJson("/tools/record_event/execute", """
                {"event_type":"test_run","content":"console tests passed","outcome":"success","session_id":"s-9",
                 "project":"alpha"}""");
        openConsole();

        tab("status");
        WebElement counts = visible(By.cssSelector("#status-counts-table tbody tr"));
        assertThat(counts.getText()).startsWith("alpha").contains("1");
        assertThat(browser.findElement(By.id("status-overall")).getText()).startsWith("Athena");
        assertThat(browser.findElement(By.id("status-latency")).getText()).contains("every project");
        screenshot("status");

        tab("events");
        WebElement day = visible(By.cssSelector("#timeline .day"));
        assertThat(day.getText()).contains("session s-9", "console tests passed", "success");
        screenshot("events");
    }

    @Test
    void theChoicesAndLimitsComeFromTheToolSchemas() {
        Response tools = alpha().get("/tools");
        assertThat(tools.status()).as(tools.raw()).isEqualTo(200);
        openConsole();

        assertThat(options("f-type")).containsExactlyElementsOf(enumOf(tools, "list_memories", "memory_type"));
        assertThat(options("f-state")).containsExactlyElementsOf(enumOf(tools, "list_memories", "state"));
        assertThat(options("r-type")).containsExactlyElementsOf(enumOf(tools, "remember", "memory_type"));
        assertThat(options("e-type")).containsExactlyElementsOf(enumOf(tools, "recall_events", "event_type"));
        assertThat(options("c-strategy")).containsExactlyElementsOf(enumOf(tools, "run_consolidation", "strategy"));
        List<String> outcomes = enumOf(tools, "recall_events", "outcome");
        assertThat(options("e-outcome"))
                .containsExactlyElementsOf(outcomes.isEmpty() ? enumOf(tools, "record_event", "outcome") : outcomes);
        for (String id : List.of("f-type", "f-state", "r-type", "e-type", "e-outcome", "c-strategy")) {
            assertThat(options(id))
                    .as("the choices of #" + id + " come from the schema")
                    .isNotEmpty();
        }

        JsonNode importance = parameter(tools, "remember", "importance");
        WebElement input = browser.findElement(By.id("r-importance"));
        assertThat(Double.parseDouble(input.getDomAttribute("min")))
                .isEqualTo(importance.get("minimum").asDouble());
        assertThat(Double.parseDouble(input.getDomAttribute("max")))
                .isEqualTo(importance.get("maximum").asDouble());
        JsonNode content = parameter(tools, "remember", "content");
        if (content.has("maxLength")) {
            assertThat(browser.findElement(By.id("r-content")).getDomAttribute("maxlength"))
                    .isEqualTo(content.get("maxLength").asString());
        }
        assertNoPolicyViolations();
    }

    /** The values of a select, leaving out its blank "all" choice. */
    private static List<String> options(String id) {
        return new Select(browser.findElement(By.id(id)))
                .getOptions().stream()
                        .map(option -> option.getDomAttribute("value"))
                        .filter(value -> !value.isEmpty())
                        .toList();
    }

    private static JsonNode parameter(Response tools, String tool, String name) {
        for (JsonNode described : tools.body().get("tools")) {
            if (described.get("name").asString().equals(tool)) {
                return described.get("input_schema").path("properties").path(name);
            }
        }
        throw new AssertionError("GET /tools does not describe " + tool);
    }

    private static List<String> enumOf(Response tools, String tool, String name) {
        List<String> values = new ArrayList<>();
        parameter(tools, tool, name).path("enum").forEach(value -> values.add(value.asString()));
        return values;
    }

    private void openConsole() {
        script(
                "sessionStorage.setItem('athena.console.key', arguments[0]);"
                        + "sessionStorage.setItem('athena.console.project', 'alpha')",
                ALPHA_KEY);
        browser.get(url("/console"));
        visible(By.id("tabs"));
        visible(By.cssSelector("#memories-caption"));
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("memories-caption"), "Page 1"));
    }

    private void tab(String name) {
        browser.findElement(By.cssSelector("#tabs button[data-tab=" + name + "]"))
                .click();
        visible(By.id("tab-" + name));
    }

    private String remember(String project, String content, String type) {
        Response response = star().postJson(
                        "/tools/remember/execute",
                        "{\"content\":\"" + content + "\",\"memory_type\":\"" + type + "\",\"project\":\"" + project
                                + "\"}");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body().get("id").asString();
    }

    private JsonNode memory(String id) {
        String parameters = "{\"memory_id\":\"" + id + "\",\"project\":\"alpha\"}";
        return star().postJson("/tools/get_memory/execute", parameters).body();
    }

    /** The page's own markup and script keep to the policy: Chromium reports every violation on the console. */
    private static void assertNoPolicyViolations() {
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy"))
                .toList();
        assertThat(violations).isEmpty();
    }

    private WebElement visible(By locator) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static <T> void waitUntil(ExpectedCondition<T> condition) {
        new WebDriverWait(browser, WAIT).until(condition);
    }

    private static Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static void screenshot(String name) {
        Path source =
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Path target = screenshotDirectory().resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not save the screenshot " + name, e);
        }
    }

    /**
     * {@code target/console-screenshots} of the module, so a test run leaves the committed files alone; set
     * {@code ATHENA_CONSOLE_SCREENSHOTS=docs} to refresh the ones under {@code docs/console/}.
     */
    private static Path screenshotDirectory() {
        if ("docs".equals(System.getenv("ATHENA_CONSOLE_SCREENSHOTS"))) {
            return repositoryRoot().resolve("docs/console");
        }
        return Path.of("target", "console-screenshots").toAbsolutePath();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root (with mvnw and docs/) not found");
    }

    private static Path executable(String variable, String... candidates) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? path : null;
        }
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }
}
