package chat.groups.common.json;

import chat.groups.api.ClientText;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;

/**
 * A group's entity tag is its version (the sequence number of its last event), quoted:
 * {@code ETag: "3"}. Sent back in {@code If-Match}, it makes a write apply only to that
 * version (412 otherwise); in {@code If-None-Match}, it makes a read answer 304 when nothing
 * changed.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header asks for; null when absent or {@code *} (any version). */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (!tag.matches("\"\\d{1,18}\"")) {
            throw new ApiException(ErrorCode.HEADER_INVALID, "If-Match", "If-Match must be one ETag of this group as the API sent it, such as \"3\", "
                    + "not '" + ClientText.printable(ifMatch) + "'.");
        }
        return Long.parseLong(tag.substring(1, tag.length() - 1));
    }

    /** Whether an {@code If-None-Match} header names the current version (or is {@code *}). */
    public static boolean matches(String ifNoneMatch, long version) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim().replaceFirst("^W/", "");
            if (trimmed.equals("*") || trimmed.equals(of(version))) {
                return true;
            }
        }
        return false;
    }
}
