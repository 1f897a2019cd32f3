package chat.groups.query.rebuild;

import chat.groups.common.testing.TestMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.query.rebuild.ProjectionVersions.Pointer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one document that says which version of the projection is live and which one is being built. */
class ProjectionVersionsTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    ProjectionVersions versions;

    @BeforeEach
    void setUp() {
        versions = new ProjectionVersions(mongo.database());
    }

    @Test
    void onAFreshDatabaseVersionOneInCollectionGroupsIsLiveAndNothingIsBeingBuilt() {
        Pointer pointer = versions.load();

        assertThat(pointer.live()).isEqualTo(1);
        assertThat(pointer.rebuild()).isNull();
        assertThat(pointer.lastRebuild()).isNull();
        assertThat(ProjectionVersions.collectionOf(1)).isEqualTo("groups");
    }

    @Test
    void aRebuildBuildsTheNextVersionAndCompletingItMakesItLive() {
        Pointer begun = versions.beginRebuild(T0).orElseThrow();
        assertThat(begun.rebuild().version()).isEqualTo(2);
        assertThat(begun.live()).isEqualTo(1);

        assertThat(versions.completeRebuild(2, T0.plusSeconds(5), 1234)).isTrue();

        Pointer done = versions.load();
        assertThat(done.live()).isEqualTo(2);
        assertThat(done.rebuild()).isNull();
        assertThat(done.lastRebuild()).isEqualTo(new ProjectionVersions.LastRebuild(2, "completed", T0, T0.plusSeconds(5), 1234));
        assertThat(ProjectionVersions.collectionOf(2)).isEqualTo("groups_v2");
    }

    @Test
    void onlyOneRebuildRunsAtATimeEvenWhenManyStartAtOnce() throws Exception {
        List<Callable<Optional<Pointer>>> starts = IntStream.range(0, 8)
                .<Callable<Optional<Pointer>>>mapToObj(i -> () -> versions.beginRebuild(T0)).toList();

        long started = Executors.newFixedThreadPool(8).invokeAll(starts).stream()
                .filter(result -> {
                    try {
                        return result.get().isPresent();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).count();

        assertThat(started).isEqualTo(1);
        assertThat(versions.beginRebuild(T0)).isEmpty();
    }

    @Test
    void aCancelledRebuildLeavesTheLiveVersionAndTheNextRebuildTakesANewVersion() {
        versions.beginRebuild(T0);

        assertThat(versions.cancelRebuild(2, T0.plusSeconds(1), 10)).isTrue();

        Pointer after = versions.load();
        assertThat(after.live()).isEqualTo(1);
        assertThat(after.rebuild()).isNull();
        assertThat(after.lastRebuild().outcome()).isEqualTo("cancelled");
        assertThat(versions.beginRebuild(T0).orElseThrow().rebuild().version()).isEqualTo(3);
    }

    @Test
    void endingARebuildThatIsNotTheRunningOneChangesNothing() {
        versions.beginRebuild(T0);

        assertThat(versions.completeRebuild(7, T0, 0)).isFalse();
        assertThat(versions.cancelRebuild(7, T0, 0)).isFalse();
        assertThat(versions.load().rebuild().version()).isEqualTo(2);
        assertThat(versions.load().live()).isEqualTo(1);
    }

    @Test
    void collectionNamesMapToVersionsAndBack() {
        assertThat(ProjectionVersions.versionOf("groups")).contains(1);
        assertThat(ProjectionVersions.versionOf("groups_v12")).contains(12);
        assertThat(ProjectionVersions.versionOf("groups_v0")).isEmpty();
        assertThat(ProjectionVersions.versionOf("groups_vx")).isEmpty();
        assertThat(ProjectionVersions.versionOf("trackingtokens")).isEmpty();
        assertThatThrownBy(() -> ProjectionVersions.collectionOf(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
