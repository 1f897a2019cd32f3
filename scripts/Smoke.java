import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Smoke run of the Groups API: exercises every endpoint once against a running server,
 * standalone or split, and prints what it saw. Needs only a JDK:
 *
 *   java scripts/Smoke.java [BASE_URL] [TOKEN]
 *
 * BASE_URL defaults to http://localhost:8080; TOKEN to $GROUPS_TOKEN, else ./data/dev-api-key.
 * Exits 0 when every check passed. Cleans up the groups it created.
 */
public class Smoke {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String base;
    private static String token;
    private static int passed;
    private static int failed;

    public static void main(String[] args) throws Exception {
        base = (args.length > 0 ? args[0] : "http://localhost:8080").replaceAll("/+$", "");
        token = args.length > 1 ? args[1] : System.getenv("GROUPS_TOKEN");
        if (token == null && Files.exists(Path.of("data/dev-api-key"))) {
            token = Files.readString(Path.of("data/dev-api-key")).trim();
        }
        if (token == null) {
            System.err.println("No token: pass it as the second argument or set GROUPS_TOKEN.");
            System.exit(2);
        }
        System.out.println("Smoke run against " + base);
        awaitReachable(Duration.ofSeconds(90));

        check("health", send("GET", "/actuator/health", null, null, false), 200, body -> "UP".equals(body.get("status")));

        String stamp = Long.toString(Instant.now().getEpochSecond());
        Map<String, Object> plaza = check("create (form, as the seed's curl)",
                send("POST", "/v1/groups", FORM, form("name", "Plaza Hotel " + stamp), true), 201,
                body -> ("Plaza Hotel " + stamp).equals(body.get("name")) && ((List<?>) body.get("contacts")).isEmpty());
        String id = (String) plaza.get("id");
        Map<String, Object> crew = check("create with contacts (form brackets)",
                send("POST", "/v1/groups", FORM, form("name", "Crew " + stamp, "contacts[0][username]", "Hector",
                        "contacts[1][username]", "Cedric"), true), 201,
                body -> ((List<?>) body.get("contacts")).size() == 2);
        Map<String, Object> json = check("create (JSON)",
                send("POST", "/v1/groups", "application/json",
                        "{\"name\":\"JSON " + stamp + "\",\"description\":\"World-renowned.\"}", true), 201,
                body -> "World-renowned.".equals(body.get("description")));

        check("retrieve", send("GET", "/v1/groups/" + id, null, null, true), 200, body -> id.equals(body.get("id")));
        Map<String, Object> page = check("list, limit=2", send("GET", "/v1/groups?limit=2", null, null, true), 200,
                body -> ((List<?>) body.get("data")).size() == 2 && Boolean.TRUE.equals(body.get("has_more")));
        String last = (String) ((Map<?, ?>) ((List<?>) page.get("data")).get(1)).get("id");
        check("list, next page (starting_after)", send("GET", "/v1/groups?limit=2&starting_after=" + last, null, null, true),
                200, body -> !((List<?>) body.get("data")).isEmpty());
        check("update (form, as the seed's curl)",
                send("PUT", "/v1/groups/" + id, FORM, form("description", "The finest in New York."), true), 200,
                body -> "The finest in New York.".equals(body.get("description")));
        check("history (events)", send("GET", "/v1/groups/" + id + "/events", null, null, true), 200,
                body -> ((List<?>) body.get("data")).size() == 2);
        check("time travel (version=0)", send("GET", "/v1/groups/" + id + "?version=0", null, null, true), 200,
                body -> body.get("description") == null);
        check("If-Match with a stale version", send("PUT", "/v1/groups/" + id, FORM, form("name", "Stale"), true,
                "If-Match", "\"0\""), 412, Smoke::isError);
        Map<String, Object> keyed = check("create with an Idempotency-Key", send("POST", "/v1/groups", FORM,
                form("name", "Keyed " + stamp), true, "Idempotency-Key", "smoke-" + stamp), 201, body -> body.get("id") != null);
        check("its retry answers the same group", send("POST", "/v1/groups", FORM, form("name", "Keyed " + stamp), true,
                "Idempotency-Key", "smoke-" + stamp), 201, body -> Objects.equals(body.get("id"), keyed.get("id")));
        check("archive via update (archived_at)",
                // archived at its creation time: a group cannot have been archived before it existed
                send("PUT", "/v1/groups/" + id, FORM, form("archived_at", String.valueOf(plaza.get("created_at"))), true), 200,
                body -> body.get("archived_at") != null);
        check("list archived=true", send("GET", "/v1/groups?archived=true&limit=100", null, null, true), 200,
                body -> ids(body).contains(id));
        check("unarchive", send("POST", "/v1/groups/" + id + "/unarchive", null, null, true), 200,
                body -> body.get("archived_at") == null);
        check("archive", send("POST", "/v1/groups/" + id + "/archive", null, null, true), 200,
                body -> body.get("archived_at") != null);
        check("archive again is a conflict", send("POST", "/v1/groups/" + id + "/archive", null, null, true), 409,
                Smoke::isError);
        String crewId = (String) crew.get("id");
        String member = "Smoke" + stamp;
        check("add a member", send("POST", "/v1/groups/" + crewId + "/contacts", FORM,
                form("contacts[0][username]", member, "contacts[1][username]", "Hector"), true), 200,
                body -> ((List<?>) body.get("contacts")).size() == 3);
        check("list a contact's groups", send("GET", "/v1/groups?contact=" + member, null, null, true), 200,
                body -> ids(body).equals(List.of(crewId)));
        check("remove a member", send("DELETE", "/v1/groups/" + crewId + "/contacts/" + member, null, null, true), 200,
                body -> ((List<?>) body.get("contacts")).size() == 2);
        check("remove a non-member", send("DELETE", "/v1/groups/" + crewId + "/contacts/" + member, null, null, true),
                404, Smoke::isError);
        check("bad input is refused", send("POST", "/v1/groups", FORM, form("name", ""), true), 400, Smoke::isError);
        check("no token is refused", send("GET", "/v1/groups", null, null, false), 401, Smoke::isError);

        for (Map<String, Object> group : List.of(plaza, crew, json, keyed)) {
            String groupId = (String) group.get("id");
            if (groupId != null) {
                check("delete " + groupId, send("DELETE", "/v1/groups/" + groupId, null, null, true), 200,
                        body -> Boolean.TRUE.equals(body.get("deleted")));
            }
        }
        check("deleted group is gone", send("GET", "/v1/groups/" + id, null, null, true), 404, Smoke::isError);

        System.out.println();
        System.out.println("smoke: " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    /** A server that is still starting is waited for, so the script can follow a start command directly. */
    private static void awaitReachable(Duration patience) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                if (send("GET", "/actuator/health", null, null, false).status() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                if (Instant.now().isAfter(deadline)) {
                    System.err.println("No server answers at " + base + " (" + notYet + ")");
                    System.exit(2);
                }
            }
            Thread.sleep(500);
        }
    }

