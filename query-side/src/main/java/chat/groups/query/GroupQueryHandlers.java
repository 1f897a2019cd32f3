package chat.groups.query;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupPage;
import chat.groups.api.GroupView;
import chat.groups.api.ListGroupsQuery;
import chat.groups.api.ClientText;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import chat.groups.query.GroupStore.ListPosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers the group queries from the live version of the read model, resolved once per
 * query. An account only ever sees its own groups: another account's group is answered
 * exactly like a group that does not exist.
 */
@Component
public class GroupQueryHandlers {

    private final Supplier<GroupStore> live;

    public GroupQueryHandlers(Supplier<GroupStore> live) {
        this.live = live;
    }

    /** The group, or empty when it does not exist, was deleted, or belongs to another account. */
    @QueryHandler
    public Optional<GroupView> handle(FindGroupQuery query) {
        return live.get().find(query.accountId(), query.groupId());
    }

    /**
     * A page of the account's groups, newest first (creation time, then id, descending).
     * With {@code startingAfter} the page holds the groups that follow that one; with
     * {@code endingBefore} the groups that precede it. {@code hasMore} tells whether more
     * groups lie beyond the page in the direction paged: after it when paging forward (or
     * from the top), before it when paging backward.
     *
     * @throws org.axonframework.queryhandling.QueryExecutionException carrying a
     *         {@link Reason#UNKNOWN_CURSOR} {@link Rejection} when a cursor is not the id of
     *         one of the account's groups
     */
    @QueryHandler
    public GroupPage handle(ListGroupsQuery query) {
        if (query.startingAfter() != null && query.endingBefore() != null) {
            throw new IllegalArgumentException("ListGroupsQuery takes at most one cursor, got both startingAfter='"
                    + query.startingAfter() + "' and endingBefore='" + query.endingBefore() + "'");
        }
        if (query.limit() < 1) {
            throw new IllegalArgumentException("ListGroupsQuery limit must be positive, got " + query.limit());
        }
        int limit = query.limit();
        GroupStore store = live.get();
        if (query.endingBefore() != null) {
            ListPosition before = cursor(store, query.accountId(), query.endingBefore(), "ending_before");
            List<GroupView> nearestFirst = store.listBefore(query.accountId(), query.archived(), query.contact(), before,
                    limit + 1);
            List<GroupView> page = new ArrayList<>(nearestFirst.subList(0, Math.min(limit, nearestFirst.size())));
            Collections.reverse(page);
            return new GroupPage(List.copyOf(page), nearestFirst.size() > limit);
        }
        ListPosition after = query.startingAfter() == null
                ? null
                : cursor(store, query.accountId(), query.startingAfter(), "starting_after");
        List<GroupView> rows = store.listAfter(query.accountId(), query.archived(), query.contact(), after, limit + 1);
        return new GroupPage(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), rows.size() > limit);
    }

    private static ListPosition cursor(GroupStore store, String accountId, String groupId, String parameter) {
        return store.positionOf(accountId, groupId).orElseThrow(() -> new Rejection(Reason.UNKNOWN_CURSOR,
                "Unknown " + parameter + " cursor '" + ClientText.printable(groupId) + "': " + parameter
                        + " must be the id of a group in this list, such as the "
                        + (parameter.equals("starting_after") ? "last" : "first")
                        + " id of the page you are on.").asQueryException());
    }
}
