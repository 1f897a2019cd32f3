package chat.groups.common.audit;

import chat.groups.common.auth.ApiKeyFilter;
import chat.groups.common.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;

/**
 * Who asked for a change and how, as Axon metadata on the command. Axon copies these keys
 * onto every event the command causes (see {@link #correlationDataProvider()}), so the
 * event store answers "who changed what, when" without trusting any other log.
 */
public final class AuditMetadata {

    public static final String ACCOUNT = "account";
    public static final String API_KEY_ID = "api_key_id";
    public static final String REQUEST_ID = "request_id";
    public static final String IDEMPOTENCY_KEY = "idempotency_key";
    private static final Set<String> KEYS = Set.of(ACCOUNT, API_KEY_ID, REQUEST_ID, IDEMPOTENCY_KEY);
    private static final int IDEMPOTENCY_KEY_MAX = 255;

    private AuditMetadata() {
    }

    public static MetaData of(HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        values.put(ACCOUNT, request.getAttribute(ApiKeyFilter.ACCOUNT));
        values.put(API_KEY_ID, request.getAttribute(ApiKeyFilter.API_KEY_ID));
        values.put(REQUEST_ID, request.getAttribute(RequestIdFilter.ATTRIBUTE));
        String idempotencyKey = request.getHeader("Idempotency-Key");
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > IDEMPOTENCY_KEY_MAX
                    || idempotencyKey.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw ApiException.badRequest("The Idempotency-Key header must be 1 to " + IDEMPOTENCY_KEY_MAX
                        + " printable ASCII characters, such as a UUID.");
            }
            values.put(IDEMPOTENCY_KEY, idempotencyKey);
        }
        values.values().removeIf(value -> value == null);
        return MetaData.from(values);
    }

    /** Copies the audit keys of a command's metadata onto the events it causes. */
    public static CorrelationDataProvider correlationDataProvider() {
        return new SimpleCorrelationDataProvider(KEYS.toArray(String[]::new));
    }
}
