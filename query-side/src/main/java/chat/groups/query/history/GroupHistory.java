package chat.groups.query.history;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A group's events, read from the event store (Axon Server in the split deployment), never
 * from the projection: the record of who changed what, when, that audit and time travel
 * replay.
 */
@Component
public class GroupHistory {

    private final EventStore events;

    public GroupHistory(EventStore events) {
        this.events = events;
    }

    /** The group's events in order, if it exists (or existed) and belongs to {@code accountId}. */
    @SuppressWarnings("unchecked")
    public Optional<List<DomainEventMessage<GroupEvent>>> of(String accountId, String groupId) {
        List<DomainEventMessage<GroupEvent>> stream = events.readEvents(groupId).asStream()
                .filter(event -> event.getPayload() instanceof GroupEvent)
                .map(event -> (DomainEventMessage<GroupEvent>) event)
                .toList();
        if (stream.isEmpty() || !(stream.get(0).getPayload() instanceof GroupCreatedEvent created)
                || !created.accountId().equals(accountId)) {
            return Optional.empty();
        }
        return Optional.of(stream);
    }
}
