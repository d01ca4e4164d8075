package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-process index's settings refuse values it cannot work with, naming the setting. */
class TextIndexPropertiesTests {

    private static TextIndexProperties withShare(double share) {
        return new TextIndexProperties(true, Duration.ofSeconds(5), Duration.ofMinutes(30), true, share);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, 0.95, 1.0, Double.NaN})
    void aVectorHeapShareOutsideItsRangeIsRefused(double share) {
        assertThatThrownBy(() -> withShare(share))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vectors-max-heap-share must be more than 0 and at most 0.9");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.25, 0.9})
    void aVectorHeapShareWithinItsRangeIsKept(double share) {
        assertThat(withShare(share).vectorsMaxHeapShare()).isEqualTo(share);
    }
}
