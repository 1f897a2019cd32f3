package chat.groups.common.ratelimit;

import chat.groups.common.config.ConfigurationMistake;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket (Bucket4j) per account: it holds {@code burst} requests and refills at
 * {@code requestsPerSecond}, continuously ("greedy" refill), so a client may send a burst at
 * once and then keeps the sustained rate.
 *
 * <p>The buckets live in this process only and never grow without bound. A bucket left
 * alone for as long as an empty one takes to refill is full, and a full bucket is exactly
 * what a new one would be: such idle buckets are dropped, at most once per refill period,
 * without changing anyone's limit. Only if more than {@code maxKeys} keys were all busy
 * within one refill period would the least recently used busy buckets be dropped too (their
 * clients then start again from a full bucket).
 */
public final class RateLimiter {

    /** The keys this limiter tracks at most; far above the accounts one server serves. */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    /** What the limiter decided for one request; times are relative to the decision. */
    public record Decision(boolean allowed, long limit, long remaining, long nanosToRetry, long nanosToFull) {
    }

    private static final class Entry {
        final Bucket bucket;
        volatile long lastUsedNanos;

        Entry(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    private final long requestsPerSecond;
    private final long burst;
    private final int maxKeys;
    private final TimeMeter time;
    private final long idleNanos;
    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepNanos;

    public RateLimiter(long requestsPerSecond, long burst) {
        this(requestsPerSecond, burst, DEFAULT_MAX_KEYS, TimeMeter.SYSTEM_NANOTIME);
    }

    RateLimiter(long requestsPerSecond, long burst, int maxKeys, TimeMeter time) {
        if (requestsPerSecond < 1) {
            throw new ConfigurationMistake("groups.rate-limit.requests-per-second",
                    "must be at least 1, not " + requestsPerSecond,
                    "set GROUPS_RATE_LIMIT_REQUESTS_PER_SECOND to a whole number of 1 or more, or leave it out (100)");
        }
        if (burst < 1) {
            throw new ConfigurationMistake("groups.rate-limit.burst", "must be at least 1, not " + burst,
                    "set GROUPS_RATE_LIMIT_BURST to a whole number of 1 or more, or leave it out (200)");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, not " + maxKeys);
        }
        this.requestsPerSecond = requestsPerSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.time = time;
        // An empty bucket is full again after burst / rate seconds; round up to whole nanoseconds.
        long burstNanos = Math.multiplyExact(burst, 1_000_000_000L);
        this.idleNanos = Math.max(1, (burstNanos + requestsPerSecond - 1) / requestsPerSecond);
        this.lastSweepNanos = new AtomicLong(time.currentTimeNanos());
    }

    public long requestsPerSecond() {
        return requestsPerSecond;
    }

    public long burst() {
        return burst;
    }

    /** Takes one token from {@code key}'s bucket if it has one. */
    public Decision tryAcquire(String key) {
        long now = time.currentTimeNanos();
        ConsumptionProbe[] probe = new ConsumptionProbe[1];
        // compute() runs atomically per key, so a sweep never drops a bucket between its lookup and its use.
        buckets.compute(key, (k, entry) -> {
            Entry used = entry != null ? entry : new Entry(newBucket());
            used.lastUsedNanos = now;
            probe[0] = used.bucket.tryConsumeAndReturnRemaining(1);
            return used;
        });
        evictIfDue(now);
        ConsumptionProbe p = probe[0];
        return new Decision(p.isConsumed(), burst, p.getRemainingTokens(),
                p.isConsumed() ? 0 : p.getNanosToWaitForRefill(), p.getNanosToWaitForReset());
    }

    /** How many keys have a bucket now (for tests and diagnostics). */
    public int trackedKeys() {
        return buckets.size();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(requestsPerSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    private void evictIfDue(long now) {
        long last = lastSweepNanos.get();
        boolean periodic = now - last >= idleNanos;
        boolean overfull = buckets.size() > maxKeys;
        if ((periodic || overfull) && lastSweepNanos.compareAndSet(last, now)) {
            dropIdle(now);
            if (buckets.size() > maxKeys) {
                dropLeastRecentlyUsed();
            }
        }
    }

    private void dropIdle(long now) {
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, entry) -> now - entry.lastUsedNanos >= idleNanos ? null : entry);
        }
    }

    private void dropLeastRecentlyUsed() {
        List<Map.Entry<String, Long>> byAge = new ArrayList<>();
        buckets.forEach((key, entry) -> byAge.add(Map.entry(key, entry.lastUsedNanos)));
        byAge.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        // Down to 90% of the cap, so that a server at the cap does not sort on every request.
        int excess = buckets.size() - maxKeys + maxKeys / 10;
        for (int i = 0; i < excess && i < byAge.size(); i++) {
            Map.Entry<String, Long> oldest = byAge.get(i);
            buckets.computeIfPresent(oldest.getKey(),
                    (k, entry) -> entry.lastUsedNanos == oldest.getValue() ? null : entry);
        }
    }
}
