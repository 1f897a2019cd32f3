package chat.groups.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import chat.groups.api.AddContactsCommand;
import chat.groups.api.ArchiveGroupCommand;
import chat.groups.api.Change;
import chat.groups.api.Contact;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.DeleteGroupCommand;
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
import chat.groups.api.ClientText;
import chat.groups.api.GroupState;
import chat.groups.api.Members;
import chat.groups.api.MetadataKeys;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import chat.groups.api.RemoveContactCommand;
import chat.groups.api.UnarchiveGroupCommand;
import chat.groups.api.UpdateGroupCommand;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A group and its rules. Command handlers decide and apply events; event sourcing
 * handlers only assign state. Every command handler answers the group's version after
 * it ran (the sequence number of its last event), which the HTTP layer awaits in the
 * read model to give read-your-writes.
 */
@Aggregate(cache = CommandSideConfiguration.GROUP_CACHE)
public class Group {

    @AggregateIdentifier
    private String groupId;
    private GroupState state;
    /** Idempotency keys used on this group in the last 24 h, with what they asked and the version they left. */
    private final Map<String, KeyedRequest> keyedRequests = new HashMap<>();

    private record KeyedRequest(String fingerprint, long version, Instant at) {
    }

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
    public long handle(UpdateGroupCommand command, MetaData metaData) {
        requireOwner(command.accountId());
        OptionalLong replay = replayOf(metaData);
        if (replay.isPresent()) {
            return replay.getAsLong();
        }
        requireVersion(command.expectedVersion());
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
        if (archival != null && archival.value() != null) {
            requireNotBeforeCreation(archival.value());
        }
        if (archival != null && archival.value() != null && !state.archived()) {
            apply(new GroupArchivedEvent(groupId, archival.value()));
        } else if (archival != null && archival.value() == null && state.archived()) {
            apply(new GroupUnarchivedEvent(groupId));
        }
        return state.version();
    }

    /**
     * Adds the contacts that are not members yet. The aggregate handles one command of a group at
     * a time, so concurrent adds never overwrite each other and the cap holds exactly: all of the
     * new members fit, or none is added.
     */
    @CommandHandler
    public long handle(AddContactsCommand command, MetaData metaData) {
        requireOwner(command.accountId());
        OptionalLong replay = replayOf(metaData);
        if (replay.isPresent()) {
            return replay.getAsLong();
        }
        requireVersion(command.expectedVersion());
        Set<String> members = Members.keys(state.contacts());
        List<Contact> joining = new ArrayList<>();
        for (Contact contact : command.contacts()) {
            if (members.add(Members.key(contact))) {
                joining.add(contact);
            }
        }
        if (joining.isEmpty()) {
            return state.version(); // all of them are members already: nothing changes
        }
        int places = Math.max(0, Members.CAP - state.contacts().size());
        if (joining.size() > places) {
            throw new Rejection(Reason.MEMBER_CAP_REACHED, "Group '" + groupId + "' has " + state.contacts().size()
                    + " members and room for " + places + " more (at most " + Members.CAP + " per group), but "
                    + joining.size() + " of these contacts are not members yet. Nothing was added: add at most "
                    + places + (places == 1 ? " contact" : " contacts") + ", or remove members first.")
                    .asCommandException();
        }
        apply(new GroupContactsAddedEvent(groupId, List.copyOf(joining)));
        return state.version();
    }

    @CommandHandler
    public long handle(RemoveContactCommand command, MetaData metaData) {
        requireOwner(command.accountId());
        OptionalLong replay = replayOf(metaData);
        if (replay.isPresent()) {
            return replay.getAsLong();
        }
        requireVersion(command.expectedVersion());
        String reference = command.contact();
        List<Contact> named = Members.named(state.contacts(), reference);
        if (named.isEmpty()) {
            throw new Rejection(Reason.CONTACT_NOT_MEMBER, "'" + ClientText.printable(reference)
                    + "' is not a member of group '" + groupId + "': no member has that id or username. "
                    + "Retrieve the group to see its contacts.").asCommandException();
        }
        if (named.size() > 1) {
            throw new Rejection(Reason.CONTACT_AMBIGUOUS, "Username '" + ClientText.printable(reference) + "' names "
                    + named.size() + " members of group '" + groupId + "' (" + named.stream()
                    .map(member -> member.id() == null ? "one without an id" : "id " + member.id())
                    .collect(Collectors.joining(", ")) + "). Remove the one you mean by its id.")
                    .asCommandException();
        }
        apply(new GroupContactRemovedEvent(groupId, named.get(0)));
        return state.version();
    }

