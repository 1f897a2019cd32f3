package chat.groups.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Public ids (groups, conversations): 16 alphanumeric characters, about 95 bits, random or derived. */
public final class PublicIds {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PublicIds() {
    }

    public static String random() {
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    /**
     * An id derived from {@code seed} (SHA-256, in the same alphabet): the same seed always
     * gives the same id, so the event store itself refuses a second group created from it.
     */
    public static String derived(String seed) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
        BigInteger number = new BigInteger(1, hash);
        BigInteger base = BigInteger.valueOf(ALPHABET.length());
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            BigInteger[] division = number.divideAndRemainder(base);
            id[i] = ALPHABET.charAt(division[1].intValue());
            number = division[0];
        }
        return new String(id);
    }

    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }
}
