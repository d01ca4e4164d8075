package dev.athena.gateway;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the repository's scripts the way a user would, from a given working directory, with a time limit. */
public final class ScriptCommand {

    /** Surefire runs in the module directory; the scripts live at the repository root. */
    public static final Path REPOSITORY = repositoryRoot();

    public record Result(int exitCode, String stdout, String stderr) {

        public String output() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private ScriptCommand() {}

    /** Runs {@code bash <script> arguments...}; {@code script} is relative to the repository root. */
    public static Result run(String script, Duration timeLimit, Path workingDirectory, String... arguments) {
        List<String> command =
                new ArrayList<>(List.of("bash", REPOSITORY.resolve(script).toString()));
        command.addAll(List.of(arguments));
        try {
            Path stdout = Files.createTempFile(workingDirectory, "script-stdout", ".txt");
            Path stderr = Files.createTempFile(workingDirectory, "script-stderr", ".txt");
            Process process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(timeLimit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(script + " did not finish within " + timeLimit + ": " + Files.readString(stdout));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("scripts")) && Files.isRegularFile(dir.resolve(".ci/run"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the repository root (with scripts/ and .ci/run) not found above "
                + Path.of("").toAbsolutePath());
    }
}
