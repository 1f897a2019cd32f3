package chat.groups.query.webhooks;

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
import java.util.Arrays;
import java.util.Optional;

/** The webhook event types, and which one each group event is. */
public enum WebhookEventType {
    GROUP_CREATED("group.created"),
    GROUP_UPDATED("group.updated"),
    GROUP_DELETED("group.deleted");

    /** In {@code enabled_events}: every type, including types added later. */
    public static final String ALL = "*";

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The webhook type of a group event. Every event type is listed on purpose: a new one fails
     * {@code WebhookEventTypeTest} until it is mapped here (what changed is computed from the
     * group's state before and after, so a new update event needs nothing more than its line).
     */
    public static WebhookEventType of(GroupEvent event) {
        return of(event.getClass());
    }

    /** By the event's class, so that a dispatcher can tell without decrypting the event. */
    public static WebhookEventType of(Class<?> eventType) {
        if (eventType == GroupCreatedEvent.class) {
            return GROUP_CREATED;
        }
        if (eventType == GroupRenamedEvent.class || eventType == GroupDescriptionChangedEvent.class
                || eventType == GroupAvatarChangedEvent.class || eventType == GroupContactsChangedEvent.class
                || eventType == GroupArchivedEvent.class || eventType == GroupUnarchivedEvent.class
                || eventType == GroupContactsAddedEvent.class || eventType == GroupContactRemovedEvent.class) {
            return GROUP_UPDATED;
        }
        if (eventType == GroupDeletedEvent.class) {
            return GROUP_DELETED;
        }
        throw new IllegalArgumentException("No webhook event type for " + eventType.getName()
                + "; map it in WebhookEventType.of");
    }

    public static Optional<WebhookEventType> byWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
