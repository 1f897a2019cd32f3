package chat.groups.api;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteGroupCommand(@TargetAggregateIdentifier String groupId, String accountId, Instant deletedAt, Long expectedVersion) {

    /** Applies whatever the group's version. */
    public DeleteGroupCommand(String groupId, String accountId, Instant deletedAt) {
        this(groupId, accountId, deletedAt, null);
    }

    public DeleteGroupCommand {
        Objects.requireNonNull(deletedAt, "deletedAt");
    }
}
