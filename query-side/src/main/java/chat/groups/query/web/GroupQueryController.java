package chat.groups.query.web;

import static chat.groups.common.auth.ApiKeyFilter.ACCOUNT;

import chat.groups.api.ClientText;
import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupPage;
import chat.groups.api.GroupView;
import chat.groups.api.ListGroupsQuery;
import chat.groups.api.PublicIds;
import chat.groups.api.Rejection;
import chat.groups.common.error.ApiException;
import chat.groups.query.GroupQueryHandlers;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.history.GroupHistory;
import chat.groups.common.json.ETags;
import chat.groups.common.json.GroupJson;
import chat.groups.common.json.ListJson;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read endpoints: the present straight from this service's MongoDB read model (the same
 * handlers that answer Axon queries, called in-process: no round trip through Axon Server,
 * so reads keep working while it is down), the past from the event store.
 */
@RestController
@RequestMapping("/v1/groups")
class GroupQueryController {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "archived", "contact", "starting_after",
            "ending_before");
    private static final int CONTACT_MAX = 64;

    private static final Set<String> RETRIEVE_PARAMETERS = Set.of("as_of", "version");
    private static final Set<String> EVENTS_PARAMETERS = Set.of("limit", "starting_after", "ending_before");

    private final GroupQueryHandlers reads;
    private final GroupHistory history;
    private final TimeTravel timeTravel = new TimeTravel();

    GroupQueryController(GroupQueryHandlers reads, GroupHistory history) {
        this.reads = reads;
        this.history = history;
    }

    @GetMapping
    ListJson<GroupJson> list(@RequestAttribute(ACCOUNT) String accountId, HttpServletRequest request) {
        Map<String, String> params = single(parameters(request), LIST_PARAMETERS);
        String startingAfter = params.get("starting_after");
        String endingBefore = params.get("ending_before");
        if (startingAfter != null && endingBefore != null) {
            throw bothCursors();
        }
        GroupPage page = reads.handle(new ListGroupsQuery(accountId, limit(params.get("limit")), startingAfter,
                endingBefore, archived(params.get("archived")), contact(params.get("contact"))));
        return new ListJson<>(page.hasMore(), page.data().stream().map(GroupJson::of).toList());
    }

    /** The group now (from the read model), or as it was at {@code as_of} or {@code version} (replayed from its events). */
    @GetMapping("/{id}")
    ResponseEntity<GroupJson> retrieve(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                       HttpServletRequest request) {
        Map<String, String> params = single(parameters(request), RETRIEVE_PARAMETERS);
        GroupView group;
        if (params.containsKey("as_of") || params.containsKey("version")) {
            group = timeTravel.groupAsItWas(history(accountId, id), params.get("as_of"), params.get("version"));
        } else {
            group = (PublicIds.isWellFormed(id)
                    ? reads.handle(new FindGroupQuery(accountId, id))
                    : Optional.<GroupView>empty())
                    .orElseThrow(() -> ApiException.groupNotFound(Rejection.groupNotFound(id).message()));
        }
        if (ETags.matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), group.version())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(ETags.of(group.version())).build();
        }
        return ResponseEntity.ok().eTag(ETags.of(group.version())).body(GroupJson.of(group));
    }

    /** The group's history from the event store, oldest first, paged by event id. */
    @GetMapping("/{id}/events")
    ListJson<GroupEventJson> events(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                    HttpServletRequest request) {
        Map<String, String> params = single(parameters(request), EVENTS_PARAMETERS);
        String startingAfter = params.get("starting_after");
        String endingBefore = params.get("ending_before");
        if (startingAfter != null && endingBefore != null) {
            throw bothCursors();
        }
        List<GroupEventJson> entries = timeTravel.entries(history(accountId, id));
        return EventPages.page(entries, limit(params.get("limit")), startingAfter, endingBefore);
    }

    private List<DomainEventMessage<GroupEvent>> history(String accountId, String id) {
        return (PublicIds.isWellFormed(id) ? history.of(accountId, id) : Optional.<List<DomainEventMessage<GroupEvent>>>empty())
                .orElseThrow(() -> ApiException.groupNotFound(Rejection.groupNotFound(id).message()));
    }

    /** The query parameters; a query string that is not valid URL encoding is the client's error, not ours. */
    private static Map<String, String[]> parameters(HttpServletRequest request) {
        try {
            return request.getParameterMap();
        } catch (IllegalStateException undecodable) {
            throw new ApiException(ErrorCode.REQUEST_MALFORMED, "The query string is not valid URL encoding. Percent-encode special "
                    + "characters as UTF-8 (e.g. %26 for &), and give every parameter a name.");
        }
    }

    private static Map<String, String> single(Map<String, String[]> parameters, Set<String> allowed) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (!allowed.contains(parameter.getKey())) {
                throw ApiException.unknown(parameter.getKey(), "Unknown parameter '" + ClientText.printable(parameter.getKey())
                        + "'. Allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
            if (parameter.getValue().length > 1) {
                throw new ApiException(ErrorCode.PARAMETER_REPEATED, parameter.getKey(), "Parameter '" + parameter.getKey() + "' is given more than once. Send it once.");
            }
        }
        return parameters.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0]));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (value.matches("\\d{1,3}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw ApiException.invalid("limit", "'limit' must be a whole number from 1 to " + MAX_LIMIT + " (default "
                + DEFAULT_LIMIT + "), not '" + ClientText.printable(value) + "'.");
    }

    private static Boolean archived(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid("archived", "'archived' must be true (only archived groups) or false "
                    + "(only active groups), not '" + ClientText.printable(value) + "'. Leave it out to list both.");
        };
    }

    /** A member's id or username, as on a contact: one line, 1 to 64 characters. */
    private static String contact(String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > CONTACT_MAX || value.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid("contact", "'contact' must be a contact's id or username (1 to " + CONTACT_MAX
                    + " characters on one line), not '" + ClientText.printable(value) + "'. Leave it out to list "
                    + "groups whatever their members.");
        }
        return value;
    }

    private static ApiException bothCursors() {
        return new ApiException(ErrorCode.PARAMETERS_EXCLUSIVE, "ending_before",
                "Send either 'starting_after' (next page) or 'ending_before' (previous page), not both.");
    }
}
