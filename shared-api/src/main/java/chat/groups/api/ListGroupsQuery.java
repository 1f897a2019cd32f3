package chat.groups.api;

/**
 * A page of one account's groups, newest first. At most one cursor is set;
 * {@code archived} null means archived and active groups alike; {@code contact} non-null keeps
 * only the groups that have a member with that id or username.
 */
public record ListGroupsQuery(String accountId, int limit, String startingAfter, String endingBefore, Boolean archived,
                              String contact) {

    /** Every group of the account, whatever its members. */
    public ListGroupsQuery(String accountId, int limit, String startingAfter, String endingBefore, Boolean archived) {
        this(accountId, limit, startingAfter, endingBefore, archived, null);
    }
}
