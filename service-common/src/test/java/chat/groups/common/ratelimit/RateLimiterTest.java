package chat.groups.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.common.ratelimit.RateLimiter.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));

    private RateLimiter limiter(long perSecond, long burst) {
        return new RateLimiter(perSecond, burst, RateLimiter.DEFAULT_MAX_KEYS, time);
    }

    @Test
    void aBurstPassesAtOnceThenTheNextRequestIsRefused() {
        RateLimiter limiter = limiter(10, 5);

        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Decision decision = limiter.tryAcquire("acme");
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.limit()).isEqualTo(5);
            remaining.add(decision.remaining());
        }
        Decision refused = limiter.tryAcquire("acme");

        assertThat(remaining).containsExactly(4L, 3L, 2L, 1L, 0L);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.nanosToRetry()).as("one token comes back in 1/10 s").isEqualTo(100_000_000L);
        assertThat(refused.nanosToFull()).as("five tokens come back in 5/10 s").isEqualTo(500_000_000L);
    }

    @Test
    void tokensComeBackAtTheSustainedRate() {
        RateLimiter limiter = limiter(10, 5);
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("acme");
        }

        time.advance(Duration.ofMillis(99));
        assertThat(limiter.tryAcquire("acme").allowed()).isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("acme").allowed()).isTrue();
        assertThat(limiter.tryAcquire("acme").allowed()).isFalse();

        time.advance(Duration.ofSeconds(10));
        Decision afterRest = limiter.tryAcquire("acme");
        assertThat(afterRest.allowed()).isTrue();
        assertThat(afterRest.remaining()).as("a rested bucket holds the burst, no more").isEqualTo(4);
    }

    @Test
    void refusedRequestsCostNothing() {
        RateLimiter limiter = limiter(1, 1);
        limiter.tryAcquire("acme");
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("acme").allowed()).isFalse();
        }
        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("acme").allowed()).isTrue();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = limiter(1, 2);
        limiter.tryAcquire("acme");
        limiter.tryAcquire("acme");
        assertThat(limiter.tryAcquire("acme").allowed()).isFalse();

        Decision other = limiter.tryAcquire("globex");

        assertThat(other.allowed()).isTrue();
        assertThat(other.remaining()).isEqualTo(1);
    }

    @Test
    void idleKeysAreForgottenOnceTheirBucketIsFullAgain() {
        RateLimiter limiter = limiter(10, 20);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("account-" + i);
        }
        assertThat(limiter.trackedKeys()).isEqualTo(1000);

        time.advance(Duration.ofMillis(1999));
        limiter.tryAcquire("busy");
        assertThat(limiter.trackedKeys()).as("not yet full: kept").isEqualTo(1001);

        time.advance(Duration.ofMillis(1));
        limiter.tryAcquire("busy");
        assertThat(limiter.trackedKeys()).as("2 s refill 20 tokens at 10/s: only the busy key is left").isEqualTo(1);
    }

    @Test
    void forgettingAnIdleKeyDoesNotChangeItsLimit() {
        RateLimiter limiter = limiter(1, 3);
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("acme");
        }
        time.advance(Duration.ofSeconds(3));
        limiter.tryAcquire("other");
        assertThat(limiter.trackedKeys()).isEqualTo(1);

        Decision back = limiter.tryAcquire("acme");
        assertThat(back.remaining()).as("exactly what the rested bucket would have held").isEqualTo(2);
    }

    @Test
    void theMapNeverGrowsPastItsCapEvenWhenEveryKeyIsBusy() {
        RateLimiter limiter = new RateLimiter(1, 1000, 100, time);
        for (int i = 0; i < 10_000; i++) {
            time.advance(Duration.ofMillis(1));
            limiter.tryAcquire("account-" + i);
            assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(101);
        }
        // The most recent key survived eviction; its bucket kept its count.
        assertThat(limiter.tryAcquire("account-9999").remaining()).isEqualTo(998);
    }

    @Test
    void concurrentRequestsNeverTakeMoreThanTheBurst() throws Exception {
        RateLimiter limiter = limiter(1, 500);
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (limiter.tryAcquire("acme").allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).isEqualTo(500);
    }

    @Test
    void nonsenseSettingsAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new RateLimiter(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups.rate-limit.requests-per-second must be at least 1");
        assertThatThrownBy(() -> new RateLimiter(10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups.rate-limit.burst must be at least 1");
    }
}
