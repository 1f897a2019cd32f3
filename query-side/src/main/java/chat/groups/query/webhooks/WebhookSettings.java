package chat.groups.query.webhooks;

import java.time.Duration;

/**
 * The {@code groups.webhooks.*} settings, see docs/webhooks.md.
 *
 * @param timeout                 a receiver must answer 2xx within this time, else the attempt failed
 * @param retryFor                how long after the event a delivery is retried before it is marked failed
 * @param initialBackoff          the wait after the first failed attempt; doubled after each further one
 * @param maxBackoff              the longest wait between two attempts
 * @param disableAfter            an endpoint whose deliveries have failed without a success for this long is disabled
 * @param workers                 threads sending deliveries, shared by all endpoints
 * @param perEndpointConcurrency  deliveries to one endpoint in flight at once, so one slow endpoint takes at most that many workers
 * @param pollInterval            how often a worker idle in this process looks for due deliveries (new ones wake it at once)
 * @param allowInsecureUrls       http URLs and loopback/private/link-local addresses are allowed (development and tests only)
 * @param retention               delivered and failed deliveries are kept this long for the attempts log
 */
public record WebhookSettings(
        Duration timeout,
        Duration retryFor,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration disableAfter,
        int workers,
        int perEndpointConcurrency,
        Duration pollInterval,
        boolean allowInsecureUrls,
        Duration retention) {

    /** Bounded bodies: what a receiver answers is read up to this many bytes, and kept up to {@link #ERROR_CHARS}. */
    public static final int MAX_RESPONSE_BYTES = 4096;
    public static final int ERROR_CHARS = 200;

    public WebhookSettings {
        requirePositive("groups.webhooks.timeout", timeout);
        requirePositive("groups.webhooks.retry-for", retryFor);
        requirePositive("groups.webhooks.initial-backoff", initialBackoff);
        requirePositive("groups.webhooks.max-backoff", maxBackoff);
        requirePositive("groups.webhooks.disable-after", disableAfter);
        requirePositive("groups.webhooks.poll-interval", pollInterval);
        requirePositive("groups.webhooks.retention", retention);
        if (workers < 1 || workers > 256) {
            throw new IllegalStateException("Setting 'groups.webhooks.workers' must be from 1 to 256, not " + workers);
        }
        if (perEndpointConcurrency < 1 || perEndpointConcurrency > workers) {
            throw new IllegalStateException("Setting 'groups.webhooks.per-endpoint-concurrency' must be from 1 to "
                    + "groups.webhooks.workers (" + workers + "), not " + perEndpointConcurrency);
        }
    }

    /** How long a worker owns a claimed delivery: a worker that died lets it go after this. */
    public Duration lease() {
        return timeout.multipliedBy(2).plusSeconds(5);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalStateException("Setting '" + name + "' must be a positive duration such as 10s, not " + value);
        }
    }
}
