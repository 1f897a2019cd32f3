package chat.groups.common.auth;

import java.util.Optional;

/**
 * The keys that open {@code /admin}, from {@code GROUPS_ADMIN_KEYS} ({@code token=name,...}; the
 * name is only a label). Without any, the admin API is disabled rather than open.
 */
public final class AdminKeys {

    public static final String VARIABLE = "GROUPS_ADMIN_KEYS";

    private final ApiKeys keys;

    private AdminKeys(ApiKeys keys) {
        this.keys = keys;
    }

    public static AdminKeys of(ApiKeys keys) {
        return new AdminKeys(keys);
    }

    public static AdminKeys parse(String spec) {
        return of(ApiKeys.parse(spec, VARIABLE));
    }

    public static AdminKeys disabled() {
        return new AdminKeys(null);
    }

    public boolean enabled() {
        return keys != null;
    }

    /** The key id ({@code key_} and 12 hex characters, as {@link ApiKeys.Caller#keyId()}) of an admin token. */
    public Optional<String> keyIdFor(String token) {
        return keys == null ? Optional.empty() : keys.callerFor(token).map(ApiKeys.Caller::keyId);
    }
}
