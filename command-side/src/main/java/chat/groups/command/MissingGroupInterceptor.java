package chat.groups.command;

import chat.groups.api.Rejection;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Axon refuses to load a group that never existed or was deleted before any handler runs.
 * This turns that refusal into the same {@link Rejection} the aggregate uses for another
 * account's group, so it crosses Axon Server intact and every caller sees one 404.
 */
public class MissingGroupInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (AggregateNotFoundException missingOrDeleted) {
            throw Rejection.groupNotFound(String.valueOf(missingOrDeleted.getAggregateIdentifier())).asCommandException();
        }
    }
}
