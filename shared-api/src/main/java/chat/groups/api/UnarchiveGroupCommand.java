package chat.groups.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnarchiveGroupCommand(@TargetAggregateIdentifier String groupId, String accountId) {
}
