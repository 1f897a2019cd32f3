package chat.groups.query.webhooks;

import org.bson.Document;

/**
 * One webhook event for one endpoint, in the outbox ({@code webhook_deliveries}). It holds
 * references only (group id, event sequence), never the group's content: the body is rendered
 * from the event store at each attempt, so a deleted group's content dies with its key.
 * Times are Unix milliseconds.
 *
 * @param id       {@code <endpoint id>:<event id>}, so dispatching an event twice changes nothing
 * @param status   {@code pending}, {@code delivered}, {@code failed} (retries used up) or {@code paused} (endpoint disabled)
 * @param deadline after this a failed attempt marks the delivery failed instead of scheduling another
 */
public record Delivery(
        String id,
        String endpointId,
        String accountId,
        String eventId,
        String eventType,
        String groupId,
        long sequence,
        long createdAt,
        String status,
        int attempts,
        long nextAttemptAt,
        long deadline,
        Integer lastStatusCode,
        String lastError,
        Long lastAttemptAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String PAUSED = "paused";

    public static String idOf(String endpointId, String eventId) {
        return endpointId + ":" + eventId;
    }

    static Delivery of(Document d) {
        return new Delivery(d.getString("_id"), d.getString("endpoint_id"), d.getString("account"),
                d.getString("event_id"), d.getString("event_type"), d.getString("group_id"), d.getLong("sequence"),
                d.getLong("created_at"), d.getString("status"), d.getInteger("attempts", 0),
                d.getLong("next_attempt_at"), d.getLong("deadline"), d.getInteger("last_status_code"),
                d.getString("last_error"), d.getLong("last_attempt_at"));
    }
}
