package chat.groups.api;

/** One group of one account; answers {@code Optional<GroupView>}, empty when the account has no such group. */
public record FindGroupQuery(String accountId, String groupId) {
}
