package chat.groups.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnarchiveGroupCommand(@TargetAggregateIdentifier String groupId, String accountId, Long expectedVersion) {

    /** Applies whatever the group's version. */
    public UnarchiveGroupCommand(String groupId, String accountId) {
        this(groupId, accountId, null);
    }
}
