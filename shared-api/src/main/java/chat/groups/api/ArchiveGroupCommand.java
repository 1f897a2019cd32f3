package chat.groups.api;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ArchiveGroupCommand(@TargetAggregateIdentifier String groupId, String accountId, Instant archivedAt) {

    public ArchiveGroupCommand {
        Objects.requireNonNull(archivedAt, "archivedAt");
    }
}
