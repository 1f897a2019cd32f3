package chat.groups.query.web;

import chat.groups.api.ClientText;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.json.ListJson;
import java.util.List;

/** Pages a group's history (oldest first) by event id, with the list conventions of the whole API. */
final class EventPages {

    private EventPages() {
    }

    static ListJson<GroupEventJson> page(List<GroupEventJson> entries, int limit, String startingAfter,
                                         String endingBefore) {
        if (endingBefore != null) {
            int end = indexOf(entries, endingBefore, "ending_before");
            int start = Math.max(0, end - limit);
            return new ListJson<>(start > 0, entries.subList(start, end));
        }
        int start = startingAfter == null ? 0 : indexOf(entries, startingAfter, "starting_after") + 1;
        int end = Math.min(entries.size(), start + limit);
        return new ListJson<>(end < entries.size(), entries.subList(start, end));
    }

    private static int indexOf(List<GroupEventJson> entries, String eventId, String parameter) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id().equals(eventId)) {
                return i;
            }
        }
        throw new ApiException(ErrorCode.CURSOR_NOT_FOUND, parameter, "Unknown " + parameter + " cursor '" + ClientText.printable(eventId)
                + "': " + parameter + " must be the id of an event in this group's history.");
    }
}
