package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.json;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad request is refused with the right status and an error in the API's shape whose
 * message names what was wrong, and leaves everything as it was: the account lists the same
 * groups, and the group the request aimed at is unchanged.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 262144;

    private static Api api;
    private static String target;

    @BeforeAll
    static void anAccountWithOneGroup() {
        api = TestServer.shared().newAccount();
        target = "/v1/groups/" + api.create("name", "Plaza Hotel", "description", "World-renowned.",
                "avatar_url", "https://assets.notifly.chat/avatars/plazahotel.jpg",
                "contacts[0][username]", "Hector", "contacts[1][id]", "AbCdEfGhIjKlMnOp").get("id").asText();
    }

    /** Sends {@code request}, checks the error it gets, and that neither the account's list nor the target group changed. */
    static JsonNode assertRejected(Supplier<Response> request, int status, String hint) {
        JsonNode before = state();
        Response response = request.get();
        JsonNode error = assertError(response, status, hint);
        assertThat(state()).as("the account's groups after %s", response).isEqualTo(before);
        return error;
    }

    private static JsonNode state() {
        Response list = api.get("/v1/groups" + query("limit", "100"));
        Response group = api.get(target);
        assertThat(list.status()).isEqualTo(200);
        assertThat(group.status()).isEqualTo(200);
        ObjectNode state = JSON.createObjectNode();
        state.set("list", list.json());
        state.set("target", group.json());
        return state;
    }

    private static String repeat(String text, int times) {
        return text.repeat(times);
    }

    /** {@code contacts[0][username]=u0&...} for {@code n} distinct contacts. */
    private static String formContacts(int n) {
        return IntStream.range(0, n).mapToObj(i -> "contacts[" + i + "][username]=u" + i).collect(Collectors.joining("&"));
    }

    private static String jsonContacts(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"username\":\"u" + i + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    // ==================================================================== POST /v1/groups

    @Nested
    @DisplayName("POST /v1/groups, form-encoded")
    class CreateForm {

        static Stream<Arguments> badForms() {
            return Stream.of(
                    arguments("missing name", form("description", "World-renowned."), "'name' is required"),
                    arguments("empty body", "", "'name' is required"),
                    arguments("empty name", "name=", "'name' is required"),
                    arguments("blank name", form("name", "   "), "'name' is required and must not be blank"),
                    arguments("name of tabs and newlines", form("name", "\t\r\n"), "'name' is required and must not be blank"),
                    arguments("name of 101 characters", form("name", repeat("n", 101)), "'name' is too long: at most 100"),
                    arguments("name of 101 emoji", form("name", repeat("\uD83D\uDE00", 101)), "'name' is too long: at most 100"),
                    arguments("description of 1001 characters", form("name", "Plaza", "description", repeat("d", 1001)),
                            "'description' is too long: at most 1000"),
                    arguments("avatar_url ftp://", form("name", "Plaza", "avatar_url", "ftp://assets.example.com/a.jpg"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url relative", form("name", "Plaza", "avatar_url", "avatars/plaza.jpg"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url absolute path", form("name", "Plaza", "avatar_url", "/avatars/plaza.jpg"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url protocol-relative", form("name", "Plaza", "avatar_url", "//assets.example.com/a.jpg"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url javascript:", form("name", "Plaza", "avatar_url", "javascript:alert(1)"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url data:", form("name", "Plaza", "avatar_url", "data:image/png;base64,iVBORw0KGgo="),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url without host", form("name", "Plaza", "avatar_url", "https:///a.jpg"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url not a URI", form("name", "Plaza", "avatar_url", "https://exa mple.com/a b.jpg"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("avatar_url of 2049 characters",
                            form("name", "Plaza", "avatar_url", "https://assets.example.com/" + repeat("a", 2049 - 27)),
                            "'avatar_url' is too long"),
                    arguments("contacts not an array", form("name", "Plaza", "contacts", "Hector"),
                            "'contacts' must be an array of objects"),
                    arguments("contact not an object", form("name", "Plaza", "contacts[0]", "Hector"),
                            "'contacts[0]' must be an object"),
                    arguments("contact without id and username", form("name", "Plaza", "contacts[0][display_name]", "Hector"),
                            "'contacts[0][id]' or 'contacts[0][username]' is required"),
                    arguments("contact with an empty username", form("name", "Plaza", "contacts[0][username]", ""),
                            "'contacts[0][id]' or 'contacts[0][username]' is required"),
                    arguments("contact id too short", form("name", "Plaza", "contacts[0][id]", "short"),
                            "'contacts[0][id]' must be a 16-character alphanumeric contact id"),
                    arguments("contact id not alphanumeric", form("name", "Plaza", "contacts[0][id]", "AbCdEfGhIjKlMn-_"),
                            "'contacts[0][id]' must be a 16-character alphanumeric contact id"),
                    arguments("contact id too long", form("name", "Plaza", "contacts[0][id]", "AbCdEfGhIjKlMnOpQ"),
                            "'contacts[0][id]' is too long"),
                    arguments("contact username of 65 characters", form("name", "Plaza", "contacts[0][username]", repeat("u", 65)),
                            "'contacts[0][username]' is too long"),
                    arguments("contact phone of words", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0][phone_number]", "call me"), "'contacts[0][phone_number]' must be a phone number"),
                    arguments("contact phone with letters", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0][phone_number]", "+1-555-CALL-NOW"), "'contacts[0][phone_number]' must be a phone number"),
                    arguments("contact avatar_url ftp://", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0][avatar_url]", "ftp://a.example.com/h.jpg"), "'contacts[0][avatar_url]' must be an absolute"),
                    arguments("contact conversation_id malformed", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0][conversation_id]", "nope"), "'contacts[0][conversation_id]' must be a 16-character"),
                    arguments("contact last_active_at not a number", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0][last_active_at]", "yesterday"), "'contacts[0][last_active_at]' must be a Unix timestamp"),
                    arguments("duplicate contact usernames", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[1][username]", "Cedric", "contacts[2][username]", "Hector"),
                            "'contacts[2][username]' repeats a contact"),
                    arguments("duplicate contact ids", form("name", "Plaza", "contacts[0][id]", "AbCdEfGhIjKlMnOp",
                            "contacts[1][id]", "AbCdEfGhIjKlMnOp"), "'contacts[1][id]' repeats a contact"),
                    arguments("251 contacts", "name=Plaza&" + formContacts(251), "'contacts' has 251 items; at most 250"),
                    arguments("unknown parameter id", form("name", "Plaza", "id", "l7cGNIBKZiNJ6wqF"), "Unknown parameter 'id'"),
                    arguments("unknown parameter created_at", form("name", "Plaza", "created_at", "692233200"),
                            "Unknown parameter 'created_at'"),
                    arguments("unknown parameter conversation_id", form("name", "Plaza", "conversation_id", "ZYjVAbCE9g5XRlra"),
                            "Unknown parameter 'conversation_id'"),
                    arguments("archived_at on create", form("name", "Plaza", "archived_at", "692233200"),
                            "Unknown parameter 'archived_at'"),
                    arguments("unknown parameter account_id", form("name", "Plaza", "account_id", "acct01"),
                            "Unknown parameter 'account_id'"),
                    arguments("unknown parameter in differing case", form("Name", "Plaza"), "Unknown parameter 'Name'"),
                    arguments("unknown contact parameter", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0][admin]", "true"), "Unknown parameter 'contacts[0][admin]'"),
                    arguments("operator in brackets name[$gt]", "name%5B%24gt%5D=", "'name' must be a string, not an object"),
                    arguments("name as an array name[0]", form("name[0]", "Plaza"), "'name' must be a string, not an array"),
                    arguments("operator in a contact", form("name", "Plaza", "contacts[0][username][$ne]", "x"),
                            "'contacts[0][username]' must be a string, not an object"),
                    arguments("empty brackets contacts[][username]", form("name", "Plaza", "contacts[][username]", "Hector"),
                            "'contacts[][username]' uses empty brackets"),
                    arguments("gapped index contacts[1] without contacts[0]", form("name", "Plaza", "contacts[1][username]", "Hector"),
                            "The indexes of 'contacts' must run 0, 1, 2"),
                    arguments("leading zero index contacts[00]", form("name", "Plaza", "contacts[00][username]", "Hector"),
                            "The indexes of 'contacts' must run 0, 1, 2"),
                    arguments("repeated key name=a&name=b", "name=a&name=b", "Parameter 'name' is given more than once"),
                    arguments("repeated contact key", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0][username]", "Cedric"), "Parameter 'contacts[0][username]' is given more than once"),
                    arguments("key both a value and an array", form("name", "Plaza", "contacts[0][username]", "Hector",
                            "contacts[0]", "Cedric"), "Parameter 'contacts[0]' is given more than once or conflicts"),
                    arguments("malformed key with a stray bracket", "name=Plaza&contacts]=x", "Parameter name 'contacts]' is malformed"),
                    arguments("key of brackets only", "name=Plaza&%5Bname%5D=x", "Parameter name '[name]' is malformed"),
                    arguments("key nested 10000 brackets deep (30 kB)", "name=Plaza&contacts" + repeat("[0]", 10000) + "=x",
                            "contacts"),
                    arguments("malformed percent-encoding %zz", "name=Plaza%zz", "not valid URL encoding near 'Plaza%zz'"),
                    arguments("truncated percent-encoding", "name=Plaza%2", "not valid URL encoding near 'Plaza%2'"),
                    arguments("malformed percent-encoding in a key", "na%G0me=Plaza", "not valid URL encoding near 'na%G0me'"),
                    arguments("truncated UTF-8 sequence", "name=%E2%82", "The form body is not valid UTF-8 text"),
                    arguments("NUL in the name", "name=a%00b", "'name' contains a control character"),
                    arguments("line break in the name", form("name", "Plaza\nHotel"), "'name' must be a single line"),
                    arguments("line break in a username", form("name", "Plaza", "contacts[0][username]", "Hec\ntor"),
                            "'contacts[0][username]' must be a single line"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badForms")
        void isRefusedAndCreatesNothing(String label, String body, String hint) {
            assertRejected(() -> api.post("/v1/groups", body), 400, hint);
        }
    }

    @Nested
    @DisplayName("POST /v1/groups, JSON")
    class CreateJson {

        static Stream<Arguments> badJson() {
            return Stream.of(
                    arguments("empty object", "{}", "'name' is required"),
                    arguments("name null", "{\"name\": null}", "'name' is required"),
                    arguments("name a number", "{\"name\": 42}", "'name' must be a string, not a number"),
                    arguments("name a boolean", "{\"name\": true}", "'name' must be a string, not a boolean"),
                    arguments("name an array", "{\"name\": [\"Plaza\"]}", "'name' must be a string, not an array"),
                    arguments("Mongo operator {\"$gt\": \"\"} as name", "{\"name\": {\"$gt\": \"\"}}",
                            "'name' must be a string, not an object"),
                    arguments("Mongo operator as description", "{\"name\": \"Plaza\", \"description\": {\"$ne\": null}}",
                            "'description' must be a string, not an object"),
                    arguments("Mongo operator in a contact", "{\"name\": \"Plaza\", \"contacts\": [{\"username\": {\"$regex\": \".*\"}}]}",
                            "'contacts[0][username]' must be a string, not an object"),
                    arguments("Mongo operator as a top-level key", "{\"name\": \"Plaza\", \"$where\": \"1 == 1\"}",
                            "Unknown parameter '$where'"),
                    arguments("name of 101 characters", json(Map.of("name", repeat("n", 101))), "'name' is too long: at most 100"),
                    arguments("description of 1001 characters", json(Map.of("name", "Plaza", "description", repeat("d", 1001))),
                            "'description' is too long: at most 1000"),
                    arguments("avatar_url relative", json(Map.of("name", "Plaza", "avatar_url", "plaza.jpg")),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("contacts a string", "{\"name\": \"Plaza\", \"contacts\": \"Hector\"}",
                            "'contacts' must be an array of objects"),
                    arguments("contacts an object", "{\"name\": \"Plaza\", \"contacts\": {\"username\": \"Hector\"}}",
                            "'contacts' must be an array of objects"),
                    arguments("contact a string", "{\"name\": \"Plaza\", \"contacts\": [\"Hector\"]}",
                            "'contacts[0]' must be an object"),
                    arguments("contact null", "{\"name\": \"Plaza\", \"contacts\": [{\"username\": \"Hector\"}, null]}",
                            "'contacts[1]' must be an object"),
                    arguments("contact a number", "{\"name\": \"Plaza\", \"contacts\": [42]}", "'contacts[0]' must be an object"),
                    arguments("contact without id and username", "{\"name\": \"Plaza\", \"contacts\": [{\"display_name\": \"Hector\"}]}",
                            "'contacts[0][id]' or 'contacts[0][username]' is required"),
                    arguments("contact id malformed", "{\"name\": \"Plaza\", \"contacts\": [{\"id\": \"abc\"}]}",
                            "'contacts[0][id]' must be a 16-character alphanumeric contact id"),
                    arguments("contact id a number", "{\"name\": \"Plaza\", \"contacts\": [{\"id\": 1234567890123456}]}",
                            "'contacts[0][id]' must be a string, not a number"),
                    arguments("contact phone malformed",
                            "{\"name\": \"Plaza\", \"contacts\": [{\"username\": \"Hector\", \"phone_number\": \"555 CALL NOW\"}]}",
                            "'contacts[0][phone_number]' must be a phone number"),
                    arguments("contact last_active_at a fraction",
                            "{\"name\": \"Plaza\", \"contacts\": [{\"username\": \"Hector\", \"last_active_at\": 1.5}]}",
                            "'contacts[0][last_active_at]' must be a Unix timestamp"),
                    arguments("duplicate contacts",
                            "{\"name\": \"Plaza\", \"contacts\": [{\"username\": \"Hector\"}, {\"username\": \"Hector\"}]}",
                            "'contacts[1][username]' repeats a contact"),
                    arguments("251 contacts", "{\"name\": \"Plaza\", \"contacts\": " + jsonContacts(251) + "}",
                            "'contacts' has 251 items; at most 250"),
                    arguments("unknown parameter id", "{\"name\": \"Plaza\", \"id\": \"l7cGNIBKZiNJ6wqF\"}", "Unknown parameter 'id'"),
                    arguments("unknown parameter created_at", "{\"name\": \"Plaza\", \"created_at\": 692233200}",
                            "Unknown parameter 'created_at'"),
                    arguments("unknown parameter conversation_id", "{\"name\": \"Plaza\", \"conversation_id\": \"ZYjVAbCE9g5XRlra\"}",
                            "Unknown parameter 'conversation_id'"),
                    arguments("unknown parameter archived_at", "{\"name\": \"Plaza\", \"archived_at\": 692233200}",
                            "Unknown parameter 'archived_at'"),
                    arguments("unknown contact parameter",
                            "{\"name\": \"Plaza\", \"contacts\": [{\"username\": \"Hector\", \"role\": \"admin\"}]}",
                            "Unknown parameter 'contacts[0][role]'"),
                    arguments("array body", "[{\"name\": \"Plaza\"}]", "The JSON body must be an object"),
                    arguments("string body", "\"Plaza\"", "The JSON body must be an object"),
                    arguments("null body", "null", "The JSON body must be an object"),
                    arguments("number body", "42", "The JSON body must be an object"),
                    arguments("unterminated object", "{\"name\": \"Plaza\"", "The JSON body is malformed"),
                    arguments("trailing comma", "{\"name\": \"Plaza\",}", "The JSON body is malformed"),
                    arguments("single quotes", "{'name': 'Plaza'}", "The JSON body is malformed"),
                    arguments("two objects", "{\"name\": \"Plaza\"} {\"name\": \"Other\"}", "The JSON body is malformed"),
                    arguments("a form body sent as JSON", "name=Plaza", "The JSON body is malformed"),
                    arguments("nested 1000 arrays deep", "{\"name\": \"Plaza\", \"contacts\": " + repeat("[", 1000)
                            + repeat("]", 1000) + "}", "The JSON body is malformed"),
                    arguments("duplicate keys", "{\"name\": \"Plaza\", \"name\": \"Other\"}", "\"name\""),
                    arguments("duplicate keys in a contact",
                            "{\"name\": \"Plaza\", \"contacts\": [{\"username\": \"Hector\", \"username\": \"Cedric\"}]}",
                            "\"username\""));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badJson")
        void isRefusedAndCreatesNothing(String label, String body, String hint) {
            assertRejected(() -> api.postJson("/v1/groups", body), 400, hint);
        }
    }

    @Nested
    @DisplayName("the documented limits are inclusive")
    class Limits {

        @Test
        void valuesAtEveryLimitAreAccepted() {
            Response atLimits = api.post("/v1/groups", form("name", repeat("n", 100), "description", repeat("d", 1000),
                    "avatar_url", "https://assets.example.com/" + repeat("a", 2048 - 27)) + "&" + formContacts(250));
            Response emoji = api.post("/v1/groups", form("name", repeat("\uD83D\uDE00", 100)));

            assertThat(atLimits.status()).as("%s", atLimits).isEqualTo(201);
            assertThat(atLimits.json().get("contacts")).hasSize(250);
            assertThat(emoji.status()).as("100 emoji are 100 characters: %s", emoji).isEqualTo(201);
            assertThat(api.delete("/v1/groups/" + atLimits.json().get("id").asText()).status()).isEqualTo(200);
            assertThat(api.delete("/v1/groups/" + emoji.json().get("id").asText()).status()).isEqualTo(200);
        }
    }

    // ==================================================================== PUT /v1/groups/:id

    @Nested
    @DisplayName("PUT /v1/groups/:id")
    class Update {

        static Stream<Arguments> badForms() {
            return Stream.of(
                    arguments("empty name", "name=", "'name' cannot be cleared: a group always has a name"),
                    arguments("blank name", form("name", "  "), "'name' cannot be cleared: a group always has a name"),
                    arguments("name of 101 characters", form("name", repeat("n", 101)), "'name' is too long: at most 100"),
                    arguments("description of 1001 characters", form("description", repeat("d", 1001)),
                            "'description' is too long: at most 1000"),
                    arguments("avatar_url javascript:", form("avatar_url", "javascript:alert(1)"),
                            "'avatar_url' must be an absolute http or https URL"),
                    arguments("contacts not an array", form("contacts", "Hector"), "'contacts' must be an array of objects"),
                    arguments("duplicate contacts", form("contacts[0][username]", "Cedric", "contacts[1][username]", "Cedric"),
                            "'contacts[1][username]' repeats a contact"),
                    arguments("251 contacts", formContacts(251), "'contacts' has 251 items; at most 250"),
                    arguments("archived_at not a number", form("archived_at", "yesterday"),
                            "'archived_at' must be a Unix timestamp in seconds"),
                    arguments("archived_at a fraction", form("archived_at", "1700000000.5"),
                            "'archived_at' must be a Unix timestamp in seconds"),
                    arguments("archived_at negative", form("archived_at", "-1"), "'archived_at' must be a Unix timestamp in seconds"),
                    arguments("archived_at an ISO date", form("archived_at", "2024-01-01T00:00:00Z"),
                            "'archived_at' must be a Unix timestamp in seconds"),
                    arguments("archived_at beyond 64 bits", form("archived_at", "99999999999999999999"),
                            "'archived_at' must be a Unix timestamp in seconds"),
                    arguments("archived_at in the year 5138", form("archived_at", "99999999999"), "'archived_at' is in the future"),
                    arguments("archived_at in an hour", form("archived_at", Long.toString(now() + 3600)),
                            "'archived_at' is in the future"),
                    arguments("archived_at in milliseconds", form("archived_at", Long.toString(now() * 1000)),
                            "'archived_at' must be a Unix timestamp in seconds"),
                    arguments("unknown parameter id", form("id", "l7cGNIBKZiNJ6wqF"), "Unknown parameter 'id'"),
                    arguments("unknown parameter created_at", form("created_at", "692233200"), "Unknown parameter 'created_at'"),
                    arguments("unknown parameter conversation_id", form("conversation_id", "ZYjVAbCE9g5XRlra"),
                            "Unknown parameter 'conversation_id'"),
                    arguments("unknown parameter account_id", form("account_id", "acct01"), "Unknown parameter 'account_id'"),
                    arguments("unknown beside a valid change", form("description", "Changed", "deleted", "true"),
                            "Unknown parameter 'deleted'"),
                    arguments("a valid change beside an invalid one", form("description", "Changed", "name", ""),
                            "'name' cannot be cleared"),
                    arguments("a valid name beside an invalid avatar", form("name", "Changed", "avatar_url", "ftp://x.example.com/a"),
                            "'avatar_url' must be an absolute"),
                    arguments("repeated key", "description=a&description=b", "Parameter 'description' is given more than once"),
                    arguments("empty brackets", form("contacts[][username]", "Hector"), "'contacts[][username]' uses empty brackets"),
                    arguments("gapped index", form("contacts[1][username]", "Hector"), "The indexes of 'contacts' must run 0, 1, 2"),
                    arguments("malformed percent-encoding", "description=100%", "not valid URL encoding near '100%'"));
        }

        @ParameterizedTest(name = "form: {0}")
        @MethodSource("badForms")
        void badFormIsRefusedAndChangesNothing(String label, String body, String hint) {
            assertRejected(() -> api.put(target, body), 400, hint);
        }

        static Stream<Arguments> badJson() {
            return Stream.of(
                    arguments("name null", "{\"name\": null}", "'name' cannot be cleared: a group always has a name"),
                    arguments("Mongo operator as name", "{\"name\": {\"$set\": \"Hijacked\"}}", "'name' must be a string, not an object"),
                    arguments("Mongo update operator as a key", "{\"$set\": {\"accountId\": \"acct02\"}}", "Unknown parameter '$set'"),
                    arguments("archived_at a word", "{\"archived_at\": \"soon\"}", "'archived_at' must be a Unix timestamp"),
                    arguments("archived_at a boolean", "{\"archived_at\": true}", "'archived_at' must be a Unix timestamp"),
                    arguments("archived_at a float", "{\"archived_at\": 1.7e9}", "'archived_at' must be a Unix timestamp"),
                    arguments("archived_at far in the future", "{\"archived_at\": 99999999999}", "'archived_at' is in the future"),
                    arguments("contacts an object", "{\"contacts\": {\"0\": {\"username\": \"Hector\"}}}",
                            "'contacts' must be an array of objects"),
                    arguments("contact null", "{\"contacts\": [null]}", "'contacts[0]' must be an object"),
                    arguments("unknown parameter id", "{\"id\": \"l7cGNIBKZiNJ6wqF\"}", "Unknown parameter 'id'"),
                    arguments("array body", "[]", "The JSON body must be an object"),
                    arguments("malformed", "{\"description\": }", "The JSON body is malformed"),
                    arguments("duplicate keys", "{\"description\": \"a\", \"description\": \"b\"}", "\"description\""));
        }

        @ParameterizedTest(name = "JSON: {0}")
        @MethodSource("badJson")
        void badJsonIsRefusedAndChangesNothing(String label, String body, String hint) {
            assertRejected(() -> api.putJson(target, body), 400, hint);
        }
    }

    // ==================================================================== Content-Type and size

    @Nested
    @DisplayName("Content-Type and body size")
    class Bodies {

        @ParameterizedTest(name = "{0} as {1}")
        @MethodSource("unsupportedTypes")
        void anUnsupportedContentTypeIs415(String method, String contentType, String hint) {
            assertRejected(() -> api.send(method, method.equals("POST") ? "/v1/groups" : target, contentType, "name=Plaza"),
                    415, hint);
        }

        static Stream<Arguments> unsupportedTypes() {
            return Stream.of("POST", "PUT").flatMap(method -> Stream.of(
                    arguments(method, "text/plain", "Content-Type 'text/plain' is not supported"),
                    arguments(method, "text/plain; charset=utf-8", "'text/plain; charset=utf-8' is not supported"),
                    arguments(method, "application/xml", "'application/xml' is not supported"),
                    arguments(method, "not a media type", "'not a media type' is not supported")));
        }

        /** {@code curl -F name=Plaza}: multipart/form-data is neither of the two body encodings the API reads. */
        @ParameterizedTest(name = "{0} as multipart/form-data")
        @ValueSource(strings = {"POST", "PUT"})
        void multipartFormDataIs415(String method) {
            String boundary = "------------------------d74496d66958873e";
            String body = "--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"name\"\r\n\r\n"
                    + "Multipart Plaza\r\n"
                    + "--" + boundary + "--\r\n";
            assertRejected(() -> api.send(method, method.equals("POST") ? "/v1/groups" : target,
                    "multipart/form-data; boundary=" + boundary, body), 415, "multipart/form-data");
        }

        @ParameterizedTest(name = "{0} without Content-Type")
        @ValueSource(strings = {"POST", "PUT"})
        void aBodyWithoutContentTypeIs415(String method) {
            assertRejected(() -> api.send(method, method.equals("POST") ? "/v1/groups" : target, null, "name=Plaza"),
                    415, "no Content-Type");
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("oversized")
        void aBodyOverTheLimitIs413(String method, String contentType, String body) {
            assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_BODY_BYTES + 1);
            assertRejected(() -> api.send(method, method.equals("POST") ? "/v1/groups" : target, contentType, body),
                    413, "larger than " + MAX_BODY_BYTES + " bytes");
        }

        @ParameterizedTest(name = "{0} {1}, chunked")
        @MethodSource("oversized")
        void aChunkedBodyOverTheLimitIs413(String method, String contentType, String body) {
            assertRejected(() -> api.sendChunked(method, method.equals("POST") ? "/v1/groups" : target, contentType, body),
                    413, "larger than " + MAX_BODY_BYTES + " bytes");
        }

        static Stream<Arguments> oversized() {
            String form = "name=Plaza&description=";
            String formBody = form + repeat("d", MAX_BODY_BYTES + 1 - form.length());
            String json = "{\"name\": \"Plaza\", \"description\": \"\"}";
            String jsonBody = json.replace("\"\"}", "\"" + repeat("d", MAX_BODY_BYTES + 1 - json.length()) + "\"}");
            return Stream.of("POST", "PUT").flatMap(method -> Stream.of(
                    arguments(method, Api.FORM, formBody), arguments(method, Api.JSON_TYPE, jsonBody)));
        }

        @Test
        void aBodyOfExactlyTheLimitIsReadAndValidated() {
            String form = "name=Plaza&description=";
            String body = form + repeat("d", MAX_BODY_BYTES - form.length());

            assertRejected(() -> api.post("/v1/groups", body), 400, "'description' is too long");
        }
    }

    @Nested
    @DisplayName("parameters an endpoint does not take are refused, never ignored")
    class NotIgnored {

        @Test
        void aQueryStringOnAWriteIs400NamingTheParameter() {
            assertRejected(() -> api.post("/v1/groups" + query("description", "qs"), form("name", "Query")), 400,
                    "'description' was sent in the query string. POST /v1/groups takes its parameters in the body");
            assertRejected(() -> api.put(target + query("name", "qs"), form("description", "x")), 400,
                    "'name' was sent in the query string");
        }

        @ParameterizedTest(name = "{0} {1} with a body")
        @MethodSource("endpointsWithoutParameters")
        void aBodyOnAnEndpointWithoutParametersIs400NamingTheParameter(String method, String suffix) {
            assertRejected(() -> api.send(method, target + suffix, Api.FORM, form("name", "ignored?")), 400,
                    "takes no parameters, but 'name' was sent");
            assertRejected(() -> api.send(method, target + suffix, Api.JSON_TYPE, "{\"archived_at\": 1}"), 400,
                    "takes no parameters, but 'archived_at' was sent");
            assertRejected(() -> api.send(method, target + suffix + query("force", "true"), null, null), 400,
                    "takes no parameters, but 'force' was sent");
        }

        static Stream<Arguments> endpointsWithoutParameters() {
            return Stream.of(arguments("POST", "/archive"), arguments("POST", "/unarchive"), arguments("DELETE", ""));
        }

        @Test
        void aJsonBodySentAsAFormGetsAHintToSetTheContentType() {
            assertRejected(() -> api.post("/v1/groups", "{\"name\": \"x\"}"), 400,
                    "Send it with the header Content-Type: application/json");
        }

        @Test
        void aBodyOnTheRebuildEndpointIs400AndStartsNoRebuild() {
            Api admin = TestServer.shared().admin();
            assertError(admin.send("POST", "/admin/projections/groups/rebuild", Api.JSON_TYPE, "{\"batch_size\": 10}"),
                    400, "takes no parameters, but 'batch_size' was sent");
            assertThat(admin.get("/admin/projections/groups").json().get("rebuild").isNull()).isTrue();
        }
    }

    @Nested
    @DisplayName("blank text: one rule for every field")
    class BlankText {

        @ParameterizedTest(name = "name {0}")
        @ValueSource(strings = {"\u00a0", "\u200b", "\u2003\u3000", "\ufeff", "\u3164", " \u200b\u00a0 "})
        void aNameThatOnlyLooksBlankIsRefusedOnCreateAndCannotClearOnUpdate(String blank) {
            assertRejected(() -> api.post("/v1/groups", form("name", blank)), 400, "'name' is required and must not be blank");
            assertRejected(() -> api.put(target, form("name", blank)), 400, "'name' cannot be cleared");
            assertRejected(() -> api.putJson(target, "{\"name\": null}"), 400, "'name' cannot be cleared");
        }

        @Test
        void blankCharactersAroundAValueAreCutAndInsideItTheyStay() {
            JsonNode group = api.create("name", "\u00a0\u200b Plaza\u00a0Hotel \u2003", "description", "\ufeff\n Fine. \n",
                    "contacts[0][username]", "\u200b hector\u00a0");
            assertThat(group.get("name").asText()).isEqualTo("Plaza\u00a0Hotel");
            assertThat(group.get("description").asText()).isEqualTo("Fine.");
            assertThat(group.get("contacts").get(0).get("username").asText()).isEqualTo("hector");
            JsonNode cleared = api.put("/v1/groups/" + group.get("id").asText(), form("description", "\u200b\u00a0")).json();
            assertThat(cleared.get("description").isNull()).as("%s", cleared).isTrue();
        }

        @Test
        void thePhoneNumberMessageSaysWhatIsAccepted() {
            JsonNode group = api.create("name", "Phones", "contacts[0][username]", "p", "contacts[0][phone_number]",
                    "+1 (212) 555-1234");
            assertThat(group.at("/contacts/0/phone_number").asText()).isEqualTo("+1 (212) 555-1234");
            assertRejected(() -> api.post("/v1/groups", form("name", "x", "contacts[0][username]", "p",
                    "contacts[0][phone_number]", "call me")), 400, "spaces, hyphens, dots or parentheses");
        }
    }

    // ==================================================================== GET /v1/groups

    @Nested
    @DisplayName("GET /v1/groups")
    class ListParameters {

        static Stream<Arguments> badQueries() {
            String limit = "'limit' must be a whole number from 1 to 100";
            String archived = "'archived' must be true (only archived groups) or false";
            return Stream.of(
                    arguments("limit=0", query("limit", "0"), limit),
                    arguments("limit=101", query("limit", "101"), limit),
                    arguments("limit=1000", query("limit", "1000"), limit),
                    arguments("limit=-1", query("limit", "-1"), limit),
                    arguments("limit=abc", query("limit", "abc"), limit + " (default 10), not 'abc'"),
                    arguments("limit=1.5", query("limit", "1.5"), limit),
                    arguments("limit= (empty)", query("limit", ""), limit),
                    arguments("limit=99999999999", query("limit", "99999999999"), limit),
                    arguments("archived=yes", query("archived", "yes"), archived + " (only active groups), not 'yes'"),
                    arguments("archived=TRUE", query("archived", "TRUE"), archived),
                    arguments("archived=1", query("archived", "1"), archived),
                    arguments("archived= (empty)", query("archived", ""), archived),
                    arguments("both cursors", query("starting_after", "l7cGNIBKZiNJ6wqF", "ending_before", "hSIhXBhNe8X1d8Et"),
                            "either 'starting_after' (next page) or 'ending_before' (previous page), not both"),
                    arguments("unknown starting_after", query("starting_after", "l7cGNIBKZiNJ6wqF"),
                            "Unknown starting_after cursor 'l7cGNIBKZiNJ6wqF'"),
                    arguments("unknown ending_before", query("ending_before", "l7cGNIBKZiNJ6wqF"),
                            "Unknown ending_before cursor 'l7cGNIBKZiNJ6wqF'"),
                    arguments("malformed starting_after", query("starting_after", "nope"), "Unknown starting_after cursor 'nope'"),
                    arguments("empty starting_after", query("starting_after", ""), "Unknown starting_after cursor"),
                    arguments("Mongo operator as a cursor", "?starting_after%5B%24ne%5D=x", "Unknown parameter 'starting_after[$ne]'"),
                    arguments("unknown parameter page", query("page", "2"), "Unknown parameter 'page'"),
                    arguments("unknown parameter offset", query("offset", "10"), "Unknown parameter 'offset'"),
                    arguments("unknown parameter name", query("name", "Plaza"), "Unknown parameter 'name'"),
                    arguments("unknown parameter in differing case", query("Limit", "5"), "Unknown parameter 'Limit'"),
                    arguments("repeated limit", query("limit", "1", "limit", "2"), "Parameter 'limit' is given more than once"),
                    arguments("repeated archived", query("archived", "true", "archived", "false"),
                            "Parameter 'archived' is given more than once"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badQueries")
        void isRefused(String label, String query, String hint) {
            assertRejected(() -> api.get("/v1/groups" + query), 400, hint);
        }

        @Test
        void aBadLimitNamesTheParameterAndPointsToItsCode() {
            JsonNode error = assertRejected(() -> api.get("/v1/groups" + query("limit", "0")), 400, "'limit'");
            assertThat(error.get("code").asText()).isEqualTo("parameter_invalid");
            assertThat(error.get("param").asText()).isEqualTo("limit");
            assertThat(error.get("documentation_url").asText()).endsWith("#parameter_invalid");
        }
    }

    // ==================================================================== paths and methods

    @Nested
    @DisplayName("paths and methods")
    class Paths {

        static Stream<Arguments> malformedIds() {
            List<Arguments> cases = new ArrayList<>();
            for (String id : List.of("short", "l7cGNIBKZiNJ6wqF1", "l7cGNIBKZiNJ6wq-", "l7cGNIBKZiNJ6wq%C3%A9", "%24where",
                    "l7cGNIBKZiNJ6wqF.json", "AAAAAAAAAAAAAAAA")) {
                cases.add(arguments("GET", id));
                cases.add(arguments("PUT", id));
                cases.add(arguments("DELETE", id));
                cases.add(arguments("POST archive", id));
                cases.add(arguments("POST unarchive", id));
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "{0} /v1/groups/{1}")
        @MethodSource("malformedIds")
        void aMalformedOrUnknownIdIsNotFound(String request, String id) {
            String path = "/v1/groups/" + id;
            assertRejected(() -> switch (request) {
                case "GET" -> api.get(path);
                case "PUT" -> api.put(path, form("name", "Changed"));
                case "DELETE" -> api.delete(path);
                case "POST archive" -> api.send("POST", path + "/archive", null, null);
                case "POST unarchive" -> api.send("POST", path + "/unarchive", null, null);
                default -> throw new IllegalArgumentException(request);
            }, 404, "No such group");
        }

        @Test
        void patchIs405WithAnAllowHeader() {
            JsonNode error = assertRejected(() -> api.send("PATCH", target, Api.FORM, form("name", "Patched")), 405, "PATCH");
            assertThat(error.get("message").asText()).contains("DELETE, GET, HEAD, OPTIONS, PUT");
            assertThat(allowed(api.send("PATCH", target, Api.FORM, form("name", "Patched"))))
                    .containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
            assertThat(api.send("HEAD", target, null, null).status()).as("HEAD works where the Allow header says").isEqualTo(200);
            assertThat(api.send("OPTIONS", target, null, null).status()).as("OPTIONS works where the Allow header says").isEqualTo(200);
        }

        @Test
        void postOnAGroupIs405WithAnAllowHeader() {
            assertRejected(() -> api.post(target, form("name", "Posted")), 405, "POST");
            assertThat(allowed(api.post(target, form("name", "Posted"))))
                    .containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
        }

        @Test
        void deleteOrPutOnTheCollectionIs405WithAnAllowHeader() {
            assertRejected(() -> api.delete("/v1/groups"), 405, "DELETE");
            assertRejected(() -> api.put("/v1/groups", form("name", "All")), 405, "PUT");
            assertThat(allowed(api.delete("/v1/groups"))).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "POST");
        }

        @Test
        void getOnArchiveIs405WithAnAllowHeader() {
            assertRejected(() -> api.get(target + "/archive"), 405, "GET");
            assertThat(allowed(api.get(target + "/archive"))).containsExactlyInAnyOrder("OPTIONS", "POST");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/v1/nope", "/v1/group", "/v1/groups/l7cGNIBKZiNJ6wqF/extra", "/v1/groups/l7cGNIBKZiNJ6wqF/archive/now",
                "/v2/groups", "/v1", "/"})
        void anUnknownPathIsNotFound(String path) {
            assertRejected(() -> api.get(path), 404, "Unrecognized request URL (GET " + path + ")");
        }

        private static List<String> allowed(Response response) {
            return response.headers().allValues("Allow").stream()
                    .flatMap(value -> Arrays.stream(value.split(",")))
                    .map(String::trim)
                    .toList();
        }
    }

    // ==================================================================== authentication

    @Nested
    @DisplayName("authentication")
    class Authentication {

        static Stream<Arguments> badCredentials() {
            List<Arguments> cases = new ArrayList<>();
            List<List<String>> credentials = List.of(
                    List.of("no Authorization header", "", "No API key provided"),
                    List.of("Basic scheme", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "must have the form 'Bearer <token>'"),
                    List.of("token without scheme", TestServer.tokenOf("acct01"), "must have the form 'Bearer <token>'"),
                    List.of("Bearer without token", "Bearer", "must have the form 'Bearer <token>'"),
                    List.of("wrong token", "Bearer wrong-token-0123456789abcdef", "Invalid API key provided"),
                    List.of("token of an unknown account", "Bearer " + TestServer.tokenOf("mallory"), "Invalid API key provided"));
            for (List<String> credential : credentials) {
                for (String request : List.of("GET list", "GET group", "POST", "PUT", "DELETE", "POST archive")) {
                    cases.add(arguments(credential.get(0), request, credential.get(1), credential.get(2)));
                }
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("badCredentials")
        void isRefusedWith401AndChangesNothing(String label, String request, String authorization, String hint) {
            Api anonymous = api.withoutToken();
            String[] header = authorization.isEmpty() ? new String[0] : new String[] {"Authorization", authorization};
            JsonNode error = assertRejected(() -> switch (request) {
                case "GET list" -> anonymous.send("GET", "/v1/groups", null, null, header);
                case "GET group" -> anonymous.send("GET", target, null, null, header);
                case "POST" -> anonymous.send("POST", "/v1/groups", Api.FORM, form("name", "Intruder"), header);
                case "PUT" -> anonymous.send("PUT", target, Api.FORM, form("name", "Intruder"), header);
                case "DELETE" -> anonymous.send("DELETE", target, null, null, header);
                case "POST archive" -> anonymous.send("POST", target + "/archive", null, null, header);
                default -> throw new IllegalArgumentException(request);
            }, 401, hint);
            assertThat(error.get("code").asText()).isEqualTo("unauthorized");
            assertThat(error.get("documentation_url").asText()).endsWith("#unauthorized");
            if (authorization.length() > 16) {
                assertThat(error.get("message").asText()).as("the token is never echoed")
                        .doesNotContain(authorization.substring(authorization.length() - 16));
            }
        }

        @Test
        void a401NamesTheSchemeInWwwAuthenticate() {
            for (Response response : List.of(api.withoutToken().get("/v1/groups"),
                    api.withToken("wrong-token-0123456789abcdef").get("/v1/groups"),
                    api.withoutToken().send("GET", "/v1/groups", null, null, "Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"))) {
                assertThat(response.status()).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).as("%s", response).startsWith("Bearer");
            }
        }

        @Test
        void healthNeedsNoToken() {
            Response health = api.withoutToken().get("/actuator/health");

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("UP");
        }
    }

    // ==================================================================== echoed values

    @Nested
    @DisplayName("CR and LF in a value echoed by an error message")
    class EchoedControlCharacters {

        static Stream<Arguments> echoingRequests() {
            String crlf = "%0D%0A";
            return Stream.of(
                    arguments("list: limit", 400, (Supplier<Response>) () -> api.get("/v1/groups?limit=1" + crlf)),
                    arguments("list: archived", 400, (Supplier<Response>) () -> api.get("/v1/groups?archived=true" + crlf)),
                    arguments("list: unknown parameter name", 400, (Supplier<Response>) () -> api.get("/v1/groups?x" + crlf + "y=1")),
                    arguments("list: starting_after cursor", 400,
                            (Supplier<Response>) () -> api.get("/v1/groups?starting_after=x" + crlf + "y")),
                    arguments("list: ending_before cursor", 400,
                            (Supplier<Response>) () -> api.get("/v1/groups?ending_before=x" + crlf + "y")),
                    arguments("form: unknown parameter name", 400,
                            (Supplier<Response>) () -> api.post("/v1/groups", "name=Plaza&x" + crlf + "y=1")),
                    arguments("form: repeated parameter name", 400,
                            (Supplier<Response>) () -> api.post("/v1/groups", "name=Plaza&x" + crlf + "y=1&x" + crlf + "y=2")),
                    arguments("form: empty brackets", 400,
                            (Supplier<Response>) () -> api.post("/v1/groups", "name=Plaza&x" + crlf + "y[]=1")),
                    arguments("form: contact timestamp", 400, (Supplier<Response>) () -> api.post("/v1/groups",
                            "name=Plaza&contacts[0][username]=H&contacts[0][created_at]=1" + crlf)),
                    arguments("form: archived_at", 400, (Supplier<Response>) () -> api.put(target, "archived_at=1" + crlf)),
                    arguments("JSON: unknown parameter name", 400,
                            (Supplier<Response>) () -> api.postJson("/v1/groups", "{\"name\": \"Plaza\", \"x\\r\\ny\": 1}")),
                    arguments("JSON: duplicate key", 400,
                            (Supplier<Response>) () -> api.postJson("/v1/groups", "{\"name\": \"Plaza\", \"x\\r\\ny\": 1, \"x\\r\\ny\": 2}")),
                    arguments("JSON: archived_at", 400,
                            (Supplier<Response>) () -> api.putJson(target, "{\"archived_at\": \"1\\r\\n\"}")),
                    arguments("path: GET group id", 404, (Supplier<Response>) () -> api.get("/v1/groups/x" + crlf + "y")),
                    arguments("path: PUT group id", 404,
                            (Supplier<Response>) () -> api.put("/v1/groups/x" + crlf + "y", form("name", "Changed"))),
                    arguments("path: DELETE group id", 404, (Supplier<Response>) () -> api.delete("/v1/groups/x" + crlf + "y")),
                    arguments("path: archive group id", 404,
                            (Supplier<Response>) () -> api.send("POST", "/v1/groups/x" + crlf + "y/archive", null, null)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("echoingRequests")
        void appearEscapedNeverRaw(String label, int status, Supplier<Response> request) {
            JsonNode error = assertRejected(request, status, "\\u000d\\u000a");
            assertThat(error.get("message").asText()).doesNotContain("\r").doesNotContain("\n");
        }
    }
}
