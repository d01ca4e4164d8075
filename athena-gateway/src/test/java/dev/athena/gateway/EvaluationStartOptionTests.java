package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code scripts/eval-retrieval.sh --start} refuses or leaves alone before it would build and start an Athena. The
 * start itself runs on every build in the documentation smoke test (docs/evaluation.md, scripts/smoke-docs.sh).
 */
class EvaluationStartOptionTests {

    @TempDir
    Path work;

    @Test
    void startWithAUrlIsRefusedBeforeAnythingIsBuiltOrStarted() {
        var run = EvaluationCommand.run(
                work, EvaluationCommand.FIXTURE.toString(), "--start", "--url", "http://localhost:8000");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.stderr())
                .contains("--start and --url exclude each other")
                .doesNotContain("starting Athena", "setup-postgres");
    }

    @Test
    void checkingTheFixtureNeedsNoServerSoStartStartsNone() {
        var run = EvaluationCommand.run(work, EvaluationCommand.FIXTURE.toString(), "--start", "--check");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).containsPattern("\\d+ cases, \\d+ memories, \\d+ queries");
        assertThat(run.stderr()).doesNotContain("starting Athena", "setup-postgres");
    }
}
