package chat.groups.query.rebuild;

import chat.groups.query.rebuild.ProjectionVersions.LastRebuild;
import java.time.Instant;

/**
 * What {@code GET /admin/projections/groups} shows.
 *
 * @param liveVersion    the version answering queries
 * @param liveCollection its MongoDB collection
 * @param livePosition   the event stream position the live processor has reached (null until it runs here)
 * @param head           the position of the newest event (null when there are none)
 * @param liveLag        events stored but not yet in the live version
 * @param rebuild        the running rebuild, or null
 * @param lastRebuild    how the last rebuild ended, or null
 */
public record ProjectionStatus(int liveVersion, String liveCollection, Long livePosition, Long head, Long liveLag,
                               RebuildProgress rebuild, LastRebuild lastRebuild) {

    /**
     * A rebuild's progress. Positions are those of the event stream (1 is the first event).
     *
     * @param state           {@code replaying}, {@code switching} (caught up, moving the live projection over),
     *                        or {@code running_elsewhere} (another process runs it; no figures here)
     * @param eventsProcessed events written by the rebuild in this process (a resumed rebuild counts from the resume)
     * @param percent         position / head, in percent
     * @param eventsPerSecond over the last ten seconds
     * @param etaSeconds      seconds to reach the head at that rate
     * @param lastError       why the last batch failed, while the rebuild retries it; null when all is well
     */
    public record RebuildProgress(int version, String collection, String state, Instant startedAt, Long eventsProcessed,
                                  Long position, Long head, Double percent, Double eventsPerSecond, Long etaSeconds,
                                  String lastError) {

        /** One line for logs and the command line. */
        public String describe() {
            // Figures not measured yet (the rate needs a few seconds of progress) are left out, not shown as "?".
            StringBuilder text = new StringBuilder("version " + version + " " + state);
            if (percent != null) {
                text.append(": ").append(percent).append('%');
            }
            text.append(" (position ").append(position == null ? "not started" : position);
            if (head != null) {
                text.append(" of ").append(head);
            }
            if (eventsProcessed != null) {
                text.append(", ").append(eventsProcessed).append(" events written");
            }
            text.append(')');
            if (eventsPerSecond != null) {
                text.append(", ").append(Math.round(eventsPerSecond)).append(" events/s");
            }
            if (etaSeconds != null) {
                text.append(", ETA ").append(etaSeconds).append(" s");
            }
            return lastError == null ? text.toString() : text + " (" + lastError + ")";
        }
    }
}
