package chat.groups.query;

import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error handler of the projection's processor: it logs which events failed and then
 * propagates the failure. The tracking processor answers a propagated failure by rolling
 * back the batch, releasing the segment's claim without advancing its token and retrying
 * after an incremental back-off, so the same events are handled again until they succeed
 * (e.g. once MongoDB is reachable again). Nothing is skipped; the
 * projection's idempotent writes make the re-delivery harmless.
 */
public class RetryingErrorHandler implements ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(RetryingErrorHandler.class);

    @Override
    public void handleError(ErrorContext context) throws Exception {
        log.warn("Event processor [{}] failed to handle {}; its segment is released and the events are "
                        + "retried after a back-off. Cause: {}",
                context.eventProcessor(), describe(context), context.error().toString());
        PropagatingErrorHandler.instance().handleError(context);
    }

    private static String describe(ErrorContext context) {
        return context.failedEvents().stream()
                .map(RetryingErrorHandler::describe)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent) {
            return event.getPayloadType().getSimpleName() + " of " + domainEvent.getAggregateIdentifier()
                    + " #" + domainEvent.getSequenceNumber();
        }
        return event.getPayloadType().getSimpleName() + " " + event.getIdentifier();
    }
}
