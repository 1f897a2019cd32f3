package chat.groups.query.rebuild;

import java.util.ArrayDeque;
import java.util.Deque;

/** Events per second over the last ten seconds, from samples of a growing count. */
final class RateWindow {

    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long MIN_SPAN_NANOS = 1_000_000_000L;

    private record Sample(long nanos, long count) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    synchronized void sample(long nanos, long count) {
        samples.addLast(new Sample(nanos, count));
        while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    /** @return the rate, or null until there is a second of samples */
    synchronized Double perSecond() {
        if (samples.size() < 2) {
            return null;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long span = last.nanos() - first.nanos();
        return span < MIN_SPAN_NANOS ? null : (last.count() - first.count()) * 1e9 / span;
    }
}
