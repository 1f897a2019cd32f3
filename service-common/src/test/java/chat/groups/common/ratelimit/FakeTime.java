package chat.groups.common.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Time that moves only when a test says so: the buckets' nanosecond meter and the wall clock, in step. */
final class FakeTime extends Clock implements TimeMeter {

    private final Instant wallStart;
    private long nanos;

    FakeTime(Instant wallStart) {
        this.wallStart = wallStart;
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    @Override
    public long currentTimeNanos() {
        return nanos;
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    @Override
    public Instant instant() {
        return wallStart.plusNanos(nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
