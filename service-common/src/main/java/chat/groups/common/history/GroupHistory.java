package chat.groups.common.history;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupState;
import chat.groups.common.crypto.GroupKeyStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * A group's events, read from the event store (Axon Server in the split deployment), never
 * from the projection: the record of who changed what, when, that audit and time travel
 * replay, and that idempotent retries answer from.
 */
public class GroupHistory {

    private final EventStore events;
    private final GroupKeyStore keys;

    public GroupHistory(EventStore events, GroupKeyStore keys) {
        this.events = events;
        this.keys = keys;
    }

    /**
     * The group's events in order, if it exists (or existed) and belongs to {@code accountId}:
     * what clients read. Its key is looked up afresh, so that a deletion made by any process
     * erases the content here at once, not when a cached key expires.
     */
    public Optional<List<DomainEventMessage<GroupEvent>>> of(String accountId, String groupId) {
        keys.refresh(groupId);
        List<DomainEventMessage<GroupEvent>> stream = events(groupId);
        if (stream.isEmpty() || !(stream.get(0).getPayload() instanceof GroupCreatedEvent created)
                || !created.accountId().equals(accountId)) {
            return Optional.empty();
        }
        return Optional.of(stream);
    }

    /** The group as {@code events} left it, counting only those {@code included} (null if none is). */
    public static GroupState fold(List<DomainEventMessage<GroupEvent>> events,
                                  Predicate<DomainEventMessage<GroupEvent>> included) {
        GroupState state = null;
        for (DomainEventMessage<GroupEvent> event : events) {
            if (included.test(event)) {
                state = GroupState.evolve(state, event.getPayload(), event.getSequenceNumber());
            }
        }
        return state;
    }

    /** The events stored under {@code groupId}, whoever owns it; empty when there are none. */
    @SuppressWarnings("unchecked")
    public List<DomainEventMessage<GroupEvent>> events(String groupId) {
        return events.readEvents(groupId).asStream()
                .filter(event -> event.getPayload() instanceof GroupEvent)
                .map(event -> (DomainEventMessage<GroupEvent>) event)
                .toList();
    }
}
