package chat.groups.command.web;

import chat.groups.api.ClientText;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupState;
import chat.groups.api.GroupView;
import chat.groups.api.MetadataKeys;
import chat.groups.api.PublicIds;
import chat.groups.command.web.ReadYourWrites.Written;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.history.GroupHistory;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Creates with an Idempotency-Key, Stripe's way, kept in the event store alone: the group's
 * id is derived from the account and the key, so a retry (or a concurrent twin) finds the
 * group already there and, after checking it asked for the same thing, answers it as first
 * created. Nothing but the event store is needed, in one JVM or many. After 24 hours the key
 * derives a fresh id and creates anew.
 */
@Component
class IdempotentCreates {

    private static final int MAX_WINDOWS = 10_000;

    private final GroupHistory history;

    IdempotentCreates(GroupHistory history) {
        this.history = history;
    }

    /**
     * The group the key created, or the one {@code create} makes now. {@code command} builds the
     * (already validated) command for a given id; {@code create} sends it and answers the group.
     */
    Written createOnce(String accountId, String key, String fingerprint, Function<String, CreateGroupCommand> command,
                       Function<CreateGroupCommand, Written> create) {
        for (int window = 0; window < MAX_WINDOWS; window++) {
            String groupId = PublicIds.derived(accountId + "\n" + key + "\n" + window);
            List<DomainEventMessage<GroupEvent>> earlier = history.events(groupId);
            if (earlier.isEmpty()) {
                try {
                    return create.apply(command.apply(groupId));
                } catch (RuntimeException failure) {
                    earlier = history.events(groupId); // a concurrent twin may have won the race
                    if (earlier.isEmpty()) {
                        throw failure;
                    }
                }
            }
            DomainEventMessage<GroupEvent> first = earlier.get(0);
            if (first.getTimestamp().isBefore(Instant.now().minus(MetadataKeys.IDEMPOTENCY_WINDOW))) {
                continue; // the key expired for that group: it derives the next id
            }
            return new Written(firstResponse(key, fingerprint, earlier), true);
        }
        throw new IllegalStateException("Idempotency-Key used in more than " + MAX_WINDOWS + " windows");
    }

    private static GroupView firstResponse(String key, String fingerprint, List<DomainEventMessage<GroupEvent>> earlier) {
        DomainEventMessage<GroupEvent> first = earlier.get(0);
        String groupId = first.getAggregateIdentifier();
        if (!fingerprint.equals(first.getMetaData().get(MetadataKeys.IDEMPOTENCY_FINGERPRINT))) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key", "Idempotency-Key '"
                    + ClientText.printable(key) + "' was already used to create group '" + groupId + "' with other "
                    + "parameters. Retry with exactly the same request, or use a new key for a new group.");
        }
        if (earlier.stream().anyMatch(event -> event.getPayload() instanceof GroupDeletedEvent)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_GROUP_DELETED, "Idempotency-Key", "Idempotency-Key '" + ClientText.printable(key)
                    + "' created group '" + groupId + "', which has since been deleted; its first answer cannot be "
                    + "repeated. Use a new key to create a new group.");
        }
        return GroupState.evolve(null, (GroupCreatedEvent) first.getPayload(), 0).view();
    }
}
