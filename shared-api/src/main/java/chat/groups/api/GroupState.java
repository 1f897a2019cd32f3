package chat.groups.api;

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
import java.time.Instant;
import java.util.List;

/**
 * A group as its events make it: the one fold of events into state. The aggregate keeps
 * its state with it, and time travel replays history with it, so a group "as it was" is
 * computed by exactly the rules that made it.
 */
public record GroupState(
        String id,
        String accountId,
        String conversationId,
        String name,
        String description,
        String avatarUrl,
        List<Contact> contacts,
        Instant createdAt,
        Instant archivedAt,
        Instant deletedAt,
        long version) {

    /** The state after {@code event}, the event with sequence number {@code sequence}; {@code state} is null before creation. */
    public static GroupState evolve(GroupState state, GroupEvent event, long sequence) {
        if (event instanceof GroupCreatedEvent e) {
            return new GroupState(e.groupId(), e.accountId(), e.conversationId(), e.name(), e.description(),
                    e.avatarUrl(), e.contacts() == null ? List.of() : e.contacts(), e.createdAt(), null, null, sequence);
        }
        if (state == null) {
            throw new IllegalStateException("Group " + event.groupId() + " has " + event.getClass().getSimpleName()
                    + " #" + sequence + " before it was created");
        }
        if (event instanceof GroupRenamedEvent e) {
            return state.with(e.name(), state.description, state.avatarUrl, state.contacts, state.archivedAt, null, sequence);
        }
        if (event instanceof GroupDescriptionChangedEvent e) {
            return state.with(state.name, e.description(), state.avatarUrl, state.contacts, state.archivedAt, null, sequence);
        }
        if (event instanceof GroupAvatarChangedEvent e) {
            return state.with(state.name, state.description, e.avatarUrl(), state.contacts, state.archivedAt, null, sequence);
        }
        if (event instanceof GroupContactsChangedEvent e) {
            return state.with(state.name, state.description, state.avatarUrl,
                    e.contacts() == null ? List.of() : e.contacts(), state.archivedAt, null, sequence);
        }
        if (event instanceof GroupContactsAddedEvent e) {
            return state.with(state.name, state.description, state.avatarUrl, Members.plus(state.contacts, e.contacts()),
                    state.archivedAt, null, sequence);
        }
        if (event instanceof GroupContactRemovedEvent e) {
            return state.with(state.name, state.description, state.avatarUrl, Members.minus(state.contacts, e.contact()),
                    state.archivedAt, null, sequence);
        }
        if (event instanceof GroupArchivedEvent e) {
            return state.with(state.name, state.description, state.avatarUrl, state.contacts, e.archivedAt(), null, sequence);
        }
        if (event instanceof GroupUnarchivedEvent) {
            return state.with(state.name, state.description, state.avatarUrl, state.contacts, null, null, sequence);
        }
        if (event instanceof GroupDeletedEvent e) {
            return state.with(state.name, state.description, state.avatarUrl, state.contacts, state.archivedAt,
                    e.deletedAt(), sequence);
        }
        throw new IllegalArgumentException("Unknown group event " + event.getClass().getName());
    }

    public boolean archived() {
        return archivedAt != null;
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public GroupView view() {
        return new GroupView(id, accountId, name, description, avatarUrl, conversationId, contacts, createdAt, archivedAt,
                version);
    }

    private GroupState with(String name, String description, String avatarUrl, List<Contact> contacts,
                            Instant archivedAt, Instant deletedAt, long version) {
        return new GroupState(id, accountId, conversationId, name, description, avatarUrl, contacts, createdAt,
                archivedAt, deletedAt, version);
    }
}
