package chat.groups.query.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON shapes of the webhook endpoints API. Times are Unix seconds. */
final class WebhookJson {

    private WebhookJson() {
    }

    /** An endpoint; {@code secret} only in the answers to create and roll, the one time it is shown. */
    record Endpoint(
            String id,
            String object,
            String url,
            String description,
            @JsonProperty("enabled_events") List<String> enabledEvents,
            String status,
            @JsonProperty("disabled_reason") String disabledReason,
            @JsonProperty("disabled_at") Long disabledAt,
            @JsonProperty("failing_since") Long failingSince,
            @JsonProperty("created_at") long createdAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        static Endpoint of(WebhookEndpoint e, boolean withSecret) {
            return new Endpoint(e.id(), "webhook_endpoint", e.url(), e.description(), e.enabledEvents(),
                    e.enabled() ? "enabled" : "disabled", e.disabledReason(), seconds(e.disabledAt()),
                    seconds(e.failingSince()), e.createdAt() / 1000, withSecret ? e.secret() : null);
        }
    }

    /** One event's delivery to one endpoint, as the attempts log shows it. */
    record DeliveryJson(
            String id,
            String object,
            @JsonProperty("endpoint_id") String endpointId,
            @JsonProperty("event_id") String eventId,
            @JsonProperty("event_type") String eventType,
            @JsonProperty("group_id") String groupId,
            @JsonProperty("created_at") long createdAt,
            String status,
            int attempts,
            @JsonProperty("last_status_code") Integer lastStatusCode,
            @JsonProperty("last_error") String lastError,
            @JsonProperty("last_attempt_at") Long lastAttemptAt,
            @JsonProperty("next_attempt_at") Long nextAttemptAt) {

        static DeliveryJson of(Delivery d) {
            return new DeliveryJson(d.eventId(), "webhook_delivery", d.endpointId(), d.eventId(), d.eventType(),
                    d.groupId(), d.createdAt() / 1000, d.status(), d.attempts(), d.lastStatusCode(), d.lastError(),
                    seconds(d.lastAttemptAt()),
                    Delivery.PENDING.equals(d.status()) ? Math.max(d.nextAttemptAt(), d.createdAt()) / 1000 : null);
        }
    }

    private static Long seconds(Long millis) {
        return millis == null ? null : millis / 1000;
    }
}
