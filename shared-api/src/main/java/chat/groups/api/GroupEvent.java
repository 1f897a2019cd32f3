package chat.groups.api;

import java.time.Instant;
import java.util.List;

/** Everything that can happen to a group. Each event carries only what changed. */
public sealed interface GroupEvent {

    String groupId();

    record GroupCreatedEvent(
            String groupId,
            String accountId,
            String conversationId,
            String name,
            String description,
            String avatarUrl,
            List<Contact> contacts,
            Instant createdAt) implements GroupEvent {
    }

    record GroupRenamedEvent(String groupId, String name) implements GroupEvent {
    }

    record GroupDescriptionChangedEvent(String groupId, String description) implements GroupEvent {
    }

    record GroupAvatarChangedEvent(String groupId, String avatarUrl) implements GroupEvent {
    }

    record GroupContactsChangedEvent(String groupId, List<Contact> contacts) implements GroupEvent {
    }

    /** Members joined: the contacts that were not members yet, in the order given. {@code PUT contacts} still replaces the list. */
    record GroupContactsAddedEvent(String groupId, List<Contact> contacts) implements GroupEvent {
    }

    /** A member left: the contact as it was in the group (so history shows who, and the fold knows which). */
    record GroupContactRemovedEvent(String groupId, Contact contact) implements GroupEvent {
    }

    record GroupArchivedEvent(String groupId, Instant archivedAt) implements GroupEvent {
    }

    record GroupUnarchivedEvent(String groupId) implements GroupEvent {
    }

    record GroupDeletedEvent(String groupId, Instant deletedAt) implements GroupEvent {
    }
}
