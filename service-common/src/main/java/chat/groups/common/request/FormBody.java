package chat.groups.common.request;

import chat.groups.api.ClientText;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@code application/x-www-form-urlencoded} body into the same tree a JSON body
 * gives: {@code contacts[0][username]=Hector} becomes {@code {contacts: [{username: Hector}]}}.
 * Values stay strings; the field parsers accept digit strings where numbers are expected.
 * {@link #parse} takes the body as ISO-8859-1 (one char per byte) and decodes escapes and
 * raw bytes alike in the body's charset (UTF-8 unless the Content-Type names another).
 * Decoding is strict: a malformed escape or bytes that are not text in that charset are
 * refused, never replaced.
 */
final class FormBody {

    /** {@code contacts[0][username]} is as deep as the API goes; deeper keys are refused before any work. */
    private static final int MAX_BRACKETS = 3;

    private FormBody() {
    }

    static Map<String, Object> parse(String body, Charset charset) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
            put(root, path(key), value, key);
        }
        return listify(root, "");
    }

    private static String decode(String raw, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw new ApiException(ErrorCode.BODY_MALFORMED, "The form body is not valid URL encoding near '"
                            + ClientText.printable(raw) + "'. Percent-encode special characters (e.g. %26 for &).");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                // The body arrives as ISO-8859-1, one char per byte, so this writes the byte as sent:
                // unencoded UTF-8 (what curl -d sends for "Café") is decoded with the rest.
                bytes.write(c);
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorCode.BODY_MALFORMED, "The form body is not valid " + charset.name()
                    + " text. Send UTF-8 (or name the charset in the Content-Type).");
        }
    }

    /** {@code a[b][c]} as [a, b, c], scanned by hand: no backtracking, no recursion, bounded depth. */
    private static List<String> path(String key) {
        int open = key.indexOf('[');
        List<String> path = new ArrayList<>();
        path.add(open < 0 ? key : key.substring(0, open));
        int at = open;
        while (at >= 0 && at < key.length()) {
            int close = key.indexOf(']', at);
            if (key.charAt(at) != '[' || close < 0 || key.indexOf('[', at + 1) > -1 && key.indexOf('[', at + 1) < close) {
                throw malformed(key);
            }
            String segment = key.substring(at + 1, close);
            if (segment.isEmpty()) {
                throw ApiException.invalid(key, "Parameter '" + ClientText.printable(key)
                        + "' uses empty brackets. Give each array element its index: contacts[0][username]=Hector.");
            }
            path.add(segment);
            if (path.size() > MAX_BRACKETS + 1) {
                throw malformed(key);
            }
            at = close + 1;
        }
        if (path.get(0).isEmpty() || path.get(0).contains("]")) {
            throw malformed(key);
        }
        return path;
    }

    private static ApiException malformed(String key) {
        return ApiException.invalid(key, "Parameter name '" + ClientText.printable(key)
                + "' is malformed. Use name=value, or indexed brackets for arrays of objects: contacts[0][username]=Hector.");
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value, String key) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) {
                throw conflict(key);
            }
            node = (Map<String, Object>) child;
        }
        if (node.putIfAbsent(path.get(path.size() - 1), value) != null) {
            throw conflict(key);
        }
    }

    private static ApiException conflict(String key) {
        return new ApiException(ErrorCode.PARAMETER_REPEATED, key, "Parameter '" + ClientText.printable(key)
                + "' is given more than once or conflicts with another parameter. Send each parameter once.");
    }

    /** Maps whose keys are 0..n-1 become lists, so brackets with indexes read as arrays. */
    @SuppressWarnings("unchecked")
    private static <T> T listify(Map<String, Object> node, String name) {
        Map<String, Object> converted = new LinkedHashMap<>();
        node.forEach((key, value) -> {
            String childName = name.isEmpty() ? key : name + "[" + key + "]";
            converted.put(key, value instanceof Map<?, ?> map ? listify((Map<String, Object>) map, childName) : value);
        });
        boolean indexed = !converted.isEmpty() && converted.keySet().stream().allMatch(k -> k.matches("\\d{1,6}"));
        if (!indexed || name.isEmpty()) {
            return (T) converted;
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < converted.size(); i++) {
            if (!converted.containsKey(Integer.toString(i))) {
                throw ApiException.invalid(name, "The indexes of '" + ClientText.printable(name)
                        + "' must run 0, 1, 2, ... without gaps or leading zeros.");
            }
            list.add(converted.get(Integer.toString(i)));
        }
        return (T) list;
    }
}
