package chat.groups.query.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">},
 * Stripe's scheme. While a rolled secret's predecessor is still valid, one {@code v1} per secret.
 */
public final class WebhookSignature {

    public static final String HEADER = "Groups-Signature";

    private WebhookSignature() {
    }

    public static String header(long timestamp, byte[] body, List<String> secrets) {
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            header.append(",v1=").append(hmac(secret, timestamp, body));
        }
        return header.toString();
    }

    public static String hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no HmacSHA256", e);
        }
    }

    /**
     * What a receiver does: true when {@code header} carries a {@code v1} signature of {@code body}
     * with {@code secret} and its timestamp is within {@code toleranceSeconds} of {@code nowSeconds}.
     */
    public static boolean verify(String header, byte[] body, String secret, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=") && part.substring(2).matches("\\d{1,12}")) {
                timestamp = Long.parseLong(part.substring(2));
            }
        }
        if (timestamp == null || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        for (String part : header.split(",")) {
            if (part.startsWith("v1=")
                    && MessageDigest.isEqual(expected, part.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
