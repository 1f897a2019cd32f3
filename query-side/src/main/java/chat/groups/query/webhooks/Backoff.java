package chat.groups.query.webhooks;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: exponential backoff with "full jitter" (a random wait
 * between half and all of the exponential step), so that many deliveries failing together
 * (an endpoint that was down) do not come back as one wave.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after the {@code attempts}-th failed attempt (1 for the first failure). */
    public Duration after(int attempts) {
        long step = initial.toMillis();
        for (int i = 1; i < attempts && step < max.toMillis(); i++) {
            step *= 2;
        }
        step = Math.min(step, max.toMillis());
        long half = step / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (step - half)));
    }
}
