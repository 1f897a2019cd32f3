package chat.groups.common.auth;

import chat.groups.common.config.ConfigurationMistake;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The API keys this server accepts and the account each belongs to. Only SHA-256 digests
 * of the tokens are kept, and a lookup compares against every key in constant time, so
 * neither timing nor a heap dump gives a token away.
 */
public final class ApiKeys {

    private record Key(byte[] digest, String accountId) {
    }

    /**
     * Who is calling: the account, and which of its keys. The key id ({@code key_} and 12 hex
     * characters of the token's SHA-256) names the key in audit trails without revealing it.
     */
    public record Caller(String accountId, String keyId) {
    }

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Parses {@code token=account,token2=account2}; the message of a failure never contains a token. */
    public static ApiKeys parse(String spec) {
        return parse(spec, "GROUPS_API_KEYS", "account");
    }

    /**
     * Parses another key list of the same format, {@code token=name,token2=name2}, whose failures
     * name {@code variable}, the environment variable it came from.
     */
    public static ApiKeys parse(String spec, String variable) {
        return parse(spec, variable, "name");
    }

    private static ApiKeys parse(String spec, String variable, String label) {
        List<Key> keys = new ArrayList<>();
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ConfigurationMistake(variable, "entry #" + (i + 1) + " is not of the form token=" + label,
                        "write it as token=" + label + ",token2=" + label + "2, ...");
            }
            String token = entry.substring(0, eq).trim();
            String name = entry.substring(eq + 1).trim();
            if (token.length() < 16) {
                throw new ConfigurationMistake(variable, "entry #" + (i + 1) + " (" + label + " '" + name
                        + "') has a token shorter than 16 characters", "use a random token of 16 or more characters, "
                        + "e.g. from: openssl rand -hex 24");
            }
            keys.add(new Key(digest(token), name));
        }
        return new ApiKeys(keys);
    }

    public static ApiKeys of(String token, String accountId) {
        return new ApiKeys(List.of(new Key(digest(token), accountId)));
    }

    public Optional<Caller> callerFor(String token) {
        byte[] candidate = digest(token);
        Key found = null;
        for (Key key : keys) {
            // No early exit: every key is compared, whatever matches.
            if (MessageDigest.isEqual(key.digest(), candidate)) {
                found = key;
            }
        }
        return Optional.ofNullable(found).map(key -> new Caller(key.accountId(), keyId(key.digest())));
    }

    private static String keyId(byte[] digest) {
        return "key_" + HexFormat.of().formatHex(digest, 0, 6);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}
