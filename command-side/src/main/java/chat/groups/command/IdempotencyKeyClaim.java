package chat.groups.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import chat.groups.api.ClaimIdempotencyKeyCommand;
import chat.groups.api.IdempotencyKeyClaimedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One Idempotency-Key of one account in one 24-hour window, claimed by the first request that
 * used it. It exists only to be created once: a second claim of the same id fails in the event
 * store, and the caller reads the first claim instead (see the command side's IdempotencyKeys).
 */
@Aggregate
public class IdempotencyKeyClaim {

    @AggregateIdentifier
    private String claimId;

    protected IdempotencyKeyClaim() {
        // for Axon
    }

    @CommandHandler
    public IdempotencyKeyClaim(ClaimIdempotencyKeyCommand command) {
        apply(new IdempotencyKeyClaimedEvent(command.claimId(), command.accountId(), command.fingerprint(),
                command.request()));
    }

    @EventSourcingHandler
    void on(IdempotencyKeyClaimedEvent event) {
        claimId = event.claimId();
    }
}
