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
    private static final int UNBIASED_BELOW = 4 * 62;

    private PublicIds() {
    }

    /**
     * A new random id. Every request gets one (its request id), so the random bytes come from
     * one call to the shared generator, not one per character: each call takes its lock and
     * reads the operating system's generator. A byte picks a character only below
     * {@value #UNBIASED_BELOW} (four times the alphabet), so every character stays equally likely.
     */
    public static String random() {
        char[] id = new char[16];
        int filled = 0;
        byte[] bytes = new byte[24];
        while (filled < id.length) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < id.length; i++) {
                int value = bytes[i] & 0xFF;
                if (value < UNBIASED_BELOW) {
                    id[filled++] = ALPHABET.charAt(value % ALPHABET.length());
                }
            }
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