    record Answer(int status, String body) {
    }

    private static Map<String, Object> check(String what, Answer answer, int status, Predicate<Map<String, Object>> ok) {
        Map<String, Object> body;
        try {
            body = asObject(new Json(answer.body()).value());
        } catch (RuntimeException notJson) {
            body = Map.of();
        }
        boolean good = answer.status() == status && ok.test(body);
        if (good) {
            passed++;
        } else {
            failed++;
        }
        String shown = answer.body().length() > 160 ? answer.body().substring(0, 160) + "..." : answer.body();
        System.out.printf("%s %-40s -> %d %s%n", good ? "PASS" : "FAIL", what, answer.status(), shown);
        return body;
    }

    /** The API's error shape: type, a snake_case code, message, documentation_url, and the param at fault if any. */
    private static boolean isError(Map<String, Object> body) {
        java.util.Set<String> keys = new java.util.HashSet<>(body.keySet());
        keys.remove("param");
        return keys.equals(java.util.Set.of("type", "code", "message", "documentation_url"))
                && body.get("code") instanceof String code && code.matches("[a-z]+(_[a-z]+)*");
    }

    private static List<String> ids(Map<String, Object> list) {
        List<String> ids = new ArrayList<>();
        for (Object group : (List<?>) list.get("data")) {
            ids.add((String) ((Map<?, ?>) group).get("id"));
        }
        return ids;
    }

    private static Answer send(String method, String path, String type, String body, boolean withToken,
                               String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (withToken) {
            request.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private static String form(String... pairs) {
        List<String> encoded = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            encoded.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", encoded);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    /** Just enough JSON to read the API's answers: objects, arrays, strings, numbers, booleans, null. */
    private static final class Json {
        private final String text;
        private int at;

        Json(String text) {
            this.text = Objects.requireNonNull(text);
        }

        Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                skipSpace();
                if (text.charAt(at) == '}') {
                    at++;
                    return object;
                }
                do {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    object.put(key, value());
                    skipSpace();
                } while (text.charAt(at++) == ',');
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                skipSpace();
                if (text.charAt(at) == ']') {
                    at++;
                    return array;
                }
                do {
                    array.add(value());
                    skipSpace();
                } while (text.charAt(at++) == ',');
                return array;
            }
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String word = text.substring(start, at);
            return switch (word) {
                case "true" -> true;
                case "false" -> false;
                case "null" -> null;
                default -> word.contains(".") ? (Object) Double.parseDouble(word) : (Object) Long.parseLong(word);
            };
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            at++;
            return out.toString();
        }

        private void expect(char c) {
            if (text.charAt(at++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
