package chat.groups.query.webhooks;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * A subscription of one account to webhook events, as stored in the {@code webhook_endpoints}
 * collection. Times are Unix milliseconds.
 *
 * @param previousSecret        the secret before the last roll, still signing until {@code previousSecretExpiresAt}
 * @param failingSince          when the first of the failures since the last success happened; null when healthy
 * @param disabledReason        null when enabled; {@code requested} or {@code failing}
 */
public record WebhookEndpoint(
        String id,
        String accountId,
        String url,
        String description,
        List<String> enabledEvents,
        boolean enabled,
        String disabledReason,
        Long disabledAt,
        String secret,
        String previousSecret,
        Long previousSecretExpiresAt,
        long createdAt,
        Long failingSince) {

    public static final String REASON_REQUESTED = "requested";
    public static final String REASON_FAILING = "failing";

    public boolean subscribesTo(WebhookEventType type) {
        return enabledEvents.contains(WebhookEventType.ALL) || enabledEvents.contains(type.wireName());
    }

    /** The secrets to sign with now: the current one, and the previous one while it has not expired. */
    public List<String> signingSecrets(long nowMillis) {
        List<String> secrets = new ArrayList<>(List.of(secret));
        if (previousSecret != null && previousSecretExpiresAt != null && previousSecretExpiresAt > nowMillis) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    @SuppressWarnings("unchecked")
    static WebhookEndpoint of(Document d) {
        return new WebhookEndpoint(d.getString("_id"), d.getString("account"), d.getString("url"),
                d.getString("description"), (List<String>) d.get("enabled_events"), "enabled".equals(d.getString("status")),
                d.getString("disabled_reason"), d.getLong("disabled_at"), d.getString("secret"),
                d.getString("previous_secret"), d.getLong("previous_secret_expires_at"), d.getLong("created_at"),
                d.getLong("failing_since"));
    }
}
