package chat.groups.api;

import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds the contacts that are not members yet (see {@link Members#key}) and leaves the others as
 * they are; refused whole if the group would pass its member cap. A non-null
 * {@code expectedVersion} (If-Match) makes it apply only to the group at exactly that version.
 */
public record AddContactsCommand(@TargetAggregateIdentifier String groupId, String accountId, List<Contact> contacts,
                                 Long expectedVersion) {

    public AddContactsCommand {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(accountId, "accountId");
        if (contacts == null || contacts.isEmpty()) {
            throw new IllegalArgumentException("AddContactsCommand needs at least one contact");
        }
        contacts = List.copyOf(contacts);
    }
}
