package chat.groups.query.webhooks;

import static chat.groups.common.auth.ApiKeyFilter.ACCOUNT;

import chat.groups.api.ClientText;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.error.DocTopic;
import chat.groups.common.json.DeletedJson;
import chat.groups.common.json.ListJson;
import chat.groups.common.request.Params;
import chat.groups.common.request.RequestBodyReader;
import chat.groups.query.ProjectionDurability;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/webhook_endpoints}: an account's subscriptions to webhook events, their secrets
 * and their attempts logs. See docs/webhooks.md. Every change is durable before it is answered.
 */
@RestController
@RequestMapping("/v1/webhook_endpoints")
class WebhookEndpointController {

    static final int MAX_ENDPOINTS_PER_ACCOUNT = 16;
    static final int DESCRIPTION_MAX = 500;
    static final long MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600;
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;
    private static final Set<String> CREATE_FIELDS = Set.of("url", "enabled_events", "description");
    private static final Set<String> UPDATE_FIELDS = Set.of("url", "enabled_events", "description", "disabled");
    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "starting_after", "ending_before");
    private static final Set<String> DELIVERY_LIST_PARAMETERS = Set.of("limit", "starting_after", "ending_before", "status");
    private static final Set<String> DELIVERY_STATUSES = Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED,
            Delivery.PAUSED);

    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final RequestBodyReader bodies;
    private final WebhookSettings settings;
    private final ProjectionDurability durability;
    private final DeliveryWorker worker;
    private final Clock clock;

    WebhookEndpointController(WebhookEndpoints endpoints, WebhookOutbox outbox, RequestBodyReader bodies,
                              WebhookSettings settings, ObjectProvider<ProjectionDurability> durability,
                              DeliveryWorker worker) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.bodies = bodies;
        this.settings = settings;
        // The standalone server's embedded store commits when asked; a MongoDB server by itself.
        this.durability = durability.getIfAvailable(() -> ProjectionDurability.ACKNOWLEDGED);
        this.worker = worker;
        this.clock = Clock.systemUTC();
    }

    @PostMapping
    ResponseEntity<WebhookJson.Endpoint> create(@RequestAttribute(ACCOUNT) String accountId, HttpServletRequest request)
            throws IOException {
        Params params = bodies.read(request).allowOnly(CREATE_FIELDS);
        String url = url(params);
        List<String> events = events(params);
        String description = params.optionalString("description", DESCRIPTION_MAX);
        if (endpoints.count(accountId) >= MAX_ENDPOINTS_PER_ACCOUNT) {
            throw invalid("This account has " + MAX_ENDPOINTS_PER_ACCOUNT + " webhook endpoints, the most it may have. "
                    + "Delete one it no longer needs, or subscribe an existing one to more events.");
        }
        WebhookEndpoint created = endpoints.create(accountId, url, description, events, clock.millis());
        durability.checkpoint();
        return ResponseEntity.status(HttpStatus.CREATED).body(WebhookJson.Endpoint.of(created, true));
    }

    @GetMapping
    ListJson<WebhookJson.Endpoint> list(@RequestAttribute(ACCOUNT) String accountId, HttpServletRequest request) {
        Map<String, String> params = query(request, LIST_PARAMETERS);
        Cursors cursors = cursors(params);
        WebhookEndpoint after = cursors.startingAfter() == null ? null : cursorEndpoint(accountId, cursors.startingAfter(), "starting_after");
        WebhookEndpoint before = cursors.endingBefore() == null ? null : cursorEndpoint(accountId, cursors.endingBefore(), "ending_before");
        WebhookEndpoints.Page page = endpoints.list(accountId, limit(params), after, before);
        return new ListJson<>(page.hasMore(), page.data().stream().map(e -> WebhookJson.Endpoint.of(e, false)).toList());
    }

    @GetMapping("/{id}")
    WebhookJson.Endpoint retrieve(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                  HttpServletRequest request) {
        query(request, Set.of());
        return WebhookJson.Endpoint.of(endpoint(accountId, id), false);
    }

    @PutMapping("/{id}")
    WebhookJson.Endpoint update(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                HttpServletRequest request) throws IOException {
        WebhookEndpoint current = endpoint(accountId, id);
        Params params = bodies.read(request).allowOnly(UPDATE_FIELDS);
        if (params.isEmpty()) {
            throw invalid("Send at least one of: " + String.join(", ", new TreeSet<>(UPDATE_FIELDS)) + ".");
        }
        String url = params.has("url") ? url(params) : null;
        List<String> events = params.has("enabled_events") ? events(params) : null;
        Optional<String> description = params.has("description")
                ? Optional.ofNullable(params.optionalString("description", DESCRIPTION_MAX)) : null;
        Boolean disabled = params.has("disabled") ? params.optionalBoolean("disabled") : null;
        if (params.has("disabled") && disabled == null) {
            throw invalid("'disabled' must be true or false.");
        }
        long now = clock.millis();
        WebhookEndpoint updated = endpoints.update(accountId, id, url, description, events, disabled, now)
                .orElseThrow(() -> notFound(id));
        if (Boolean.TRUE.equals(disabled) && current.enabled()) {
            outbox.pauseAll(id);
        } else if (Boolean.FALSE.equals(disabled) && !current.enabled()) {
            outbox.resumeAll(id, now, now + settings.retryFor().toMillis());
            worker.wake();
        }
        durability.checkpoint();
        return WebhookJson.Endpoint.of(updated, false);
    }

    @DeleteMapping("/{id}")
    DeletedJson delete(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id) {
        endpoint(accountId, id);
        if (!endpoints.delete(accountId, id)) {
            throw notFound(id);
        }
        outbox.deleteAll(id);
        durability.checkpoint();
        return new DeletedJson(id, true);
    }

    /** A new secret, shown once; with {@code expires_in} seconds the old one keeps signing too, for a switch-over. */
    @PostMapping("/{id}/secret/roll")
    WebhookJson.Endpoint rollSecret(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                    HttpServletRequest request) throws IOException {
        endpoint(accountId, id);
        Params params = bodies.read(request).allowOnly(Set.of("expires_in"));
        Long overlap = params.optionalWholeNumber("expires_in", 0, MAX_SECRET_OVERLAP_SECONDS);
        long now = clock.millis();
        WebhookEndpoint rolled = endpoints.rollSecret(accountId, id, now + (overlap == null ? 0 : overlap * 1000))
                .orElseThrow(() -> notFound(id));
        durability.checkpoint();
        return WebhookJson.Endpoint.of(rolled, true);
    }

    @GetMapping("/{id}/deliveries")
    ListJson<WebhookJson.DeliveryJson> deliveries(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                                  HttpServletRequest request) {
        endpoint(accountId, id);
        Map<String, String> params = query(request, DELIVERY_LIST_PARAMETERS);
        String status = params.get("status");
        if (status != null && !DELIVERY_STATUSES.contains(status)) {
            throw invalid("'status' must be one of " + String.join(", ", new TreeSet<>(DELIVERY_STATUSES)) + ", not '"
                    + ClientText.printable(status) + "'. Leave it out to list all.");
        }
        Cursors cursors = cursors(params);
        Delivery after = cursors.startingAfter() == null ? null : cursorDelivery(id, cursors.startingAfter(), "starting_after");
        Delivery before = cursors.endingBefore() == null ? null : cursorDelivery(id, cursors.endingBefore(), "ending_before");
        int limit = limit(params);
        List<Delivery> found = outbox.list(id, status, limit + 1, after, before);
        boolean more = found.size() > limit;
        List<Delivery> page = new ArrayList<>(found);
        if (more) {
            // ending_before lists oldest-last too, so the extra one is at the start there
            page = before == null ? page.subList(0, limit) : page.subList(1, page.size());
        }
        return new ListJson<>(more, page.stream().map(WebhookJson.DeliveryJson::of).toList());
    }

    @GetMapping("/{id}/deliveries/{eventId}")
    WebhookJson.DeliveryJson delivery(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                      @PathVariable String eventId, HttpServletRequest request) {
        endpoint(accountId, id);
        query(request, Set.of());
        return WebhookJson.DeliveryJson.of(outbox.find(id, eventId).orElseThrow(() -> noDelivery(id, eventId)));
    }

    /** Sends the event to the endpoint again, as soon as a worker is free, with a fresh retry window. */
    @PostMapping("/{id}/deliveries/{eventId}/resend")
    WebhookJson.DeliveryJson resend(@RequestAttribute(ACCOUNT) String accountId, @PathVariable String id,
                                    @PathVariable String eventId, HttpServletRequest request) throws IOException {
        WebhookEndpoint endpoint = endpoint(accountId, id);
        bodies.read(request).allowOnly(Set.of());
        if (!endpoint.enabled()) {
            throw new ApiException(ErrorCode.WEBHOOK_ENDPOINT_DISABLED, "Webhook endpoint '" + id
                    + "' is disabled; enable it first (PUT /v1/webhook_endpoints/" + id + " with disabled=false).");
        }
        long now = clock.millis();
        Delivery resent = outbox.resend(id, eventId, now, now + settings.retryFor().toMillis())
                .orElseThrow(() -> noDelivery(id, eventId));
        durability.checkpoint();
        worker.wake();
        return WebhookJson.DeliveryJson.of(resent);
    }

    // ---------------------------------------------------------------- input

    private String url(Params params) {
        String url = params.optionalLine("url", WebhookUrls.MAX_LENGTH);
        if (url == null) {
            throw invalid("'url' is required: the https URL to send the events to, e.g. https://example.com/webhooks.");
        }
        Optional<String> problem = WebhookUrls.problem(url, settings.allowInsecureUrls());
        if (problem.isPresent()) {
            throw invalid("'url' " + problem.get() + ", not '" + ClientText.printable(url) + "'.");
        }
        return url;
    }

    private static List<String> events(Params params) {
        String allowed = "'*' (every type) or any of " + allTypes();
        List<String> events = params.optionalStrings("enabled_events", WebhookEventType.values().length + 1, 64);
        if (events == null || events.isEmpty()) {
            throw invalid("'enabled_events' is required: the event types to send, " + allowed
                    + ", e.g. enabled_events[0]=group.created in a form or [\"group.created\"] in JSON.");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String event : events) {
            if (!event.equals(WebhookEventType.ALL) && WebhookEventType.byWireName(event).isEmpty()) {
                throw invalid("'enabled_events' contains '" + ClientText.printable(event) + "', which is no event type. "
                        + "Use " + allowed + ".");
            }
            if (!distinct.add(event)) {
                throw invalid("'enabled_events' lists '" + event + "' more than once. List each type once.");
            }
        }
        if (distinct.contains(WebhookEventType.ALL) && distinct.size() > 1) {
            throw invalid("'enabled_events' has '*' (every type) and other types; send either '*' alone or the types.");
        }
        return List.copyOf(distinct);
    }

    private static String allTypes() {
        return java.util.Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName)
                .collect(Collectors.joining(", "));
    }

    private record Cursors(String startingAfter, String endingBefore) {
    }

    private static Cursors cursors(Map<String, String> params) {
        String startingAfter = params.get("starting_after");
        String endingBefore = params.get("ending_before");
        if (startingAfter != null && endingBefore != null) {
            throw new ApiException(ErrorCode.PARAMETERS_EXCLUSIVE, "ending_before",
                    "Send either 'starting_after' (next page) or 'ending_before' (previous page), not both.");
        }
        return new Cursors(startingAfter, endingBefore);
    }

    private WebhookEndpoint cursorEndpoint(String accountId, String id, String name) {
        return endpoints.find(accountId, id).orElseThrow(() -> new ApiException(ErrorCode.CURSOR_NOT_FOUND,
                name, "'" + name + "' must be the id of one of your webhook endpoints, such as the "
                + "last id of the page before; '" + ClientText.printable(id) + "' is not."));
    }

    private Delivery cursorDelivery(String endpointId, String eventId, String name) {
        return outbox.find(endpointId, eventId).orElseThrow(() -> new ApiException(ErrorCode.CURSOR_NOT_FOUND,
                name, "'" + name + "' must be the event id of a delivery of this endpoint, such as "
                + "the last id of the page before; '" + ClientText.printable(eventId) + "' is not."));
    }

    private static int limit(Map<String, String> params) {
        String value = params.get("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (value.matches("\\d{1,3}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw ApiException.invalid("limit", "'limit' must be a whole number from 1 to "
                + MAX_LIMIT + " (default " + DEFAULT_LIMIT + "), not '" + ClientText.printable(value) + "'.");
    }

    /** The query parameters, each at most once and each one of {@code allowed}. */
    private static Map<String, String> query(HttpServletRequest request, Set<String> allowed) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException undecodable) {
            throw invalid("The query string is not valid URL encoding. Percent-encode special characters as UTF-8.");
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (!allowed.contains(parameter.getKey())) {
                throw invalid("Unknown parameter '" + ClientText.printable(parameter.getKey()) + "'. "
                        + (allowed.isEmpty() ? "This endpoint takes no parameters."
                        : "Allowed here: " + String.join(", ", new TreeSet<>(allowed)) + "."));
            }
            if (parameter.getValue().length > 1) {
                throw invalid("Parameter '" + parameter.getKey() + "' is given more than once. Send it once.");
            }
        }
        return parameters.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0]));
    }

    private WebhookEndpoint endpoint(String accountId, String id) {
        return endpoints.find(accountId, id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, "No such webhook endpoint: '"
                + ClientText.printable(id) + "'. List yours with GET /v1/webhook_endpoints.");
    }

    private static ApiException noDelivery(String endpointId, String eventId) {
        return new ApiException(ErrorCode.DELIVERY_NOT_FOUND, "Webhook endpoint '" + endpointId
                + "' has no delivery of event '" + ClientText.printable(eventId) + "'. Its deliveries are listed by "
                + "GET /v1/webhook_endpoints/" + endpointId + "/deliveries.");
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.REQUEST_INVALID, message);
    }
}
