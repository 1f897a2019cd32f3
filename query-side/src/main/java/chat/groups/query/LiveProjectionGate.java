package chat.groups.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Lets a rebuild switch the live projection to another collection between two of its
 * batches. Each batch of the live processor holds a shared lock from its first event until
 * it has committed (documents written, token stored); {@link #betweenBatches} holds it
 * exclusively, so while it runs no live batch is half-way and the token of the last committed
 * batch is exact: the live processor writes every later event into whatever collection is
 * live then.
 */
public final class LiveProjectionGate implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String IN_BATCH = LiveProjectionGate.class.getName();
    private static final String BATCH_TOKEN = "Processor[" + GroupProjection.PROCESSING_GROUP + "]/Token";

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicReference<TrackingToken> handled = new AtomicReference<>();

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        UnitOfWork<?> batch = unitOfWork.root();
        if (batch.resources().putIfAbsent(IN_BATCH, Boolean.TRUE) == null) {
            lock.readLock().lock();
            AtomicBoolean held = new AtomicBoolean(true);
            TrackingToken last = batch.getResource(BATCH_TOKEN);
            batch.afterCommit(committed -> {
                if (last != null) {
                    handled.accumulateAndGet(last, LiveProjectionGate::upperBound);
                }
                release(held);
            });
            batch.onCleanup(done -> release(held));
        }
        return chain.proceed();
    }

    /**
     * Runs {@code step} while no live batch is in progress, waiting at most {@code timeout}
     * for the batch under way to finish.
     *
     * @param step gets the token of the last batch the live processor committed in this process
     *             (null if none; its tokens from before this process started may be further), and
     *             answers whether it did its work
     * @return the step's answer, or {@code false} if the live projection did not pause in time
     */
    public boolean betweenBatches(Duration timeout, Predicate<TrackingToken> step) throws InterruptedException {
        if (!lock.writeLock().tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            return step.test(handled.get());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The token covering both; either may be null. */
    public static TrackingToken upperBound(TrackingToken one, TrackingToken other) {
        if (one == null) {
            return other;
        }
        return other == null ? one : one.upperBound(other);
    }

    private void release(AtomicBoolean held) {
        if (held.compareAndSet(true, false)) {
            lock.readLock().unlock();
        }
    }
}
