package dev.athena.gateway.documentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.athena.gateway.ScriptCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/smoke-docs.sh} on small documents written here: a failing command is named by document and line,
 * unmarked command blocks fail the check, marked ones are reported with their reason and not run, marker arguments
 * reach the scripts, started servers serve the following blocks and are stopped at the end. The last test holds the
 * repository's own documents to the rule that every command block is runnable or says why not.
 */
class DocumentationSmokeScriptTests {

    private static final Duration TIME_LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path root;

    @Test
    void aFailingCommandIsNamedByItsDocumentAndLineAndTheOthersStillRun() throws IOException {
        write("README.md", """
                # Demo

                <!-- smoke: run -->
                ```bash
                true
                echo first block done
                false    # line 7 fails
                echo never printed
                ```

                <!-- smoke: run -->
                ```sh
                echo second block runs
                ```
                """);

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout())
                .contains(
                        "FAILED README.md:7: exit 1: false",
                        "first block done",
                        "ok     README.md:12",
                        "docs smoke: failed: README.md:7")
                .doesNotContain("never printed");
    }

    @Test
    void aCommandBlockWithoutAMarkerFailsTheCheckNamingItWhilePlainAndJsonBlocksNeedNone() throws IOException {
        write("README.md", """
                ```json
                {"not": "a command"}
                ```

                ```
                output, not a command
                ```
                """);
        write("docs/guide.md", """
                Intro.

                ```bash
                rm -rf /tmp/never-run-by-the-smoke-test
                ```
                """);

        var run = smoke("--check");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("FAILED docs/guide.md:3: command block without a smoke marker")
                .doesNotContain("README.md");
    }

    @Test
    void markedBlocksAreReportedWithTheirReasonAndNotRun() throws IOException {
        Path evidence = root.resolve("ran");
        write("README.md", """
                <!-- smoke: needs a Docker engine | reason: compose runs the stack -->
                ```bash
                touch %s
                ```

                <!-- smoke: needs a model server | reason: llama-server with a GGUF model -->
                ```bash
                touch %s
                ```
                """.formatted(evidence, evidence));

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains(
                        "marked README.md:2  needs a Docker engine: compose runs the stack",
                        "marked README.md:7  needs a model server: llama-server with a GGUF model",
                        "0 command blocks run, 2 marked as not runnable, 0 failed");
        assertThat(evidence).doesNotExist();
    }

    @Test
    void aMarkerWithoutItsReasonOrAwayFromItsBlockIsRefusedBeforeAnythingRuns() throws IOException {
        Path evidence = root.resolve("ran");
        write("README.md", """
                <!-- smoke: run -->
                ```bash
                touch %s
                ```

                <!-- smoke: skip -->
                ```bash
                echo one
                ```
                """.formatted(evidence));
        write("docs/guide.md", """
                <!-- smoke: run -->
                Text between the marker and its block.
                ```bash
                echo two
                ```
                """);

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout())
                .contains(
                        "FAILED README.md:6: smoke marker 'skip' needs '| reason: ...'",
                        "FAILED docs/guide.md:1: smoke marker not directly before a code block",
                        "nothing was run");
        assertThat(evidence).doesNotExist();
    }

    @Test
    void scriptArgumentsFromTheMarkerFollowTheDocumentsOwnAndStayOutOfItsComment() throws IOException {
        Path arguments = root.resolve("arguments.txt");
        write("scripts/record-arguments.sh", "echo \"$*\" >> " + arguments + "\n");
        write("README.md", """
                <!-- smoke: run | script arguments: --memories 5 --duration 1 -->
                ```bash
                scripts/record-arguments.sh --memories 100000   # the full size; "quoted" # and hashed
                EXTRA=1 scripts/record-arguments.sh \\
                  --json out.json
                echo not a script
                ```
                """);

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Files.readAllLines(arguments))
                .containsExactly(
                        "--memories 100000 --memories 5 --duration 1", "--json out.json --memories 5 --duration 1");
    }

    @Test
    void aCommandSpanningLinesRunsAsOneAndAFailureAfterItIsNamedByItsOwnLine() throws IOException {
        write("README.md", """
                <!-- smoke: run | expect: {"k": 1} -->
                ```bash
                printf '%s\\n' '{"k":
                 1}' | tr -d '\\n'
                echo
                test -e no-such-file
                ```
                """);

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout()).contains("FAILED README.md:6: exit 1: test -e no-such-file");
    }

    @Test
    void outputWithoutTheExpectedTextFailsTheBlock() throws IOException {
        write("README.md", """
                <!-- smoke: run | expect: "status":"created" -->
                ```bash
                echo '{"type":"about:blank","status":400}'
                ```
                """);

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout())
                .contains(
                        "FAILED README.md:2: the output does not contain \"status\":\"created\"",
                        "{\"type\":\"about:blank\",\"status\":400}");
    }

    @Test
    void aStartedServerServesTheFollowingDocumentsAndIsStoppedAtTheEnd() throws IOException {
        int port = freePort();
        write("README.md", """
                <!-- smoke: start | ready: http://127.0.0.1:%d/ -->
                ```bash
                python3 -m http.server %d --bind 127.0.0.1
                ```
                """.formatted(port, port));
        write("docs/guide.md", """
                <!-- smoke: run | expect: Directory listing -->
                ```bash
                curl -sf http://127.0.0.1:%d/
                ```
                """.formatted(port));

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("ok     README.md:2  started", "ok     docs/guide.md:2");
        assertThat(accepts(port))
                .as("the started server is stopped when the smoke run ends")
                .isFalse();
    }

    @Test
    void aServerThatExitsBeforeItIsReadyFailsItsBlock() throws IOException {
        int port = freePort();
        write("README.md", """
                <!-- smoke: start | ready: http://127.0.0.1:%d/health -->
                ```bash
                echo cannot start; exit 3
                ```
                """.formatted(port));

        var run = smoke();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout()).contains("FAILED README.md:3: exited (status 3) before", "cannot start");
    }

    @Test
    void everyCommandBlockOfTheRepositoryDocumentsRunsOrSaysWhyItCannot() {
        var run = ScriptCommand.run("scripts/smoke-docs.sh", TIME_LIMIT, root, "--check");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .doesNotContain("FAILED")
                .containsPattern("docs smoke: [1-9]\\d* command blocks to run");
    }

    private ScriptCommand.Result smoke(String... options) {
        List<String> arguments = new ArrayList<>(List.of("--root", root.toString(), "--database", "none"));
        arguments.addAll(List.of(options));
        return ScriptCommand.run("scripts/smoke-docs.sh", TIME_LIMIT, root, arguments.toArray(String[]::new));
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        file.toFile().setExecutable(relative.endsWith(".sh"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
