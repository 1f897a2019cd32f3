package chat.groups.query.web;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupState;
import chat.groups.api.GroupView;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.history.GroupHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;

/** Replays a group's events with {@link GroupState#evolve} (through {@link GroupHistory#fold}), the fold the aggregate itself uses. */
final class TimeTravel {

    /** The group as it was at {@code asOf} (Unix seconds, inclusive) or at {@code version}; exactly one is given. */
    GroupView groupAsItWas(List<DomainEventMessage<GroupEvent>> events, String asOf, String version) {
        if (asOf != null && version != null) {
            throw new ApiException(ErrorCode.PARAMETERS_EXCLUSIVE, "version", "Send either 'as_of' (a time) or 'version' (a sequence number), not both.");
        }
        String groupId = events.get(0).getAggregateIdentifier();
        events.stream().filter(event -> event.getPayload() instanceof GroupDeletedEvent).findFirst().ifPresent(deleted -> {
            throw ApiException.groupNotFound("Group '" + groupId + "' was deleted at " + deleted.getTimestamp().getEpochSecond()
                    + " (Unix seconds); deletion erased its content, past versions included. Its history "
                    + "(GET /v1/groups/" + groupId + "/events) still shows who changed it and when.");
        });
        long last = events.get(events.size() - 1).getSequenceNumber();
        if (version != null) {
            long wanted = number("version", version, "a version (sequence number) from 0 to " + last);
            if (wanted > last) {
                throw ApiException.invalid("version", "'version' must be from 0 to " + last + " for group '" + groupId
                        + "'; its latest version is " + last + ".");
            }
            return GroupHistory.fold(events, event -> event.getSequenceNumber() <= wanted).view();
        }
        Instant before = Instant.ofEpochSecond(number("as_of", asOf, "a Unix timestamp in seconds") + 1);
        GroupState state = GroupHistory.fold(events, event -> event.getTimestamp().isBefore(before));
        if (state == null) {
            throw ApiException.groupNotFound("Group '" + groupId + "' did not exist yet at " + asOf + "; it was created at "
                    + events.get(0).getTimestamp().getEpochSecond() + " (Unix seconds).");
        }
        return state.view();
    }

    /** The history entries, each with the state before it so that updates show what they replaced. */
    List<GroupEventJson> entries(List<DomainEventMessage<GroupEvent>> events) {
        boolean erased = events.stream().anyMatch(event -> event.getPayload() instanceof GroupDeletedEvent);
        List<GroupEventJson> entries = new ArrayList<>();
        GroupState state = null;
        for (DomainEventMessage<GroupEvent> event : events) {
            entries.add(GroupEventJson.of(event, state, erased));
            state = GroupState.evolve(state, event.getPayload(), event.getSequenceNumber());
        }
        return entries;
    }

    private static long number(String parameter, String value, String what) {
        if (!value.matches("\\d{1,12}")) {
            throw ApiException.invalid(parameter, "'" + parameter + "' must be " + what + ".");
        }
        return Long.parseLong(value);
    }
}
