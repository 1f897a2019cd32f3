package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.common.error.ErrorCode;
import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Repository;
import chat.groups.standalone.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error carries a stable, machine-readable {@code code} (what a client branches on), the
 * {@code param} at fault when there is one, in the request's own notation, and a
 * {@code documentation_url} that ends in the code's anchor. {@code Api} additionally checks
 * that every error answered in any end-to-end test carries a code.
 */
class ErrorCodesTest {

    private static Api api;
    private static String groupPath;

    @BeforeAll
    static void account() {
        api = TestServer.shared().newAccount();
        groupPath = "/v1/groups/" + api.create("name", "Plaza Hotel").get("id").asText();
    }

    @Test
    void parameterErrorsNameTheParameterAsTheRequestWroteIt() {
        assertError(api.postJson("/v1/groups", "{}"), 400, "parameter_missing", "name", "'name' is required");
        assertError(api.post("/v1/groups", form("name", "Plaza", "contacts[0][username]", "Hector",
                        "contacts[0][phone_number]", "555 CALL NOW")),
                400, "parameter_invalid", "contacts[0][phone_number]", "must be a phone number");
        assertError(api.postJson("/v1/groups", "{\"name\": \"Plaza\", \"contacts\": [{\"username\": {\"$ne\": 1}}]}"),
                400, "parameter_invalid", "contacts[0][username]", "must be a string");
        assertError(api.post("/v1/groups", form("name", "Plaza", "id", "l7cGNIBKZiNJ6wqF")),
                400, "parameter_unknown", "id", "Unknown parameter 'id'");
        assertError(api.post("/v1/groups", form("name", "Plaza", "contacts[0][username]", "Hector", "contacts[0][role]", "x")),
                400, "parameter_unknown", "contacts[0][role]", "Unknown parameter 'contacts[0][role]'");
        assertError(api.post("/v1/groups", "name=a&name=b"), 400, "parameter_repeated", "name", "more than once");
        assertError(api.post("/v1/groups", form("name", "Plaza", "contacts[0][username]", "Hector",
                "contacts[1][username]", "Hector")), 400, "parameter_repeated", "contacts[1][username]", "repeats a contact");
        assertError(api.get("/v1/groups" + query("limit", "1", "limit", "2")), 400, "parameter_repeated", "limit", "more than once");
        assertError(api.get("/v1/groups" + query("limit", "1000")), 400, "parameter_invalid", "limit", "'limit'");
        assertError(api.get("/v1/groups" + query("starting_after", "AAAAAAAAAAAAAAAA", "ending_before", "BBBBBBBBBBBBBBBB")),
                400, "parameters_exclusive", "ending_before", "not both");
        assertError(api.get(groupPath + query("version", "0", "as_of", "1")), 400, "parameters_exclusive", "version", "not both");
        assertError(api.get(groupPath + query("version", "9")), 400, "parameter_invalid", "version", "'version'");
    }

    @Test
    void cursorsThatAreNotInTheListAreCursorNotFound() {
        assertError(api.get("/v1/groups" + query("starting_after", "AAAAAAAAAAAAAAAA")),
                400, "cursor_not_found", "starting_after", "starting_after");
        assertError(api.get("/v1/groups" + query("ending_before", "AAAAAAAAAAAAAAAA")),
                400, "cursor_not_found", "ending_before", "ending_before");
        assertError(api.get(groupPath + "/events" + query("starting_after", "nope")),
                400, "cursor_not_found", "starting_after", "starting_after");
    }

    @Test
    void bodiesAndHeadersTheServerCannotReadSaySo() {
        assertError(api.postJson("/v1/groups", "{\"name\": "), 400, "body_malformed", "The JSON body is malformed");
        assertError(api.post("/v1/groups", "name=Plaza%zz"), 400, "body_malformed", "not valid URL encoding");
        assertError(api.get("/v1/groups?limit=%E2%82"), 400, "request_malformed", "not valid URL encoding");
        assertError(api.send("PUT", groupPath, Api.FORM, form("name", "x"), "If-Match", "version 3"),
                400, "header_invalid", "If-Match", "If-Match must be");
        assertError(api.send("POST", "/v1/groups", Api.FORM, form("name", "x"), "Idempotency-Key", " "),
                400, "header_invalid", "Idempotency-Key", "Idempotency-Key header");
        assertError(api.send("POST", "/v1/groups", "text/plain", "name=Plaza"), 415, "unsupported_media_type", "text/plain");
        assertError(api.post("/v1/groups", "name=" + "x".repeat(300_000)), 413, "body_too_large", "larger than");
    }

    @Test
    void authenticationAndPermissions() {
        assertError(api.withoutToken().get("/v1/groups"), 401, "unauthorized", "");
        assertError(api.withToken("wrong-token-0123456789abcdef").get("/v1/groups"), 401, "unauthorized", "Invalid");
        assertError(api.get("/admin/projections/groups"), 403, "forbidden", "admin key");
    }

    @Test
    void groupsAndRoutesThatDoNotExist() {
        assertError(api.get("/v1/groups/AAAAAAAAAAAAAAAA"), 404, "group_not_found", "No such group");
        assertError(api.put("/v1/groups/AAAAAAAAAAAAAAAA", form("name", "x")), 404, "group_not_found", "No such group");
        assertError(api.get("/v2/groups"), 404, "not_found", "Unrecognized request URL");
        assertError(api.delete("/v1/groups"), 405, "method_not_allowed", "DELETE");
    }

    @Test
    void stateConflicts() {
        String path = "/v1/groups/" + api.create("name", "Conflicts").get("id").asText();
        assertError(api.post(path + "/unarchive", ""), 409, "group_not_archived", "");
        assertThat(api.post(path + "/archive", "").status()).isEqualTo(200);
        assertError(api.post(path + "/archive", ""), 409, "group_already_archived", "");
        assertError(api.send("PUT", path, Api.FORM, form("name", "x"), "If-Match", "\"99\""), 412, "version_mismatch", "");
    }

    @Test
    void idempotencyKeys() {
        String key = "error-codes-" + System.nanoTime();
        var first = api.send("POST", "/v1/groups", Api.FORM, form("name", "Once"), "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertError(api.send("POST", "/v1/groups", Api.FORM, form("name", "Other"), "Idempotency-Key", key),
                422, "idempotency_key_reused", "Idempotency-Key", "Idempotency-Key");
        assertThat(api.delete("/v1/groups/" + first.json().get("id").asText()).status()).isEqualTo(200);
        assertError(api.send("POST", "/v1/groups", Api.FORM, form("name", "Once"), "Idempotency-Key", key),
                409, "idempotency_key_group_deleted", "Idempotency-Key", "deleted");
    }

    @Test
    void everyCodeHasItsAnchorInTheApiReference() throws IOException {
        String reference = Files.readString(Repository.file("docs/api.md"));
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .allSatisfy(code -> assertThat(reference).as("docs/api.md").contains("<a id=\"" + code + "\"></a>"));
    }
}
