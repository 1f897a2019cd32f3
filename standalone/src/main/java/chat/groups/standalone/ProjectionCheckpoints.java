package chat.groups.standalone;

import chat.groups.query.BatchLock;
import chat.groups.query.ProjectionDurability;
import chat.groups.standalone.storage.Compaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;

/**
 * Commits the embedded projection store after batches of a projection processor (the live
 * one or a rebuild's), at most once a second under load and at the latest a second after the
 * last batch, at a point where the documents and the tracking tokens agree. A batch
 * holds a shared lock from its first event until it has committed (documents written, token
 * stored); a checkpoint takes the lock exclusively, so it never captures a batch half-way,
 * whatever the number of segments and processors. Reads are not affected.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(name = EmbeddedMongo.PROJECTION_STORE)
public class ProjectionCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCheckpoints.class);

    @Bean
    Checkpoints projectionCheckpointing(@Qualifier(EmbeddedMongo.PROJECTION_STORE) MVStore store) {
        return new Checkpoints(store);
    }

    /**
     * Each batch holds a {@link BatchLock}; a checkpoint holds it exclusively while it commits the store.
     * How long it holds it is the timer {@value #TIMER}: the projection's batches, and so the writes
     * waiting for read-your-writes, wait that long at each checkpoint (one or two a second under load).
     */
    static final class Checkpoints implements ProjectionDurability, SmartLifecycle, MeterBinder {

        static final String TIMER = "groups.projection.checkpoint";

        private static final long SECOND = 1_000_000_000L;
        /** What {@link MVStore#tryCommit()} answers when it committed nothing. */
        private static final long NOT_COMMITTED = -1;
        /**
         * A batch's checkpoint waits until this long after the last one (a scheduled one follows
         * when no other batch comes). Committing after every batch serialized and wrote the
         * touched pages once per event under load: 45% of the server's CPU; every 100 ms, still a
         * quarter of a POST's CPU (4.5 ms against 3.4 ms a POST at one a second, measured). A
         * hard kill loses at most this much of the projection's progress, which it re-applies
         * from the event store at start; reads never wait for a checkpoint.
         */
        static final long BATCH_CHECKPOINT_INTERVAL_NANOS = 1_000_000_000L;

        private final MVStore store;
        private final BatchLock batches = new BatchLock(batch -> {
        }, this::afterBatch);
        private volatile boolean uncommitted;
        /** When a checkpoint last compacted (under the lock), and when one last ran at all. */
        private long lastCompaction = System.nanoTime();
        private volatile long lastCheckpoint = System.nanoTime();
        private ScheduledExecutorService ticker;
        private volatile Timer held;

        /** How long changes made outside batches may wait for a checkpoint. */
        static final long IDLE_COMMIT_NANOS = TimeUnit.HOURS.toNanos(1);

        private final long idleCommitNanos;

        Checkpoints(MVStore store) {
            this(store, IDLE_COMMIT_NANOS);
        }

        Checkpoints(MVStore store, long idleCommitNanos) {
            this.store = store;
            this.idleCommitNanos = idleCommitNanos;
        }

        @Override
        public void bindTo(MeterRegistry registry) {
            held = Timer.builder(TIMER)
                    .description("Commits of the embedded projection store: the projection's batches wait meanwhile")
                    .register(registry);
        }

        @Override
        public MessageHandlerInterceptor<EventMessage<?>> batchInterceptor() {
            return batches;
        }

        private void afterBatch() {
            if (System.nanoTime() - lastCheckpoint >= BATCH_CHECKPOINT_INTERVAL_NANOS) {
                commit(false);
            } else {
                uncommitted = true;
            }
        }

        /** Commits now, between batches where documents and tokens agree, and returns once it is on disk. */
        @Override
        public void checkpoint() {
            commit(true);
        }

        /**
         * Under the lock, the store captures the version to commit (every map's root: pages are
         * copy-on-write, so later batches cannot change it); unless {@code durableOnReturn}, H2's
         * serialization thread writes it after the lock is released. Writing under the lock held
         * every batch 30 to 70 ms a second under load (measured), adding that to write-to-visible.
         * A kill -9 before the write completes leaves the previous checkpoint, as before.
         */
        private void commit(boolean durableOnReturn) {
            batches.exclusively(() -> {
                uncommitted = false;
                long now = System.nanoTime();
                if (now - lastCompaction > SECOND) {
                    lastCompaction = now;
                    Compaction.step(store); // here, so that its rewrite is committed with consistent documents and tokens
                }
                if (durableOnReturn || (store.tryCommit() == NOT_COMMITTED && store.hasUnsavedChanges())) {
                    store.commit(); // also waits for the versions still being written
                }
                lastCheckpoint = System.nanoTime();
                Timer timer = held;
                if (timer != null) {
                    timer.record(lastCheckpoint - now, TimeUnit.NANOSECONDS);
                }
            });
        }

        /**
         * Every 50 ms: commits batches whose checkpoint was deferred, once the interval has passed;
         * and changes made outside batches (segment claims extended while idle) once no checkpoint
         * ran for {@code idleCommitNanos}. H2's background writer would commit them by itself after
         * {@code Integer.MAX_VALUE} ms (25 days) without a commit, and not necessarily between batches.
         * Not every second: each commit gives the next compaction step pages to rewrite, and
         * committing those every second kept an idle server busy (a quarter of a core, measured).
         */
        private void tick() {
            try {
                long sinceLast = System.nanoTime() - lastCheckpoint;
                if (uncommitted && sinceLast >= BATCH_CHECKPOINT_INTERVAL_NANOS
                        || sinceLast >= idleCommitNanos && !store.isClosed() && store.hasUnsavedChanges()) {
                    commit(false);
                }
            } catch (RuntimeException e) {
                log.warn("Committing the projection store failed; trying again shortly: {}", e.toString());
            }
        }

        @Override
        public void start() {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "projection-checkpoints");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            if (ticker != null) {
                ticker.shutdownNow();
            }
            if (uncommitted && !store.isClosed()) {
                checkpoint();
            }
        }

        @Override
        public boolean isRunning() {
            return ticker != null && !ticker.isShutdown();
        }
    }
}
