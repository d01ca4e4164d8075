package dev.athena.gateway.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.athena.gateway.ScriptCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/download_models.sh} against a local stand-in for the model hub: complete downloads, skipping complete
 * files, resuming partial ones with Range requests, checksum and size failures, and clear errors.
 */
class DownloadModelsScriptTests {

    static final String EMBEDDING_REPO = "nomic-ai/nomic-embed-text-v1.5-GGUF";
    static final String EMBEDDING_FILE = "nomic-embed-text-v1.5.Q4_K_M.gguf";
    static final String REASONING_REPO = "Qwen/Qwen3-VL-4B-Instruct-GGUF";
    static final String REASONING_FILE = "Qwen3VL-4B-Instruct-Q4_K_M.gguf";
    static final String MMPROJ_FILE = "mmproj-Qwen3VL-4B-Instruct-F16.gguf";

    final byte[] embedding = randomBytes(1, 200_000);
    final byte[] reasoning = randomBytes(2, 300_000);
    final byte[] mmproj = randomBytes(3, 100_000);

    @TempDir
    Path home;

    ModelHubStub hub;
    Path models;

    @BeforeEach
    void startHub() throws IOException {
        hub = new ModelHubStub()
                .serve(EMBEDDING_REPO, EMBEDDING_FILE, embedding)
                .serve(REASONING_REPO, REASONING_FILE, reasoning)
                .serve(REASONING_REPO, MMPROJ_FILE, mmproj);
        models = home.resolve("models");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void downloadsTheThreeFilesOfTheComposeStackVerifiedAndShowsProgress() throws Exception {
        Run run = run(Map.of(), models.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(models.resolve(EMBEDDING_FILE)).hasBinaryContent(embedding);
        assertThat(models.resolve(REASONING_FILE)).hasBinaryContent(reasoning);
        assertThat(models.resolve(MMPROJ_FILE)).hasBinaryContent(mmproj);
        assertThat(models.resolve("." + EMBEDDING_FILE + ".sha256"))
                .hasContent(ModelHubStub.sha256(embedding) + " " + embedding.length);
        assertThat(run.output())
                .contains("downloading " + EMBEDDING_FILE + " (embedding, 200.0 KB) from " + hub.endpoint() + "/"
                        + EMBEDDING_REPO + "/resolve/main/" + EMBEDDING_FILE)
                .contains("100.0%")
                .contains(REASONING_FILE + " is complete (sha256 " + ModelHubStub.sha256(reasoning) + ")")
                .contains("all model files are complete in " + models);
        try (var files = Files.list(models)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void skipsFilesAlreadyCompleteWithoutAskingTheHub() throws Exception {
        assertThat(run(Map.of(), models.toString()).exitCode()).isZero();
        int requestsAfterFirstRun = hub.requests().size();

        Run again = run(Map.of(), models.toString());

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(hub.requests()).hasSize(requestsAfterFirstRun);
        assertThat(again.output())
                .contains(EMBEDDING_FILE + " is already complete (200.0 KB, sha256 " + ModelHubStub.sha256(embedding)
                        + "): skipped");
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve(EMBEDDING_FILE + ".part"), Arrays.copyOf(embedding, 80_000));

        Run run = run(Map.of(), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(models.resolve(EMBEDDING_FILE)).hasBinaryContent(embedding);
        assertThat(run.output()).contains("resuming " + EMBEDDING_FILE + " from 80.0 KB");
        assertThat(hub.requests()).contains("GET /cdn/" + EMBEDDING_REPO + "/" + EMBEDDING_FILE + " bytes=80000-");
    }

    @Test
    void startsAgainWhenTheServerCannotResume() throws Exception {
        hub.ignoreRange();
        Files.createDirectories(models);
        Files.write(models.resolve(EMBEDDING_FILE + ".part"), Arrays.copyOf(embedding, 50_000));

        Run run = run(Map.of(), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(models.resolve(EMBEDDING_FILE)).hasBinaryContent(embedding);
        assertThat(run.output())
                .contains("the server does not resume downloads: starting " + EMBEDDING_FILE + " again");
    }

    @Test
    void aBadChecksumFailsClearlyAndLeavesNoFileThatLooksComplete() throws Exception {
        String wrong = "0".repeat(64);
        hub.advertise(EMBEDDING_REPO, EMBEDDING_FILE, wrong);

        Run run = run(Map.of(), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output())
                .contains("checksum mismatch for " + EMBEDDING_FILE + ": expected sha256 " + wrong + ", got "
                        + ModelHubStub.sha256(embedding) + "; the download was deleted, run again");
        assertThat(models.resolve(EMBEDDING_FILE)).doesNotExist();
        assertThat(models.resolve(EMBEDDING_FILE + ".part")).doesNotExist();
        assertThat(models.resolve("." + EMBEDDING_FILE + ".sha256")).doesNotExist();
    }

    @Test
    void aPinnedChecksumWinsOverTheHubs() throws Exception {
        String pinned = "a".repeat(64);

        Run run = run(Map.of("EMBEDDING_MODEL_SHA256", pinned), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output())
                .contains("the pinned SHA-256 of " + EMBEDDING_FILE + " differs from the hub's")
                .contains("expected sha256 " + pinned);
        assertThat(models.resolve(EMBEDDING_FILE)).doesNotExist();
    }

    @Test
    void refusesAFileWithoutAKnownChecksumUnlessToldToSkipIt() throws Exception {
        hub.withoutEtag();

        Run refused = run(Map.of(), "--only", "embedding", models.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("no checksum known for " + EMBEDDING_FILE);
        assertThat(models.resolve(EMBEDDING_FILE)).doesNotExist();

        Run accepted = run(Map.of("ATHENA_MODELS_SKIP_CHECKSUM", "1"), "--only", "embedding", models.toString());
        assertThat(accepted.exitCode()).as(accepted.output()).isZero();
        assertThat(accepted.output()).contains("WARNING: " + EMBEDDING_FILE + " has no known checksum");
        assertThat(models.resolve(EMBEDDING_FILE)).hasBinaryContent(embedding);
    }

    @Test
    void verifiesAFileCopiedInByHandInsteadOfDownloadingIt() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve(EMBEDDING_FILE), embedding);

        Run run = run(Map.of(), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains(EMBEDDING_FILE + " exists without a verification record: checking it");
        assertThat(hub.requests()).noneMatch(request -> request.startsWith("GET /cdn/"));
        assertThat(models.resolve("." + EMBEDDING_FILE + ".sha256")).exists();
    }

    @Test
    void leavesADifferentExistingFileAloneAndSaysWhatToDo() throws Exception {
        Files.createDirectories(models);
        byte[] other = randomBytes(9, 1_000);
        Files.write(models.resolve(EMBEDDING_FILE), other);

        Run run = run(Map.of(), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output())
                .contains("exists but its SHA-256 is " + ModelHubStub.sha256(other) + ", not "
                        + ModelHubStub.sha256(embedding)
                        + ": it is another version or damaged; delete it and run again");
        assertThat(models.resolve(EMBEDDING_FILE)).hasBinaryContent(other);
    }

    @Test
    void aMissingFileIsA404NamingTheUrl() throws Exception {
        Run run = run(Map.of("EMBEDDING_MODEL_FILE", "no-such-model.gguf"), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output())
                .contains("not found: " + hub.endpoint() + "/" + EMBEDDING_REPO
                        + "/resolve/main/no-such-model.gguf (HTTP 404)");
    }

    @Test
    void anUnreachableHubIsNamed() throws Exception {
        String endpoint = hub.endpoint();
        hub.close();

        Run run = run(Map.of(), "--only", "embedding", models.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("cannot reach " + endpoint + "/" + EMBEDDING_REPO);
    }

    @Test
    void readsModelNamesFromTheEnvFileWithTheEnvironmentWinning() throws Exception {
        Path envFile = home.resolve("athena.env");
        Files.writeString(envFile, """
                # a comment
                ATHENA_MODELS_DIR=~/from-env-file
                EMBEDDING_MODEL_FILE="custom-embed.gguf"
                REASONING_MODEL_FILE=custom-reasoning.gguf
                """);

        Run list = run(
                Map.of("ATHENA_ENV_FILE", envFile.toString(), "REASONING_MODEL_FILE", "from-environment.gguf"),
                "--list");

        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output())
                .contains(
                        "embedding\t" + home.resolve("from-env-file/custom-embed.gguf") + "\t" + hub.endpoint() + "/"
                                + EMBEDDING_REPO + "/resolve/main/custom-embed.gguf",
                        "reasoning\t" + home.resolve("from-env-file/from-environment.gguf"),
                        "reasoning\t" + home.resolve("from-env-file/" + MMPROJ_FILE));
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void helpPrintsTheUsageAndEverySettingOnStandardOutputWithoutTouchingTheHub() {
        var help = ScriptCommand.run("scripts/download_models.sh", Duration.ofSeconds(30), home, "--help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.stdout())
                .startsWith("Downloads the GGUF model files")
                .contains(
                        "Usage: scripts/download_models.sh",
                        "--list",
                        "the dry run",
                        "ATHENA_HF_ENDPOINT",
                        "EMBEDDING_MODEL_SHA256",
                        "HF_TOKEN",
                        "ATHENA_MODELS_SKIP_CHECKSUM")
                .doesNotContain("set -euo pipefail", "# ");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void rejectsAnUnknownServerChoice() throws Exception {
        Run run = run(Map.of(), "--only", "everything", models.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("--only takes 'embedding' or 'reasoning', not 'everything'");
    }

    private Run run(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "bash", RepositoryFiles.path("scripts/download_models.sh").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("EMBEDDING_")
                        || name.startsWith("REASONING_")
                        || name.startsWith("ATHENA_")
                        || name.startsWith("HF_")
                        || name.equals("MODEL_REVISION"));
        env.put("HOME", home.toString());
        env.put("ATHENA_ENV_FILE", home.resolve("no-env-file").toString());
        env.put("ATHENA_HF_ENDPOINT", hub.endpoint());
        env.putAll(new HashMap<>(environment));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "download_models.sh did not finish in 60 s:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    record Run(int exitCode, String output) {}
}
