package chat.groups.common.request;

import chat.groups.common.error.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an {@code application/x-www-form-urlencoded} body into the same tree a JSON body
 * gives: {@code contacts[0][username]=Hector} becomes {@code {contacts: [{username: Hector}]}}.
 * Values stay strings; the field parsers accept digit strings where numbers are expected.
 */
final class FormBody {

    private static final Pattern KEY = Pattern.compile("([^\\[\\]]+)((?:\\[[^\\[\\]]*\\])*)");
    private static final Pattern SEGMENT = Pattern.compile("\\[([^\\[\\]]*)\\]");

    private FormBody() {
    }

    static Map<String, Object> parse(String body) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return root;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(root, path(key), value, key);
        }
        return listify(root, "");
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The form body is not valid URL encoding near '" + Params.printable(raw)
                    + "'. Percent-encode special characters (e.g. %26 for &).");
        }
    }

    private static List<String> path(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw ApiException.badRequest("Parameter name '" + Params.printable(key)
                    + "' is malformed. Use name=value, or brackets for arrays of objects: contacts[0][username]=Hector.");
        }
        List<String> path = new ArrayList<>();
        path.add(m.group(1));
        Matcher segment = SEGMENT.matcher(m.group(2));
        while (segment.find()) {
            if (segment.group(1).isEmpty()) {
                throw ApiException.badRequest("Parameter '" + Params.printable(key)
                        + "' uses empty brackets. Give each array element its index: contacts[0][username]=Hector.");
            }
            path.add(segment.group(1));
        }
        return path;
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
        return ApiException.badRequest("Parameter '" + Params.printable(key)
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
                throw ApiException.badRequest("The indexes of '" + Params.printable(name)
                        + "' must run 0, 1, 2, ... without gaps or leading zeros.");
            }
            list.add(converted.get(Integer.toString(i)));
        }
        return (T) list;
    }
}
