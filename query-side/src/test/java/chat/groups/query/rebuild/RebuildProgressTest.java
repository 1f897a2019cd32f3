package chat.groups.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.query.rebuild.ProjectionStatus.RebuildProgress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a rebuild's progress reads in the log and in the 409 of a second rebuild. */
class RebuildProgressTest {

    @Test
    void figuresNotMeasuredYetAreLeftOutNotShownAsQuestionMarks() {
        RebuildProgress justStarted = new RebuildProgress(2, "groups_v2", "replaying", Instant.EPOCH, 0L, null, 1500L,
                0.0, null, null, null);

        assertThat(justStarted.describe())
                .isEqualTo("version 2 replaying: 0.0% (position not started of 1500, 0 events written)")
                .doesNotContain("?");
    }

    @Test
    void aRunningRebuildShowsItsRateAndEta() {
        RebuildProgress running = new RebuildProgress(2, "groups_v2", "replaying", Instant.EPOCH, 700L, 700L, 1500L,
                46.7, 350.4, 3L, null);

        assertThat(running.describe())
                .isEqualTo("version 2 replaying: 46.7% (position 700 of 1500, 700 events written), 350 events/s, ETA 3 s");
    }
}
