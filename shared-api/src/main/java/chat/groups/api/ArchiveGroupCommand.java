package chat.groups.api;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ArchiveGroupCommand(@TargetAggregateIdentifier String groupId, String accountId, Instant archivedAt, Long expectedVersion) {

    /** Applies whatever the group's version. */
    public ArchiveGroupCommand(String groupId, String accountId, Instant archivedAt) {
        this(groupId, accountId, archivedAt, null);
    }

    public ArchiveGroupCommand {
        Objects.requireNonNull(archivedAt, "archivedAt");
    }
}
