package chat.groups.query.rebuild;

import static chat.groups.query.rebuild.ProjectionVersions.collectionOf;

import chat.groups.query.GroupStore;
import chat.groups.query.rebuild.ProjectionStatus.RebuildProgress;
import java.time.Instant;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;

/** A rebuild running in this process: its collection, writer and processor, and its progress. */
final class RunningRebuild {

    private final int version;
    private final Instant startedAt;
    private final GroupStore target;
    private final RebuildWriter writer;
    private final TrackingEventProcessor processor;
    private final RateWindow rate;
    private volatile boolean switching;
    private volatile String waitingFor;

    RunningRebuild(int version, Instant startedAt, GroupStore target, RebuildWriter writer,
                   TrackingEventProcessor processor, RateWindow rate) {
        this.version = version;
        this.startedAt = startedAt;
        this.target = target;
        this.writer = writer;
        this.processor = processor;
        this.rate = rate;
    }

    int version() {
        return version;
    }

    Instant startedAt() {
        return startedAt;
    }

    GroupStore target() {
        return target;
    }

    RebuildWriter writer() {
        return writer;
    }

    TrackingEventProcessor processor() {
        return processor;
    }

    RateWindow rate() {
        return rate;
    }

    void switching(boolean switching) {
        this.switching = switching;
        if (switching) {
            waitingFor = null;
        }
    }

    void waitingFor(String what) {
        this.waitingFor = what;
    }

    /** @param position the rebuild's stream position, -1 before its first batch; @param head null without events */
    RebuildProgress progress(long position, Long head) {
        Double eventsPerSecond = rate.perSecond();
        long target = head == null ? 0 : head;
        Double percent = target <= 0 ? 100.0 : Math.min(100.0, 100.0 * Math.max(0, position) / target);
        Long eta = null;
        if (position >= target) {
            eta = 0L;
        } else if (eventsPerSecond != null && eventsPerSecond > 0) {
            eta = (long) Math.ceil((target - position) / eventsPerSecond);
        }
        String lastError = processor.processingStatus().values().stream()
                .filter(EventTrackerStatus::isErrorState)
                .map(status -> String.valueOf(status.getError()))
                .findFirst()
                .orElse(waitingFor == null ? null : "waiting for " + waitingFor);
        return new RebuildProgress(version, collectionOf(version), switching ? "switching" : "replaying", startedAt,
                writer.eventsWritten(), position < 0 ? null : position, head,
                Math.round(percent * 10) / 10.0, eventsPerSecond == null ? null : Math.round(eventsPerSecond * 10) / 10.0,
                eta, lastError);
    }
}
