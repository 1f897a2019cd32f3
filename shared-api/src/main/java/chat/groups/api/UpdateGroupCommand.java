package chat.groups.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A partial update: only the non-null changes apply; a change to the current value is no
 * change. Clearing {@code contacts} leaves an empty member list; {@code archivedAt} set to a
 * time archives the group, set to null unarchives it. A non-null {@code expectedVersion}
 * (the client's If-Match) makes the update apply only to the group at exactly that version.
 */
public record UpdateGroupCommand(
        @TargetAggregateIdentifier String groupId,
        String accountId,
        Change<String> name,
        Change<String> description,
        Change<String> avatarUrl,
        Change<List<Contact>> contacts,
        Change<Instant> archivedAt,
        Long expectedVersion) {

    /** Applies whatever the group's version. */
    public UpdateGroupCommand(String groupId, String accountId, Change<String> name, Change<String> description,
                              Change<String> avatarUrl, Change<List<Contact>> contacts, Change<Instant> archivedAt) {
        this(groupId, accountId, name, description, avatarUrl, contacts, archivedAt, null);
    }

    public UpdateGroupCommand {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(accountId, "accountId");
        if (name != null && (name.value() == null || name.value().isBlank())) {
            throw new IllegalArgumentException("A group's name can be changed but not removed");
        }
    }
}
