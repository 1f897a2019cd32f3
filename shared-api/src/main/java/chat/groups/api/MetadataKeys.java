package chat.groups.api;

import java.time.Duration;

/** The metadata every command carries and Axon copies onto its events: who asked, and how. */
public final class MetadataKeys {

    public static final String ACCOUNT = "account";
    public static final String API_KEY_ID = "api_key_id";
    public static final String REQUEST_ID = "request_id";
    public static final String IDEMPOTENCY_KEY = "idempotency_key";
    /** A hash of the request an idempotency key was first used with (method, path, parameters). */
    public static final String IDEMPOTENCY_FINGERPRINT = "idempotency_fingerprint";
    /** How long an idempotency key answers retries with its first response. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private MetadataKeys() {
    }
}
