package dev.athena.gateway.reliability;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Athena started as a process of its own, the way it runs in production ({@code java ...
 * dev.athena.AthenaApplication}), from the application's classpath (this test JVM's, without test classes: no test
 * configuration is scanned), so that a test can kill it with SIGKILL. Its output goes to a log file under
 * {@code target/}.
 */
final class AthenaProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private AthenaProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Athena with the given {@code --name=value} arguments and waits until it is ready. */
    static AthenaProcess start(String name, List<String> arguments) throws IOException, InterruptedException {
        int port = freePort();
        Path log = Path.of("target", "athena-process-" + name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                applicationClasspath(),
                "dev.athena.AthenaApplication",
                "--server.port=" + port,
                "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        AthenaProcess athena = new AthenaProcess(process, port, log);
        athena.awaitReady();
        return athena;
    }

    int port() {
        return port;
    }

    /** What the process wrote to standard output and error so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    /**
     * Kills the process with SIGKILL (on Linux {@link Process#destroyForcibly()} sends signal 9: no shutdown hook, no
     * graceful shutdown, no transaction is finished) and waits for it to be gone.
     *
     * @return the exit status, 137 (128 + 9) for a process killed by SIGKILL
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Athena (pid " + process.pid() + ") did not die after SIGKILL");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest readiness = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Athena exited with " + process.exitValue() + " while starting; its log:\n" + tail());
            }
            try {
                if (HTTP.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        kill();
        throw new IllegalStateException("Athena was not ready within " + START_TIMEOUT + "; its log:\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath the tests run with (Surefire names it in {@code surefire.test.class.path}), less test classes and
     * test jars: what remains is the application with its dependencies (and the test libraries, which it never scans).
     */
    private static String applicationClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")
                        && !entry.endsWith("test-classes" + File.separator)
                        && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
