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
            return "version %d %s: %s%% (position %s of %s, %s events written), %s events/s, ETA %s%s".formatted(
                    version, state, percent == null ? "?" : percent, position == null ? "-" : position,
                    head == null ? "-" : head, eventsProcessed == null ? "?" : eventsProcessed,
                    eventsPerSecond == null ? "?" : Math.round(eventsPerSecond),
                    etaSeconds == null ? "?" : etaSeconds + " s", lastError == null ? "" : " (" + lastError + ")");
        }
    }
}
