package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint commits the embedded projection store and tells operators how long batches waited for it. */
class ProjectionCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void a_checkpoint_commits_the_store_and_records_how_long_it_held_the_batches() {
        MVStore store = EmbeddedMongo.open(dir.resolve("projection.mv.db"));
        try {
            ProjectionCheckpoints.Checkpoints checkpoints = new ProjectionCheckpoints.Checkpoints(store);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            checkpoints.bindTo(registry);
            store.openMap("groups").put("g1", "a document");
            assertThat(store.hasUnsavedChanges()).isTrue();

            checkpoints.checkpoint();

            assertThat(store.hasUnsavedChanges()).isFalse();
            Timer held = registry.get(ProjectionCheckpoints.Checkpoints.TIMER).timer();
            assertThat(held.count()).isEqualTo(1);
            assertThat(held.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        } finally {
            store.close();
        }
    }

    @Test
    void changes_left_outside_any_batch_are_committed_once_no_checkpoint_ran_for_the_idle_interval() throws Exception {
        Path file = dir.resolve("projection.mv.db");
        MVStore store = EmbeddedMongo.open(file);
        ProjectionCheckpoints.Checkpoints checkpoints =
                new ProjectionCheckpoints.Checkpoints(store, TimeUnit.MILLISECONDS.toNanos(200));
        checkpoints.start();
        try {
            store.openMap("trackingtokens").put("groups-projection/0", "claim extended");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.hasUnsavedChanges() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(store.hasUnsavedChanges()).as("committed by the ticker, no checkpoint asked for").isFalse();
        } finally {
            checkpoints.stop();
            store.close();
        }
        MVStore reopened = EmbeddedMongo.open(file);
        try {
            assertThat(reopened.<String, String>openMap("trackingtokens").get("groups-projection/0")).isEqualTo("claim extended");
        } finally {
            reopened.close();
        }
    }
}
