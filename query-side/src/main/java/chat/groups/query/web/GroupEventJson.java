package chat.groups.query.web;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.GroupState;
import chat.groups.common.audit.AuditMetadata;
import chat.groups.common.json.GroupJson;
import chat.groups.common.json.GroupJson.ContactJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;

/** One entry of a group's history: what happened, when, who did it, and what changed. */
record GroupEventJson(
        String id,
        String type,
        long sequence,
        @JsonProperty("created_at") long createdAt,
        Actor actor,
        @JsonProperty("request_id") String requestId,
        Map<String, Object> data) {

    record Actor(String account, @JsonProperty("api_key_id") String apiKeyId) {
    }

    /**
     * {@code before} is the group's state before this event; {@code erased} tells that the
     * group was deleted, so its content (names, descriptions, URLs, members) reads as erased.
     */
    static GroupEventJson of(DomainEventMessage<GroupEvent> message, GroupState before, boolean erased) {
        GroupEvent event = message.getPayload();
        Map<String, Object> data = new LinkedHashMap<>();
        boolean personal = !(event instanceof GroupArchivedEvent || event instanceof GroupUnarchivedEvent
                || event instanceof GroupDeletedEvent);
        if (erased && personal) {
            data.put("erased", true);
        } else if (event instanceof GroupCreatedEvent created) {
            GroupJson group = GroupJson.of(GroupState.evolve(null, created, message.getSequenceNumber()).view());
            data.put("name", group.name());
            data.put("description", group.description());
            data.put("avatar_url", group.avatarUrl());
            data.put("conversation_id", group.conversationId());
            data.put("contacts", group.contacts());
        } else if (event instanceof GroupRenamedEvent renamed) {
            changed(data, "name", renamed.name(), before.name());
        } else if (event instanceof GroupDescriptionChangedEvent changed) {
            changed(data, "description", changed.description(), before.description());
        } else if (event instanceof GroupAvatarChangedEvent changed) {
            changed(data, "avatar_url", changed.avatarUrl(), before.avatarUrl());
        } else if (event instanceof GroupContactsChangedEvent changed) {
            GroupJson after = GroupJson.of(GroupState.evolve(before, changed, message.getSequenceNumber()).view());
            changed(data, "contacts", after.contacts(), GroupJson.of(before.view()).contacts());
        } else if (event instanceof GroupContactsAddedEvent added) {
            data.put("contacts", Map.of("added", added.contacts().stream().map(ContactJson::of).toList()));
        } else if (event instanceof GroupContactRemovedEvent removed) {
            data.put("contacts", Map.of("removed", List.of(ContactJson.of(removed.contact()))));
        } else if (event instanceof GroupArchivedEvent archived) {
            data.put("archived_at", seconds(archived.archivedAt()));
        } else if (event instanceof GroupUnarchivedEvent) {
            data.put("previous", Map.of("archived_at", seconds(before.archivedAt())));
        }
        return new GroupEventJson(message.getIdentifier(), type(event), message.getSequenceNumber(),
                message.getTimestamp().getEpochSecond(),
                new Actor((String) message.getMetaData().get(AuditMetadata.ACCOUNT),
                        (String) message.getMetaData().get(AuditMetadata.API_KEY_ID)),
                (String) message.getMetaData().get(AuditMetadata.REQUEST_ID), data);
    }

    static String type(GroupEvent event) {
        if (event instanceof GroupCreatedEvent) {
            return "group.created";
        }
        if (event instanceof GroupArchivedEvent) {
            return "group.archived";
        }
        if (event instanceof GroupUnarchivedEvent) {
            return "group.unarchived";
        }
        if (event instanceof GroupDeletedEvent) {
            return "group.deleted";
        }
        return "group.updated";
    }

    private static void changed(Map<String, Object> data, String field, Object now, Object previous) {
        data.put(field, now);
        Map<String, Object> was = new LinkedHashMap<>();
        was.put(field, previous);
        data.put("previous", was);
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
