package chat.groups.query;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * How writes to the projection's database become durable. A MongoDB server makes each
 * acknowledged write durable by itself ({@link #ACKNOWLEDGED}); the standalone server's
 * embedded store commits at checkpoints instead, and provides a bean of its own.
 */
public interface ProjectionDurability {

    /** Wraps every batch of every projection processor, live or rebuilding. */
    MessageHandlerInterceptor<EventMessage<?>> batchInterceptor();

    /** Makes everything written so far durable, e.g. after a switch of the live version. */
    void checkpoint();

    ProjectionDurability ACKNOWLEDGED = new ProjectionDurability() {
        @Override
        public MessageHandlerInterceptor<EventMessage<?>> batchInterceptor() {
            return (UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) -> chain.proceed();
        }

        @Override
        public void checkpoint() {
        }
    };
}
