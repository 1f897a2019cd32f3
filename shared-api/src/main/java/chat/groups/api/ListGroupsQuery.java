package chat.groups.api;

/**
 * A page of one account's groups, newest first. At most one cursor is set;
 * {@code archived} null means archived and active groups alike.
 */
public record ListGroupsQuery(String accountId, int limit, String startingAfter, String endingBefore, Boolean archived) {
}
