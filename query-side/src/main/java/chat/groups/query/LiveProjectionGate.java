package chat.groups.query;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Lets a rebuild switch the live projection to another collection between two of its
 * batches. Each batch of the live processor holds a {@link BatchLock} until it has committed;
 * {@link #betweenBatches} holds it exclusively, so while it runs no live batch is half-way
 * and the token of the last committed batch is exact: the live processor writes every later
 * event into whatever collection is live then.
 * <p>
 * Deliberately not a {@code MessageHandlerInterceptor} itself: Axon's Spring configuration
 * registers every bean of that type on every event processor, and the gate belongs to the live
 * projection's alone. Another processor held at the gate while it holds the embedded store's
 * checkpoint lock (the webhook dispatcher) deadlocked a switch.
 */
public final class LiveProjectionGate {

    private static final String BATCH_TOKEN = "Processor[" + GroupProjection.PROCESSING_GROUP + "]/Token";

    private final AtomicReference<TrackingToken> handled = new AtomicReference<>();
    private final BatchLock batches = new BatchLock(this::committed, () -> {
    });

    /** The interceptor to register on the live projection's processor, and on no other. */
    public MessageHandlerInterceptor<EventMessage<?>> interceptor() {
        return batches;
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
        return batches.tryExclusively(timeout, () -> step.test(handled.get()));
    }

    /** The token covering both; either may be null. */
    public static TrackingToken upperBound(TrackingToken one, TrackingToken other) {
        if (one == null) {
            return other;
        }
        return other == null ? one : one.upperBound(other);
    }

    private void committed(UnitOfWork<?> batch) {
        TrackingToken last = batch.getResource(BATCH_TOKEN);
        if (last != null) {
            handled.accumulateAndGet(last, LiveProjectionGate::upperBound);
        }
    }
}
