package chat.groups.api;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Public ids (groups, conversations): 16 random alphanumeric characters, about 95 bits. */
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

    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }
}
