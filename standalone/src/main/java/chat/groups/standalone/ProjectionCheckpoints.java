package chat.groups.standalone;

import chat.groups.query.BatchLock;
import chat.groups.query.ProjectionDurability;
import chat.groups.standalone.storage.Compaction;
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
 * Commits the embedded projection store after each batch of a projection processor (the live
 * one or a rebuild's), at a point where the documents and the tracking tokens agree. A batch
 * holds a shared lock from its first event until it has committed (documents written, token
 * stored); a checkpoint takes the lock exclusively, so it never captures a batch half-way,
 * whatever the number of segments and processors. Reads are not affected.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(name = EmbeddedMongo.PROJECTION_STORE)
public class ProjectionCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCheckpoints.class);

    @Bean
    public ProjectionDurability projectionCheckpointing(@Qualifier(EmbeddedMongo.PROJECTION_STORE) MVStore store) {
        return new Checkpoints(store);
    }

    /** Each batch holds a {@link BatchLock}; a checkpoint holds it exclusively while it commits the store. */
    static final class Checkpoints implements ProjectionDurability, SmartLifecycle {

        private static final long SECOND = 1_000_000_000L;

        private final MVStore store;
        private final BatchLock batches = new BatchLock(batch -> {
        }, this::checkpoint);
        /** When a checkpoint last compacted (busy), and when one last ran at all; under the lock. */
        private long lastCompaction = System.nanoTime();
        private volatile long lastCheckpoint = System.nanoTime();
        private ScheduledExecutorService idleCompaction;

        Checkpoints(MVStore store) {
            this.store = store;
        }

        @Override
        public MessageHandlerInterceptor<EventMessage<?>> batchInterceptor() {
            return batches;
        }

        @Override
        public void checkpoint() {
            batches.exclusively(() -> {
                long now = System.nanoTime();
                if (now - lastCompaction > SECOND) {
                    lastCompaction = now;
                    Compaction.step(store, false); // here, so that its rewrite is committed with consistent documents and tokens
                }
                store.commit();
                lastCheckpoint = System.nanoTime();
            });
        }

        /** A projection with nothing to apply for a second is compacted for real, between batches. */
        private void compactIfIdle() {
            if (System.nanoTime() - lastCheckpoint < SECOND) {
                return;
            }
            try {
                batches.exclusively(() -> Compaction.step(store, true));
            } catch (RuntimeException e) {
                log.warn("Compacting the projection store failed; trying again in a second: {}", e.toString());
            }
        }

        @Override
        public void start() {
            idleCompaction = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "projection-store-compaction");
                thread.setDaemon(true);
                return thread;
            });
            idleCompaction.scheduleWithFixedDelay(this::compactIfIdle, 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public void stop() {
            if (idleCompaction != null) {
                idleCompaction.shutdownNow();
            }
        }

        @Override
        public boolean isRunning() {
            return idleCompaction != null && !idleCompaction.isShutdown();
        }
    }
}
