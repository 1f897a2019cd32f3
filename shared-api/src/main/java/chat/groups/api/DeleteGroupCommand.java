package chat.groups.api;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteGroupCommand(@TargetAggregateIdentifier String groupId, String accountId, Instant deletedAt) {

    public DeleteGroupCommand {
        Objects.requireNonNull(deletedAt, "deletedAt");
    }
}
