package chat.groups.standalone;

import chat.groups.query.ProjectionDurability;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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
        CheckpointInterceptor interceptor = new CheckpointInterceptor(store);
        return new ProjectionDurability() {
            @Override
            public MessageHandlerInterceptor<EventMessage<?>> batchInterceptor() {
                return interceptor;
            }

            @Override
            public void checkpoint() {
                interceptor.checkpoint();
            }
        };
    }

    static final class CheckpointInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

        private static final String IN_BATCH = CheckpointInterceptor.class.getName();

        private final MVStore store;
        private final ReadWriteLock lock = new ReentrantReadWriteLock();

        CheckpointInterceptor(MVStore store) {
            this.store = store;
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            UnitOfWork<?> batch = unitOfWork.root();
            if (batch.resources().putIfAbsent(IN_BATCH, Boolean.TRUE) == null) {
                lock.readLock().lock();
                AtomicBoolean held = new AtomicBoolean(true);
                batch.afterCommit(committed -> {
                    release(held);
                    checkpoint();
                });
                batch.onCleanup(done -> release(held));
            }
            return chain.proceed();
        }

        private void release(AtomicBoolean held) {
            if (held.compareAndSet(true, false)) {
                lock.readLock().unlock();
            }
        }

        void checkpoint() {
            lock.writeLock().lock();
            try {
                store.commit();
            } finally {
                lock.writeLock().unlock();
            }
        }
    }
}
