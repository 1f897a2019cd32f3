package chat.groups.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import chat.groups.api.ArchiveGroupCommand;
import chat.groups.api.Change;
import chat.groups.api.Contact;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.DeleteGroupCommand;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.GroupState;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import chat.groups.api.UnarchiveGroupCommand;
import chat.groups.api.UpdateGroupCommand;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A group and its rules. Command handlers decide and apply events; event sourcing
 * handlers only assign state. Every command handler answers the group's version after
 * it ran (the sequence number of its last event), which the HTTP layer awaits in the
 * read model to give read-your-writes.
 */
@Aggregate
public class Group {

    @AggregateIdentifier
    private String groupId;
    private GroupState state;

    protected Group() {
        // for Axon, which rebuilds a group from its events
    }

    @CommandHandler
    public Group(CreateGroupCommand command) {
        apply(new GroupCreatedEvent(command.groupId(), command.accountId(), command.conversationId(),
                command.name(), command.description(), command.avatarUrl(),
                command.contacts(), command.createdAt()));
    }

    @CommandHandler
    public long handle(UpdateGroupCommand command) {
        requireOwner(command.accountId());
        if (changes(command.name(), state.name())) {
            apply(new GroupRenamedEvent(groupId, command.name().value()));
        }
        if (changes(command.description(), state.description())) {
            apply(new GroupDescriptionChangedEvent(groupId, command.description().value()));
        }
        if (changes(command.avatarUrl(), state.avatarUrl())) {
            apply(new GroupAvatarChangedEvent(groupId, command.avatarUrl().value()));
        }
        Change<List<Contact>> members = command.contacts() == null ? null
                : Change.to(command.contacts().value() == null ? List.of() : List.copyOf(command.contacts().value()));
        if (changes(members, state.contacts())) {
            apply(new GroupContactsChangedEvent(groupId, members.value()));
        }
        // An update states the wanted archival state: asking for the state the group is
        // already in changes nothing (unlike the archive and unarchive commands, which refuse).
        Change<Instant> archival = command.archivedAt();
        if (archival != null && archival.value() != null && !state.archived()) {
            apply(new GroupArchivedEvent(groupId, archival.value()));
        } else if (archival != null && archival.value() == null && state.archived()) {
            apply(new GroupUnarchivedEvent(groupId));
        }
        return state.version();
    }

    @CommandHandler
    public long handle(ArchiveGroupCommand command) {
        requireOwner(command.accountId());
        if (state.archived()) {
            throw new Rejection(Reason.GROUP_ALREADY_ARCHIVED,
                    "Group '" + groupId + "' is already archived; unarchive it first to archive it again.")
                    .asCommandException();
        }
        apply(new GroupArchivedEvent(groupId, command.archivedAt()));
        return state.version();
    }

    @CommandHandler
    public long handle(UnarchiveGroupCommand command) {
        requireOwner(command.accountId());
        if (!state.archived()) {
            throw new Rejection(Reason.GROUP_NOT_ARCHIVED,
                    "Group '" + groupId + "' is not archived, so there is nothing to unarchive.")
                    .asCommandException();
        }
        apply(new GroupUnarchivedEvent(groupId));
        return state.version();
    }

    /** A deleted group can never be loaded again: Axon refuses it, and the HTTP layer answers 404. */
    @CommandHandler
    public long handle(DeleteGroupCommand command) {
        requireOwner(command.accountId());
        apply(new GroupDeletedEvent(groupId, command.deletedAt()));
        return state.version();
    }

    /** Another account's group does not exist for the caller, so it gets the same answer as a missing one. */
    private void requireOwner(String callerAccountId) {
        if (!state.accountId().equals(callerAccountId)) {
            throw Rejection.groupNotFound(groupId).asCommandException();
        }
    }

    private static <T> boolean changes(Change<T> change, T current) {
        return change != null && !Objects.equals(change.value(), current);
    }

    /** Every event, through the one fold of events into state that time travel uses too. */
    @EventSourcingHandler
    void on(GroupEvent event, @SequenceNumber long sequence) {
        groupId = event.groupId();
        state = GroupState.evolve(state, event, sequence);
        if (state.deleted()) {
            markDeleted();
        }
    }
}
