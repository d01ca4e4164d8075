package dev.athena.reasoning.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The realistic contexts under {@code src/test/resources/compression}, each with the instruction and forced tokens a
 * caller would send.
 */
final class CompressionCorpus {

    record Context(String file, String instruction, List<String> forceTokens, boolean log) {

        String text() {
            try (InputStream in = CompressionCorpus.class.getResourceAsStream("/compression/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + file);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static final List<Context> ALL = List.of(
            prose(
                    "01-agent-transcript-flaky-test.txt",
                    "Why was the test flaky and how was it fixed?",
                    "sleep",
                    "tie-breaker"),
            prose(
                    "02-agent-transcript-docker-port.txt",
                    "What configuration did the user change?",
                    "healthcheck",
                    "memory limit"),
            prose(
                    "03-agent-transcript-migration.txt",
                    "How is the column added without downtime?",
                    "backfill",
                    "NOT VALID"),
            prose(
                    "04-agent-transcript-performance.txt",
                    "Why did recall get slow and what fixed it?",
                    "sequential scan",
                    "planner"),
            prose("05-agent-transcript-auth.txt", "What was decided about authentication?", "enforce", "warn"),
            prose(
                    "06-agent-transcript-consolidation.txt",
                    "Why were all patterns rejected?",
                    "case-sensitive",
                    "grounding"),
            prose("07-code-review-retry.txt", "What must change before merging?", "circuit breaker", "permanent"),
            prose(
                    "08-code-review-sql.txt",
                    "Which problems does the reviewer see in the SQL?",
                    "placeholders",
                    "reciprocal rank fusion"),
            prose("09-code-review-reactive.txt", "Which streaming bugs are reported?", "event loop", "twice"),
            prose("10-code-review-frontend.txt", "List the performance problems.", "debounce", "AbortController"),
            prose(
                    "11-code-review-config.txt",
                    "What happens when the dimensions differ?",
                    "refuse to start",
                    "Fall back"),
            prose(
                    "12-code-review-concurrency.txt",
                    "How should duplicate consolidation be prevented?",
                    "advisory lock",
                    "Clock"),
            log("13-log-startup.txt", "Why did consolidation fail?", "WARN", "ERROR"),
            log("14-log-stacktrace.txt", "What is the root cause of the failure?", "Caused by", "dimension check"),
            log("15-log-gc.txt", "What retains the heap?", "OOM killer", "anonymous record class"),
            log("16-log-http-errors.txt", "Which errors are real bugs?", "real bug", "expected"),
            prose("17-incident-postmortem.txt", "What was the root cause?", "unconsolidated", "synthetic probe"),
            prose("18-design-decision.txt", "Why was full-text search kept?", "exact matches", "GIN"),
            prose("19-meeting-notes.txt", "What are the action items?", "Action items", "start period"),
            prose("20-user-chat-preferences.txt", "What are the user's preferences?", "Berlin", "Hamcrest"),
            prose(
                    "21-pr-description.txt",
                    "How does remember avoid waiting for the embedder?",
                    "pending_embedding",
                    "degraded"),
            prose("22-agent-transcript-release.txt", "What changed in this release?", "minimum", "Fixed"));

    private CompressionCorpus() {}

    private static Context prose(String file, String instruction, String... force) {
        return new Context(file, instruction, List.of(force), false);
    }

    private static Context log(String file, String instruction, String... force) {
        return new Context(file, instruction, List.of(force), true);
    }
}
