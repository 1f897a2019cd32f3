package chat.groups.command.web;

import chat.groups.api.ClaimIdempotencyKeyCommand;
import chat.groups.api.ClientText;
import chat.groups.api.IdempotencyKeyClaimedEvent;
import chat.groups.api.MetadataKeys;
import chat.groups.api.PublicIds;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.error.DocTopic;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * An Idempotency-Key belongs to the account (as at Stripe): within its 24 hours it serves one
 * request, whatever the endpoint and the group. Before a keyed write runs, its key is claimed
 * in the event store ({@link ClaimIdempotencyKeyCommand}); the claim's id is derived from the
 * account, the key and the window, so of two requests racing with one key exactly one claims
 * it. A request that finds the key claimed by a different request is refused with 422; one
 * that finds it claimed by the same request (a retry, or a concurrent twin) goes on, and the
 * group's own record of the key (the aggregate's, or the derived id of a create) makes sure it
 * is applied once and answers what the first one answered.
 */
@Component
class IdempotencyKeys {

    private static final int MAX_WINDOWS = 10_000;

    private final CommandGateway commands;
    private final EventStore events;

    IdempotencyKeys(CommandGateway commands, EventStore events) {
        this.commands = commands;
        this.events = events;
    }

    /**
     * Claims {@code key} for this request, or checks that the request it was claimed for is this one.
     *
     * @param request the method and path, e.g. {@code PUT /v1/groups/l7cGNIBKZiNJ6wqF}
     * @throws ApiException 422 when the key was used for a different request within its 24 hours
     */
    void claim(String accountId, String key, String fingerprint, String request) {
        for (int window = 0; window < MAX_WINDOWS; window++) {
            String claimId = "key_" + PublicIds.derived(accountId + "\n" + key + "\n" + window);
            Optional<DomainEventMessage<?>> earlier = firstEvent(claimId);
            if (earlier.isEmpty()) {
                try {
                    commands.sendAndWait(new ClaimIdempotencyKeyCommand(claimId, accountId, fingerprint, request));
                    return;
                } catch (RuntimeException failure) {
                    earlier = firstEvent(claimId); // a concurrent request claimed it first
                    if (earlier.isEmpty()) {
                        throw failure;
                    }
                }
            }
            if (earlier.get().getTimestamp().isBefore(Instant.now().minus(MetadataKeys.IDEMPOTENCY_WINDOW))) {
                continue; // that claim expired: the key starts a new window
            }
            IdempotencyKeyClaimedEvent claimed = (IdempotencyKeyClaimedEvent) earlier.get().getPayload();
            if (!claimed.fingerprint().equals(fingerprint)) {
                throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key", "Idempotency-Key '"
                        + ClientText.printable(key) + "' was already used with a different request (" + ClientText.printable(claimed.request())
                        + "). A key serves one request of your account for 24 hours: retry that request with exactly "
                        + "the same method, path and parameters, or use a new key for a new request.");
            }
            return;
        }
        throw new IllegalStateException("Idempotency-Key used in more than " + MAX_WINDOWS + " windows");
    }

    private Optional<DomainEventMessage<?>> firstEvent(String claimId) {
        return events.readEvents(claimId).asStream()
                .filter(event -> event.getPayload() instanceof IdempotencyKeyClaimedEvent)
                .<DomainEventMessage<?>>map(event -> event)
                .findFirst();
    }
}
