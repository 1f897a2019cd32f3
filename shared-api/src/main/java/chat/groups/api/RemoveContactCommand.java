package chat.groups.api;

import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Removes the member that {@code contact} names: the member with that id, else the one with that
 * username. A non-null {@code expectedVersion} (If-Match) makes it apply only to that version.
 */
public record RemoveContactCommand(@TargetAggregateIdentifier String groupId, String accountId, String contact,
                                   Long expectedVersion) {

    public RemoveContactCommand {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(contact, "contact");
    }
}
