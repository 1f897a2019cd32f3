package chat.groups.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateGroupCommand(
        @TargetAggregateIdentifier String groupId,
        String accountId,
        String conversationId,
        String name,
        String description,
        String avatarUrl,
        List<Contact> contacts,
        Instant createdAt) {

    public CreateGroupCommand {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A group needs a name");
        }
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }
}
