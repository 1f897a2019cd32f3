package chat.groups.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A lock each batch of an event processor holds shared, from its first event until it has
 * committed (documents written, token stored) or rolled back. Whoever holds it exclusively
 * runs between batches, never half-way through one, whatever the number of segments.
 */
public final class BatchLock implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final AtomicInteger instances = new AtomicInteger();

    private final String inBatch = BatchLock.class.getName() + "#" + instances.incrementAndGet();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Consumer<UnitOfWork<?>> committedWhileHeld;
    private final Runnable afterRelease;

    /**
     * @param committedWhileHeld runs after a batch committed, before it lets go of the lock
     * @param afterRelease       runs after a committed batch let go of the lock
     */
    public BatchLock(Consumer<UnitOfWork<?>> committedWhileHeld, Runnable afterRelease) {
        this.committedWhileHeld = committedWhileHeld;
        this.afterRelease = afterRelease;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        UnitOfWork<?> batch = unitOfWork.root();
        if (batch.resources().putIfAbsent(inBatch, Boolean.TRUE) == null) {
            lock.readLock().lock();
            AtomicBoolean held = new AtomicBoolean(true);
            batch.afterCommit(committed -> {
                committedWhileHeld.accept(batch);
                release(held);
                afterRelease.run();
            });
            batch.onCleanup(done -> release(held));
        }
        return chain.proceed();
    }

    /** Runs {@code step} between batches, waiting as long as the batch under way takes. */
    public void exclusively(Runnable step) {
        lock.writeLock().lock();
        try {
            step.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs {@code step} between batches, waiting at most {@code timeout} for the batch under way.
     *
     * @return the step's answer, or {@code false} if no pause between batches came in time
     */
    public boolean tryExclusively(Duration timeout, BooleanSupplier step) throws InterruptedException {
        if (!lock.writeLock().tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            return step.getAsBoolean();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void release(AtomicBoolean held) {
        if (held.compareAndSet(true, false)) {
            lock.readLock().unlock();
        }
    }
}
