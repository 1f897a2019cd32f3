package chat.groups.query.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Duration initial = Duration.ofSeconds(30);
    private final Duration max = Duration.ofHours(1);

    @Test
    void doublesFromTheInitialWaitUpToTheMaximum() {
        Backoff longest = new Backoff(initial, max, () -> 1.0);
        assertThat(longest.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(longest.after(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(longest.after(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(longest.after(7)).isEqualTo(Duration.ofSeconds(1920));
        assertThat(longest.after(8)).as("3840 s, capped").isEqualTo(max);
        assertThat(longest.after(50)).isEqualTo(max);
        assertThat(longest.after(Integer.MAX_VALUE)).isEqualTo(max);
    }

    @Test
    void jitterSpreadsEachWaitOverItsUpperHalf() {
        Backoff shortest = new Backoff(initial, max, () -> 0.0);
        Backoff middle = new Backoff(initial, max, () -> 0.5);
        assertThat(shortest.after(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(middle.after(2)).isEqualTo(Duration.ofSeconds(45));
        assertThat(shortest.after(50)).isEqualTo(max.dividedBy(2));
    }

    @Test
    void retriesOverThreeDaysTakeAboutAHundredAttemptsWithTheDefaults() {
        Backoff expected = new Backoff(initial, max, () -> 0.75);
        Duration total = Duration.ZERO;
        int attempts = 0;
        while (total.compareTo(Duration.ofDays(3)) < 0) {
            total = total.plus(expected.after(++attempts));
        }
        assertThat(attempts).isBetween(80, 110);
    }
}
