package chat.groups.common.request;

import chat.groups.api.ClientText;
import chat.groups.common.error.ApiException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated access to the parameters of a request body (form or JSON alike). Every
 * failure is a 400 whose message names the parameter, what was wrong and what is allowed.
 */
public final class Params {

    private final Map<String, Object> values;
    private final String prefix;

    public Params(Map<String, Object> values) {
        this(values, "");
    }

    private Params(Map<String, Object> values, String prefix) {
        this.values = values;
        this.prefix = prefix;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The parameters' names, in the order they were sent. */
    public java.util.Set<String> names() {
        return values.keySet();
    }

    /** Rejects any parameter not in {@code allowed}, so a typo never passes silently. */
    public Params allowOnly(Set<String> allowed) {
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.unknown(label(name), "Unknown parameter '" + ClientText.printable(label(name)) + "'. Allowed here: "
                        + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
        }
        return this;
    }

    /**
     * A string of at most {@code maxLength} characters, without the blank characters it began or
     * ended with ({@link #trimmed}); null when sent as JSON null, as an empty form value, or as
     * nothing but blank characters.
     */
    public String optionalString(String name, int maxLength) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String sent)) {
            throw ApiException.invalid(label(name), "'" + label(name) + "' must be a string" + got(value) + ".");
        }
        String text = trimmed(sent);
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw ApiException.invalid(label(name), "'" + label(name) + "' is too long: at most " + maxLength + " characters.");
        }
        if (hasLoneSurrogate(text)) {
            throw ApiException.invalid(label(name), "'" + label(name) + "' is not valid Unicode (it has an unpaired surrogate, "
                    + "e.g. a lone \\ud800 escape); send well-formed UTF-8 text.");
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw ApiException.invalid(label(name), "'" + label(name) + "' contains a control character; send printable text.");
        }
        return text.isEmpty() ? null : text;
    }

    /** Like {@link #optionalString} but on one line: no line breaks or tabs (names, usernames). */
    public String optionalLine(String name, int maxLength) {
        String text = optionalString(name, maxLength);
        if (text != null && text.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(label(name), "'" + label(name) + "' must be a single line, without line breaks or tabs.");
        }
        return text;
    }

    /**
     * The one rule for blank text, for every text parameter: Unicode whitespace (spaces of every
     * width, no-break spaces, line breaks, tabs), format characters (zero-width spaces and joiners,
     * byte order marks, direction marks) and the Hangul fillers are cut from both ends. What is
     * left is the value; nothing left is the same as an empty value. Inside the text they stay.
     */
    public static String trimmed(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isBlank(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT
                || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0;
    }

    /** A line that must have a value when present: sent empty or blank, it is refused as an attempt to clear it. */
    public String unclearableLine(String name, int maxLength, String why) {
        String text = optionalLine(name, maxLength);
        if (text == null) {
            throw ApiException.badRequest("'" + label(name) + "' cannot be cleared: " + why + ". Send a new value, "
                    + "or leave '" + label(name) + "' out to keep the current one.");
        }
        return text;
    }

    public String requiredLine(String name, int maxLength) {
        String text = optionalString(name, maxLength);
        if (text == null || text.isBlank()) {
            throw ApiException.missing(label(name), "'" + label(name) + "' is required and must not be blank.");
        }
        return optionalLine(name, maxLength);
    }

    /** Unix seconds, from a JSON integer or a string of digits; null when null or empty. */
    public Long optionalTimestamp(String name) {
        Object value = values.get(name);
        if (value == null || "".equals(value)) {
            return null;
        }
        BigInteger number = null;
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            number = new BigInteger(value.toString());
        } else if (value instanceof String text && text.matches("-?\\d{1,19}")) {
            number = new BigInteger(text);
        }
        if (number == null || number.signum() < 0 || number.bitLength() > 40) {
            throw ApiException.invalid(label(name), "'" + label(name)
                    + "' must be a Unix timestamp in seconds, such as 1700000000" + got(value) + ".");
        }
        return number.longValue();
    }

    /**
     * An array of strings, each at most {@code maxLength} characters; a single string counts as an
     * array of one ({@code enabled_events=*} in a form). Null when absent.
     */
    public List<String> optionalStrings(String name, int maxItems, int maxLength) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        if (list.size() > maxItems) {
            throw ApiException.badRequest("'" + label(name) + "' has " + list.size() + " items; at most "
                    + maxItems + " are allowed.");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String text)) {
                throw ApiException.badRequest("'" + label(name) + "' must be an array of strings, e.g. " + name
                        + "[0]=a&" + name + "[1]=b in a form or [\"a\", \"b\"] in JSON" + got(item) + ".");
            }
            if (text.codePointCount(0, text.length()) > maxLength) {
                throw ApiException.badRequest("'" + label(name) + "[" + i + "]' is too long: at most " + maxLength
                        + " characters.");
            }
            strings.add(text);
        }
        return strings;
    }

    /** A whole number from {@code min} to {@code max}, from a JSON integer or a string of digits; null when absent or empty. */
    public Long optionalWholeNumber(String name, long min, long max) {
        Object value = values.get(name);
        if (value == null || "".equals(value)) {
            return null;
        }
        String text = value instanceof Integer || value instanceof Long || value instanceof BigInteger
                ? value.toString() : value instanceof String string ? string : "";
        if (text.matches("-?\\d{1,18}")) {
            long number = Long.parseLong(text);
            if (number >= min && number <= max) {
                return number;
            }
        }
        throw ApiException.badRequest("'" + label(name) + "' must be a whole number from " + min + " to " + max
                + got(value) + ".");
    }

    /** {@code true} or {@code false}, as a JSON boolean or a form string; null when absent or empty. */
    public Boolean optionalBoolean(String name) {
        Object value = values.get(name);
        if (value == null || "".equals(value)) {
            return null;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value);
        }
        throw ApiException.badRequest("'" + label(name) + "' must be true or false" + got(value) + ".");
    }

    /** An array of objects; an empty form value or JSON null means an empty array. */
    @SuppressWarnings("unchecked")
    public List<Params> objects(String name, int maxItems) {
        Object value = values.get(name);
        if (value == null || "".equals(value)) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw ApiException.invalid(label(name), "'" + label(name) + "' must be an array of objects, e.g. "
                    + name + "[0][username]=Hector in a form or [{\"username\": \"Hector\"}] in JSON.");
        }
        if (list.size() > maxItems) {
            throw ApiException.invalid(label(name), "'" + label(name) + "' has " + list.size() + " items; at most "
                    + maxItems + " are allowed.");
        }
        List<Params> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                throw ApiException.invalid(label(name) + "[" + i + "]", "'" + label(name) + "[" + i + "]' must be an object" + got(list.get(i)) + ".");
            }
            items.add(new Params((Map<String, Object>) item, label(name) + "[" + i + "]"));
        }
        return items;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The parameters in one stable form (keys sorted at every level), for comparing two requests. */
    public String canonical() {
        return canonical(values);
    }

    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new java.util.TreeMap<>(map).entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + canonical(entry.getValue()))
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Params::canonical).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    /** The name as the client wrote it, with its position inside arrays. */
    public String label(String name) {
        return prefix.isEmpty() ? name : prefix + "[" + name + "]";
    }

    private static String got(Object value) {
        String kind = value == null ? "null" : value instanceof Map ? "an object" : value instanceof List ? "an array"
                : value instanceof Boolean ? "a boolean" : value instanceof Number ? "a number" : "'" + ClientText.printable(value.toString()) + "'";
        return ", not " + kind;
    }
}
