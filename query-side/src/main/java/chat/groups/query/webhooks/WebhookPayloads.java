package chat.groups.query.webhooks;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupState;
import chat.groups.common.history.GroupHistory;
import chat.groups.common.json.GroupJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.eventhandling.DomainEventMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a delivery, rendered at each attempt from the event store (the outbox holds no
 * content): {@code {"id", "object": "event", "type", "created", "payload"}}. The payload is the
 * group as the event left it; for {@code group.updated} also {@code changed_fields} and
 * {@code previous_attributes} (the old values of those fields). Once the group is deleted, every
 * payload is {@code {"id": ..., "deleted": true}}: nothing of its content goes out any more.
 */
public class WebhookPayloads {

    private final GroupHistory history;
    private final JsonMapper json;

    public WebhookPayloads(GroupHistory history, JsonMapper json) {
        this.history = history;
        this.json = json;
    }

    public byte[] render(Delivery delivery) {
        return json.writeValueAsBytes(envelope(delivery));
    }

    Map<String, Object> envelope(Delivery delivery) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", delivery.eventId());
        body.put("object", "event");
        body.put("type", delivery.eventType());
        body.put("created", delivery.createdAt() / 1000);
        body.put("payload", payload(delivery));
        return body;
    }

    private Map<String, Object> payload(Delivery delivery) {
        List<DomainEventMessage<GroupEvent>> events = history.events(delivery.groupId());
        boolean deleted = events.stream().anyMatch(event -> event.getPayload() instanceof GroupDeletedEvent);
        if (deleted || events.isEmpty()) {
            Map<String, Object> gone = new LinkedHashMap<>();
            gone.put("id", delivery.groupId());
            gone.put("deleted", true);
            return gone;
        }
        GroupState before = GroupHistory.fold(events, event -> event.getSequenceNumber() < delivery.sequence());
        GroupState after = GroupHistory.fold(events, event -> event.getSequenceNumber() <= delivery.sequence());
        Map<String, Object> payload = asMap(after);
        if (WebhookEventType.GROUP_UPDATED.wireName().equals(delivery.eventType()) && before != null) {
            Map<String, Object> old = asMap(before);
            List<String> changed = new ArrayList<>();
            Map<String, Object> previous = new LinkedHashMap<>();
            old.forEach((field, value) -> {
                if (!Objects.equals(value, payload.get(field))) {
                    changed.add(field);
                    previous.put(field, value);
                }
            });
            payload.put("changed_fields", changed);
            payload.put("previous_attributes", previous);
        }
        return payload;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(GroupState state) {
        return json.convertValue(GroupJson.of(state.view()), LinkedHashMap.class);
    }
}
