package chat.groups.standalone;

import chat.groups.query.BatchLock;
import chat.groups.query.ProjectionDurability;
import chat.groups.standalone.storage.Compaction;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.h2.mvstore.MVStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
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

    @Bean
    public ProjectionDurability projectionCheckpointing(@Qualifier(EmbeddedMongo.PROJECTION_STORE) MVStore store) {
        return new Checkpoints(store);
    }

    /** Each batch holds a {@link BatchLock}; a checkpoint holds it exclusively while it commits the store. */
    static final class Checkpoints implements ProjectionDurability {

        private static final long COMPACTION_INTERVAL_NANOS = 1_000_000_000L;

        private final MVStore store;
        private long lastCompaction = System.nanoTime();
        private final BatchLock batches = new BatchLock(batch -> {
        }, this::checkpoint);

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
                if (now - lastCompaction > COMPACTION_INTERVAL_NANOS) {
                    lastCompaction = now;
                    Compaction.step(store); // here, so that its rewrite is committed with consistent documents and tokens
                }
                store.commit();
            });
        }
    }
}
