package chat.groups.query.rebuild;

import chat.groups.api.GroupEvent;
import chat.groups.query.GroupStore;
import chat.groups.query.GroupWriteBatch;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The event handler of a rebuild: collects each batch of events into a {@link GroupWriteBatch}
 * and, as the interceptor of its processor, writes it with one bulk write after the batch's
 * last event, before the processor stores its token. It tells no subscriber anything: nobody
 * reads this collection until it goes live.
 */
final class RebuildWriter implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String BATCH = RebuildWriter.class.getName();

    private final GroupStore target;
    private final AtomicLong eventsWritten = new AtomicLong();

    RebuildWriter(GroupStore target) {
        this.target = target;
    }

    @EventHandler
    void on(GroupEvent event, @SequenceNumber long sequence) {
        CurrentUnitOfWork.get().root().<GroupWriteBatch>getOrComputeResource(BATCH, key -> new GroupWriteBatch())
                .add(event, sequence);
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            GroupWriteBatch written = (GroupWriteBatch) unitOfWork.root().resources().remove(BATCH);
            if (written != null) {
                target.write(written);
                eventsWritten.addAndGet(written.events());
            }
        }
        return result;
    }

    /** Events written by this writer since it was created. */
    long eventsWritten() {
        return eventsWritten.get();
    }
}
