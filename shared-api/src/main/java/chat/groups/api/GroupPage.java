package chat.groups.api;

import java.util.List;

/** A page of groups in list order; {@code hasMore} tells whether more lie beyond it in the direction paged. */
public record GroupPage(List<GroupView> data, boolean hasMore) {
}
