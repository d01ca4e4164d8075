package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.athena.gateway.ScriptCommand;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/abuse.sh} against the real gateway (this JVM): a short run floods it from one key, measures the other,
 * prints the table and keeps the MCP sessions within their cap; bad arguments and an unreachable Athena end it with
 * their own exit codes. Whether the latency limits hold depends on the machine, so only the verdict's consistency is
 * asserted here; docs/security.md has a real run.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ATHENA_API_KEYS=" + AbuseScriptIntegrationTests.ATTACKER + ":attacker,"
                    + AbuseScriptIntegrationTests.VICTIM + ":victim," + AbuseScriptIntegrationTests.ADMIN + ":*",
            "athena.mcp.max-sessions-per-key=4"
        })
class AbuseScriptIntegrationTests extends DatabaseIntegrationTest {

    static final String ATTACKER = "attacker-key-4c3b2a1f0e";
    static final String VICTIM = "victim-key-9f8e7d6c5b";
    static final String ADMIN = "admin-key-1a2b3c4d5e";
    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    @Test
    void aShortRunPrintsTheTableAndKeepsTheSessionsWithinTheirCap() throws IOException {
        Path json = work.resolve("abuse.json");

        ScriptCommand.Result run = ScriptCommand.run(
                "scripts/abuse.sh",
                TIME_LIMIT,
                work,
                "--duration",
                "4s",
                "--url",
                "http://127.0.0.1:" + port,
                "--attacker-key",
                ATTACKER,
                "--victim-key",
                VICTIM,
                "--admin-key",
                ADMIN,
                "--pid",
                Long.toString(ProcessHandle.current().pid()),
                "--init-threads",
                "2",
                "--compress-threads",
                "3",
                "--json",
                json.toString());

        assertThat(run.exitCode()).as(run.output()).isIn(0, 1);
        assertThat(run.stdout())
                .contains(
                        "| /health, max ms |",
                        "| recall (victim key), p95 ms |",
                        "| gateway resident memory, MB |",
                        "initialize 1 MB -> 400",
                        "initialize small -> 200");
        assertThat(run.stdout()).containsPattern("compress_prompt -> (200|429)");
        Matcher sessions = Pattern.compile("\\| open MCP sessions at the end \\| \\| (\\d+) \\|")
                .matcher(run.stdout());
        assertThat(sessions.find()).as(run.stdout()).isTrue();
        assertThat(Integer.parseInt(sessions.group(1))).isBetween(1, 4);
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
        assertThat(report.get("failed").asBoolean()).isEqualTo(run.exitCode() == 1);
        assertThat(report.get("rss_mb").size()).isPositive();
    }

    @Test
    void badArgumentsAndAnUnreachableAthenaHaveTheirOwnExitCodes() {
        assertThat(ScriptCommand.run("scripts/abuse.sh", TIME_LIMIT, work, "--duration", "1h")
                        .exitCode())
                .isEqualTo(2);
        assertThat(ScriptCommand.run("scripts/abuse.sh", TIME_LIMIT, work, "--duration", "5s")
                        .exitCode())
                .isEqualTo(2);
        assertThat(ScriptCommand.run(
                                "scripts/abuse.sh",
                                TIME_LIMIT,
                                work,
                                "--duration",
                                "5s",
                                "--url",
                                "http://127.0.0.1:1",
                                "--attacker-key",
                                ATTACKER,
                                "--victim-key",
                                VICTIM)
                        .exitCode())
                .isEqualTo(3);
    }
}