    @CommandHandler
    public long handle(ArchiveGroupCommand command, MetaData metaData) {
        requireOwner(command.accountId());
        OptionalLong replay = replayOf(metaData);
        if (replay.isPresent()) {
            return replay.getAsLong();
        }
        requireVersion(command.expectedVersion());
        if (state.archived()) {
            throw new Rejection(Reason.GROUP_ALREADY_ARCHIVED,
                    "Group '" + groupId + "' is already archived; unarchive it first to archive it again.")
                    .asCommandException();
        }
        apply(new GroupArchivedEvent(groupId, command.archivedAt()));
        return state.version();
    }

    @CommandHandler
    public long handle(UnarchiveGroupCommand command, MetaData metaData) {
        requireOwner(command.accountId());
        OptionalLong replay = replayOf(metaData);
        if (replay.isPresent()) {
            return replay.getAsLong();
        }
        requireVersion(command.expectedVersion());
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
    public long handle(DeleteGroupCommand command, MetaData metaData) {
        requireOwner(command.accountId());
        OptionalLong replay = replayOf(metaData);
        if (replay.isPresent()) {
            return replay.getAsLong();
        }
        requireVersion(command.expectedVersion());
        apply(new GroupDeletedEvent(groupId, command.deletedAt()));
        return state.version();
    }

    /** Another account's group does not exist for the caller, so it gets the same answer as a missing one. */
    private void requireOwner(String callerAccountId) {
        if (!state.accountId().equals(callerAccountId)) {
            throw Rejection.groupNotFound(groupId).asCommandException();
        }
    }

    /**
     * A retry with an idempotency key this group has served in the last 24 h changes nothing and
     * answers the version the first request left; the same key with another request is refused.
     */
    private OptionalLong replayOf(MetaData metaData) {
        Object key = metaData.get(MetadataKeys.IDEMPOTENCY_KEY);
        KeyedRequest earlier = key == null ? null : keyedRequests.get(key.toString());
        if (earlier == null || earlier.at().isBefore(GenericEventMessage.clock.instant().minus(MetadataKeys.IDEMPOTENCY_WINDOW))) {
            return OptionalLong.empty();
        }
        if (!earlier.fingerprint().equals(metaData.get(MetadataKeys.IDEMPOTENCY_FINGERPRINT))) {
            throw new Rejection(Reason.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key '" + ClientText.printable(key.toString())
                    + "' was already used with a different request on group '" + groupId + "'. A key may only be "
                    + "retried with the same method, path and parameters; use a new key for a new request.")
                    .asCommandException();
        }
        return OptionalLong.of(earlier.version());
    }

    /**
     * A group cannot have been archived before it existed. {@code archived_at} comes in whole
     * seconds, so the second the group was created in is allowed.
     */
    private void requireNotBeforeCreation(Instant archivedAt) {
        Instant createdSecond = state.createdAt().truncatedTo(ChronoUnit.SECONDS);
        if (archivedAt.isBefore(createdSecond)) {
            throw new Rejection(Reason.INVALID_ARCHIVED_AT, "'archived_at' (" + archivedAt.getEpochSecond()
                    + ") is before group '" + groupId + "' was created (" + createdSecond.getEpochSecond()
                    + "). Send a time from " + createdSecond.getEpochSecond() + " on, e.g. the current Unix time.")
                    .asCommandException();
        }
    }

    /** Optimistic concurrency: a client that read version N (its If-Match) changes only version N. */
    private void requireVersion(Long expected) {
        if (expected != null && expected != state.version()) {
            throw new Rejection(Reason.VERSION_MISMATCH, "Group '" + groupId + "' is at version " + state.version()
                    + ", not " + expected + " as If-Match expects: it changed since you read it. Retrieve it again, "
                    + "reapply your change and send If-Match: \"" + state.version() + "\".").asCommandException();
        }
    }

    private static <T> boolean changes(Change<T> change, T current) {
        return change != null && !Objects.equals(change.value(), current);
    }

    /** Every event, through the one fold of events into state that time travel uses too. */
    @EventSourcingHandler
    void on(GroupEvent event, @SequenceNumber long sequence, @Timestamp Instant at, MetaData metaData) {
        groupId = event.groupId();
        state = GroupState.evolve(state, event, sequence);
        Object key = metaData.get(MetadataKeys.IDEMPOTENCY_KEY);
        if (key != null) {
            keyedRequests.put(key.toString(),
                    new KeyedRequest(String.valueOf(metaData.get(MetadataKeys.IDEMPOTENCY_FINGERPRINT)), sequence, at));
        }
        keyedRequests.values().removeIf(request -> request.at().isBefore(at.minus(MetadataKeys.IDEMPOTENCY_WINDOW)));
        if (state.deleted()) {
            markDeleted();
        }
    }
}
