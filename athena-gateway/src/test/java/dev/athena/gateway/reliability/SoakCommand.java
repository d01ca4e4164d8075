package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/soak.sh} the way an operator would, with a time limit. */
final class SoakCommand {

    private static final Path SCRIPT = repositoryRoot().resolve("scripts/soak.sh");
    private static final Duration TIME_LIMIT = Duration.ofMinutes(2);

    record Result(int exitCode, String stdout, String stderr) {

        String output() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private SoakCommand() {
    }

    static Result run(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        try {
            Path stdout = Files.createTempFile(workingDirectory, "soak-stdout", ".txt");
            Path stderr = Files.createTempFile(workingDirectory, "soak-stderr", ".txt");
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(TIME_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("soak.sh did not finish within " + TIME_LIMIT + ": " + Files.readString(stdout));
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Surefire runs in the module directory; the script lives at the repository root. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/soak.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/soak.sh not found above " + Path.of("").toAbsolutePath());
    }
}
