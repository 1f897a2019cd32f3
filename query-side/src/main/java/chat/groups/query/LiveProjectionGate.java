package chat.groups.query;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Lets a rebuild switch the live projection to another collection between two of its
 * batches. Each batch of the live processor holds a shared lock from its first event until
 * it has committed (documents written, token stored); {@link #betweenBatches} holds it
 * exclusively, so while it runs no live batch is half-way and {@link #handledThrough()} is
 * exact: the live processor writes every later event into whatever collection is live then.
 */
public final class LiveProjectionGate implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String IN_BATCH = LiveProjectionGate.class.getName();
    private static final String BATCH_TOKEN = "Processor[" + GroupProjection.PROCESSING_GROUP + "]/Token";

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong handledThrough = new AtomicLong(-1);

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        UnitOfWork<?> batch = unitOfWork.root();
        if (batch.resources().putIfAbsent(IN_BATCH, Boolean.TRUE) == null) {
            lock.readLock().lock();
            AtomicBoolean held = new AtomicBoolean(true);
            OptionalLong last = position(batch.getResource(BATCH_TOKEN));
            batch.afterCommit(committed -> {
                last.ifPresent(position -> handledThrough.accumulateAndGet(position, Math::max));
                release(held);
            });
            batch.onCleanup(done -> release(held));
        }
        return chain.proceed();
    }

    /**
     * The highest stream position of a batch the live processor committed in this process,
     * or -1. Its tokens, stored before this process started, may be further.
     */
    public long handledThrough() {
        return handledThrough.get();
    }

    /**
     * Runs {@code step} while no live batch is in progress, waiting at most {@code timeout}
     * for the batch under way to finish.
     *
     * @param step gets {@link #handledThrough()} and answers whether it did its work
     * @return the step's answer, or {@code false} if the live projection did not pause in time
     */
    public boolean betweenBatches(Duration timeout, LongPredicate step) throws InterruptedException {
        if (!lock.writeLock().tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            return step.test(handledThrough.get());
        } finally {
            lock.writeLock().unlock();
        }
    }

    static OptionalLong position(TrackingToken token) {
        return token == null ? OptionalLong.empty() : token.position();
    }

    private void release(AtomicBoolean held) {
        if (held.compareAndSet(true, false)) {
            lock.readLock().unlock();
        }
    }
}
