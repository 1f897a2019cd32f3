package chat.groups.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupView;
import chat.groups.command.web.ReadYourWrites.Watch;
import chat.groups.command.web.ReadYourWrites.Written;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a write waits for the read model: through the subscription it opened before the write,
 * and through direct reads only when no update has shown the write. The read model here is a
 * query handler on Axon's own query bus and update emitter, as the query side registers them;
 * what it answers is set by each test, and it counts how often it was asked.
 */
class ReadYourWritesTest {

    private static final String ACCOUNT = "acct_1";
    private static final String GROUP = "AAAAAAAAAAAAAAAA";

    private final SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    private final SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(emitter).build();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<Long> readTimes = new CopyOnWriteArrayList<>();
    /** What the read model holds: null when it has no such group. */
    private volatile GroupView stored;
    private ReadYourWrites readYourWrites;

    @BeforeEach
    void readModel() {
        bus.subscribe(FindGroupQuery.class.getName(), GroupView.class, query -> {
            readTimes.add(System.nanoTime());
            reads.incrementAndGet();
            return stored;
        });
        readYourWrites = new ReadYourWrites(DefaultQueryGateway.builder().queryBus(bus).build(), null,
                Duration.ofSeconds(10));
    }

    @Test
    void aCreateIsAnsweredByItsUpdateWithoutAskingTheReadModel() {
        Written written;
        try (Watch watch = readYourWrites.watchNew(ACCOUNT, GROUP)) {
            project(version(0));
            written = watch.atVersion(0);
        }
        assertThat(written.visible()).isTrue();
        assertThat(written.group()).isEqualTo(version(0));
        assertThat(reads).hasValue(0);
    }

    /** A repeated PUT makes no event, so no update comes: the read at once answers it. */
    @Test
    void aWriteToAnExistingGroupThatChangedNothingIsAnsweredByARead() {
        stored = version(3);
        Written written;
        try (Watch watch = readYourWrites.watch(ACCOUNT, GROUP)) {
            written = watch.atVersion(3);
        }
        assertThat(written.visible()).isTrue();
        assertThat(written.group()).isEqualTo(version(3));
        assertThat(reads).hasValue(1);
    }

    @Test
    void onlyACreateWaitsBeforeItsFirstRead() {
        try (Watch create = readYourWrites.watchNew(ACCOUNT, GROUP); Watch update = readYourWrites.watch(ACCOUNT, GROUP)) {
            assertThat(create.readsAfter()).isEqualTo(ReadYourWrites.READS_AFTER);
            assertThat(update.readsAfter()).first().isEqualTo(Duration.ZERO);
            assertThat(update.readsAfter()).hasSize(ReadYourWrites.READS_AFTER.size() + 1);
        }
    }

    @Test
    void anUpdateOfAnEarlierVersionDoesNotAnswerTheWrite() throws Exception {
        try (Watch watch = readYourWrites.watch(ACCOUNT, GROUP)) {
            project(version(2));
            CompletableFuture<Written> written = CompletableFuture.supplyAsync(() -> watch.atVersion(3));
            Thread.sleep(20);
            assertThat(written).isNotDone();
            project(version(3));
            assertThat(written.get(10, TimeUnit.SECONDS).group()).isEqualTo(version(3));
        }
    }

    /** Through Axon Server the subscription might arrive after the read model sent the update: a read then tells. */
    @Test
    void whenTheUpdateWasMissedADirectReadAnswersTheWrite() {
        stored = version(0); // the read model applied the create before the watch began
        Written written;
        try (Watch watch = readYourWrites.watchNew(ACCOUNT, GROUP)) {
            written = watch.atVersion(0);
        }
        assertThat(written.visible()).isTrue();
        assertThat(written.group()).isEqualTo(version(0));
        assertThat(reads).hasValue(1);
    }

    /** A create's group is absent from the read model until it is projected: absence is no answer to a create. */
    @Test
    void aReadThatFindsNoGroupYetKeepsACreateWaitingForItsUpdate() throws Exception {
        try (Watch watch = readYourWrites.watchNew(ACCOUNT, GROUP)) {
            CompletableFuture<Written> written = CompletableFuture.supplyAsync(() -> watch.atVersion(0));
            awaitReads(1);
            assertThat(written).isNotDone();
            project(version(0));
            assertThat(written.get(10, TimeUnit.SECONDS).group()).isEqualTo(version(0));
        }
    }

    @Test
    void theReadModelEndingTheSubscriptionShowsADeletion() {
        stored = version(3); // a read before the end would still find it
        boolean deleted;
        try (Watch watch = readYourWrites.watch(ACCOUNT, GROUP)) {
            emitter.complete(FindGroupQuery.class, query -> query.groupId().equals(GROUP));
            deleted = watch.deleted();
        }
        assertThat(deleted).isTrue();
    }

    @Test
    void aReadThatFindsNoGroupShowsADeletionWhoseEndWasMissed() {
        stored = null;
        boolean deleted;
        try (Watch watch = readYourWrites.watch(ACCOUNT, GROUP)) {
            deleted = watch.deleted();
        }
        assertThat(deleted).isTrue();
        assertThat(reads).hasValue(1);
    }

    @Test
    void aGroupDeletedWhileTheWriteWaitedIsNotFound() {
        try (Watch watch = readYourWrites.watch(ACCOUNT, GROUP)) {
            emitter.complete(FindGroupQuery.class, query -> query.groupId().equals(GROUP));
            assertThatThrownBy(() -> watch.atVersion(3))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NOT_FOUND))
                    .hasMessageContaining("was deleted by another request");
        }
    }

    /** Lower bounds only: a slow machine may read later, never sooner. */
    @Test
    void aLaggingReadModelIsAskedAFewTimesFurtherApartNotContinuously() throws Exception {
        stored = version(2);
        long start = System.nanoTime();
        try (Watch watch = readYourWrites.watchNew(ACCOUNT, GROUP)) {
            CompletableFuture<Written> written = CompletableFuture.supplyAsync(() -> watch.atVersion(3));
            awaitReads(2);
            project(version(3));
            assertThat(written.get(10, TimeUnit.SECONDS).group()).isEqualTo(version(3));
        }
        List<Long> at = readTimes.stream().map(nanos -> TimeUnit.NANOSECONDS.toMillis(nanos - start)).toList();
        assertThat(at.get(0)).as("first read, ms after the watch began").isGreaterThanOrEqualTo(200);
        assertThat(at.get(1) - at.get(0)).as("ms between the first two reads").isGreaterThanOrEqualTo(800);
        assertThat(ReadYourWrites.READS_AFTER).as("reads at most").hasSize(3);
    }

    private void project(GroupView view) {
        stored = view;
        emitter.emit(FindGroupQuery.class, query -> query.groupId().equals(view.id()), view);
    }

    private void awaitReads(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reads.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(reads.get()).isGreaterThanOrEqualTo(count);
    }

    private static GroupView version(long version) {
        return new GroupView(GROUP, ACCOUNT, "Plaza Hotel " + version, null, null, null, List.of(),
                Instant.parse("2026-12-01T00:00:00Z"), null, version);
    }
}
