package dev.athena.gateway.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/strip-foreign-natives.sh}, which the Dockerfile runs on the extracted jar: each native-bearing jar
 * keeps its classes, its manifest and the image's own platform, and loses every other platform's libraries.
 */
class StripForeignNativesScriptTests {

    static final List<String> ONNXRUNTIME_ENTRIES = List.of(
            "ai/onnxruntime/OrtEnvironment.class",
            "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
            "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
            "ai/onnxruntime/native/osx-x64/libonnxruntime.dylib",
            "ai/onnxruntime/native/win-x64/onnxruntime.pdb");
    static final List<String> TOKENIZERS_ENTRIES = List.of(
            "ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class",
            "native/lib/linux-x86_64/cpu/libtokenizers.so",
            "native/lib/linux-aarch64/cpu/libtokenizers.so",
            "native/lib/osx-aarch64/cpu/libtokenizers.dylib",
            "native/lib/win-x86_64/cpu/tokenizers.dll");

    @TempDir
    Path extracted;

    Path onnxruntime;
    Path tokenizers;
    Path otherLibrary;

    @BeforeEach
    void extractedApplication() throws IOException {
        Path lib = Files.createDirectories(extracted.resolve("dependencies/lib"));
        onnxruntime = jar(lib.resolve("onnxruntime-1.20.0.jar"), ONNXRUNTIME_ENTRIES);
        tokenizers = jar(lib.resolve("tokenizers-0.36.0.jar"), TOKENIZERS_ENTRIES);
        otherLibrary = jar(lib.resolve("jna-5.18.1.jar"), List.of("com/sun/jna/darwin-aarch64/libjnidispatch.jnilib"));
    }

    @Test
    void anAmd64ImageKeepsTheLinuxX64LibrariesOnly() throws Exception {
        Run run = strip("amd64");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(entries(onnxruntime))
                .containsExactlyInAnyOrder(
                        "META-INF/MANIFEST.MF",
                        "ai/onnxruntime/OrtEnvironment.class",
                        "ai/onnxruntime/native/linux-x64/libonnxruntime.so");
        assertThat(entries(tokenizers))
                .containsExactlyInAnyOrder(
                        "META-INF/MANIFEST.MF",
                        "ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class",
                        "native/lib/linux-x86_64/cpu/libtokenizers.so");
        assertThat(run.output()).contains("onnxruntime-1.20.0.jar keeps ai/onnxruntime/native/linux-x64 only");
    }

    @Test
    void anArm64ImageKeepsTheLinuxAarch64LibrariesOnly() throws Exception {
        Run run = strip("arm64");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(entries(onnxruntime))
                .filteredOn(entry -> entry.contains("/native/"))
                .containsExactly("ai/onnxruntime/native/linux-aarch64/libonnxruntime.so");
        assertThat(entries(tokenizers))
                .filteredOn(entry -> entry.startsWith("native/"))
                .containsExactly("native/lib/linux-aarch64/cpu/libtokenizers.so");
    }

    @Test
    void theStrippedJarsKeepTheirManifestsAndOtherJarsAreUntouched() throws Exception {
        byte[] otherBefore = Files.readAllBytes(otherLibrary);

        assertThat(strip("amd64").exitCode()).isZero();

        try (JarFile jar = new JarFile(onnxruntime.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Title"))
                    .isEqualTo("onnxruntime-1.20.0.jar");
        }
        assertThat(Files.readAllBytes(otherLibrary)).isEqualTo(otherBefore);
    }

    @Test
    void anUnknownArchitectureFailsWithoutChangingAnything() throws Exception {
        Run run = strip("riscv64");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("unknown architecture 'riscv64': amd64 or arm64");
        assertThat(entries(onnxruntime)).containsAll(ONNXRUNTIME_ENTRIES);
    }

    @Test
    void aJarWithoutTheImagesPlatformFailsTheBuildRatherThanShipAnEmbedderThatCannotLoad() throws Exception {
        jar(onnxruntime, List.of("ai/onnxruntime/native/osx-x64/libonnxruntime.dylib"));

        Run run = strip("amd64");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("has no ai/onnxruntime/native/linux-x64");
    }

    @Test
    void theDockerfileStripsTheExtractedDependenciesForTheTargetArchitecture() {
        String dockerfile = RepositoryFiles.read("docker/Dockerfile");

        assertThat(dockerfile)
                .contains("ARG TARGETARCH")
                .contains("COPY docker/strip-foreign-natives.sh ")
                .contains("strip-foreign-natives.sh extracted/dependencies \"${TARGETARCH:-amd64}\"");
    }

    record Run(int exitCode, String output) {}

    Run strip(String architecture) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "sh",
                        RepositoryFiles.path("docker/strip-foreign-natives.sh").toString(),
                        extracted.resolve("dependencies").toString(),
                        architecture)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the script finished")
                .isTrue();
        return new Run(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Path jar(Path file, List<String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes()
                .putValue("Implementation-Title", file.getFileName().toString());
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (String entry : entries) {
                jar.putNextEntry(new JarEntry(entry));
                jar.write(entry.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    static List<String> entries(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(file.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.isDirectory()) {
                    names.add(entry.getName());
                }
            }
        }
        return names;
    }
}
