package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgSnapshotTests {

    @Test
    void readsPostgresTextForm() {
        PgSnapshot snapshot = PgSnapshot.parse("100:105:102,100");

        assertThat(snapshot.xmin()).isEqualTo(100);
        assertThat(snapshot.xmax()).isEqualTo(105);
        assertThat(snapshot.inProgressArray()).isEqualTo("{100,102}");
        assertThat(PgSnapshot.parse("7:7:").inProgressArray()).isEqualTo("{}");
        assertThatThrownBy(() -> PgSnapshot.parse("7:7")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLaterSnapshotSeesAtLeastAnEarlierOne() {
        PgSnapshot earlier = PgSnapshot.parse("100:105:100,102");

        assertThat(PgSnapshot.parse("102:106:102").seesAtLeast(earlier)).isTrue();
        assertThat(PgSnapshot.parse("100:105:100").seesAtLeast(earlier))
                .as("same xmax, a transaction ended since")
                .isTrue();
        assertThat(earlier.seesAtLeast(earlier)).isTrue();
        assertThat(earlier.seesAtLeast(PgSnapshot.parse("100:105:100"))).isFalse();
        assertThat(earlier.seesAtLeast(PgSnapshot.parse("103:108:"))).isFalse();
    }
}
