package chat.groups.query.rebuild;

import chat.groups.common.config.ConfigurationMistake;
import java.time.Duration;

/**
 * How rebuilds run ({@code groups.projection.rebuild.*}).
 *
 * @param segments      threads replaying the events
 * @param batchSize     events per batch, each written with one bulk write
 * @param switchLag     how close (in events) the rebuild must be to the live projection to try the switch
 * @param switchTimeout how long the switch may pause the live projection before it gives up and tries later
 * @param dropAfter     how long the replaced version is kept for queries still reading it (and other processes)
 * @param logEvery      how often the progress is logged
 */
public record RebuildSettings(int segments, int batchSize, long switchLag, Duration switchTimeout,
                              Duration dropAfter, Duration logEvery) {

    public RebuildSettings {
        if (segments < 1 || batchSize < 1 || switchLag < 0) {
            throw new ConfigurationMistake("groups.projection.rebuild", "segments and batch-size must be at least 1"
                    + " and switch-lag at least 0, got " + segments + ", " + batchSize + ", " + switchLag,
                    "set groups.projection.rebuild.segments and .batch-size to 1 or more and .switch-lag to 0 or more");
        }
    }
}
