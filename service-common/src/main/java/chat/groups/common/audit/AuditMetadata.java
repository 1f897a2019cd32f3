package chat.groups.common.audit;

import chat.groups.api.MetadataKeys;
import chat.groups.common.auth.ApiKeyFilter;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.request.Params;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
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

    public static final String ACCOUNT = MetadataKeys.ACCOUNT;
    public static final String API_KEY_ID = MetadataKeys.API_KEY_ID;
    public static final String REQUEST_ID = MetadataKeys.REQUEST_ID;
    public static final String IDEMPOTENCY_KEY = MetadataKeys.IDEMPOTENCY_KEY;
    private static final Set<String> KEYS = Set.of(ACCOUNT, API_KEY_ID, REQUEST_ID, IDEMPOTENCY_KEY,
            MetadataKeys.IDEMPOTENCY_FINGERPRINT);
    private static final int IDEMPOTENCY_KEY_MAX = 255;

    private AuditMetadata() {
    }

    /** The client's Idempotency-Key, checked; null when it sent none. */
    public static String idempotencyKey(HttpServletRequest request) {
        String idempotencyKey = request.getHeader("Idempotency-Key");
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > IDEMPOTENCY_KEY_MAX
                || idempotencyKey.chars().anyMatch(c -> c < 0x20 || c > 0x7e))) {
            throw new ApiException(ErrorCode.HEADER_INVALID, "Idempotency-Key", "The Idempotency-Key header must be 1 to " + IDEMPOTENCY_KEY_MAX
                    + " printable ASCII characters, such as a UUID.");
        }
        return idempotencyKey;
    }

    /**
     * What a request asked for, as a hash: an idempotency key replays its first response only to
     * a request with the same fingerprint. {@code body} is the parsed body (form and JSON alike).
     */
    public static String fingerprint(HttpServletRequest request, Params body) {
        String canonical = request.getMethod() + " " + request.getRequestURI() + "\n" + (body == null ? "" : body.canonical());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    public static MetaData of(HttpServletRequest request, Params body) {
        MetaData metaData = of(request);
        return metaData.containsKey(IDEMPOTENCY_KEY)
                ? metaData.and(MetadataKeys.IDEMPOTENCY_FINGERPRINT, fingerprint(request, body)) : metaData;
    }

    public static MetaData of(HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        values.put(ACCOUNT, request.getAttribute(ApiKeyFilter.ACCOUNT));
        values.put(API_KEY_ID, request.getAttribute(ApiKeyFilter.API_KEY_ID));
        values.put(REQUEST_ID, request.getAttribute(RequestIdFilter.ATTRIBUTE));
        values.put(IDEMPOTENCY_KEY, idempotencyKey(request));
        values.values().removeIf(value -> value == null);
        return MetaData.from(values);
    }

    /** Copies the audit keys of a command's metadata onto the events it causes. */
    public static CorrelationDataProvider correlationDataProvider() {
        return new SimpleCorrelationDataProvider(KEYS.toArray(String[]::new));
    }
}
