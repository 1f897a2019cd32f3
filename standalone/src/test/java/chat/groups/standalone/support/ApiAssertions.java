package chat.groups.standalone.support;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Assertions on what the API promises every client: its group shape and its error shape. */
public final class ApiAssertions {

    public static final List<String> GROUP_KEYS = List.of(
            "id", "name", "description", "avatar_url", "conversation_id", "contacts", "created_at", "archived_at");
    public static final List<String> CONTACT_KEYS = List.of("id", "username", "phone_number", "avatar_url",
            "display_name", "conversation_id", "last_active_at", "created_at");
    public static final List<String> ERROR_KEYS = List.of("type", "code", "message", "documentation_url");
    public static final List<String> ERROR_KEYS_WITH_PARAM = List.of("type", "code", "message", "param", "documentation_url");
    public static final String PUBLIC_ID = "[A-Za-z0-9]{16}";

    private ApiAssertions() {
    }

    /** An error in the API's shape, with the right type for its status and a message containing {@code hint}. */
    public static JsonNode assertError(Response response, int status, String hint) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        JsonNode body = response.json();
        List<String> keys = fieldNames(body);
        assertThat(keys).as("keys of %s", response).containsExactlyElementsOf(
                keys.contains("param") ? ERROR_KEYS_WITH_PARAM : ERROR_KEYS);
        assertThat(body.get("type").asText()).isEqualTo(status >= 500 ? "api_error" : "invalid_request");
        String code = body.get("code").asText();
        assertThat(code).as("code of %s", response).matches("[a-z]+(_[a-z]+)*");
        assertThat(body.get("message").asText()).contains(hint);
        assertThat(body.get("documentation_url").asText()).startsWith("https://").endsWith("#" + code);
        if (body.has("param")) {
            assertThat(body.get("param").asText()).as("param of %s", response).isNotBlank();
        }
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        return body;
    }

    /** {@link #assertError} with its machine-readable {@code code}, and no {@code param}. */
    public static JsonNode assertError(Response response, int status, String code, String hint) {
        JsonNode body = assertError(response, status, hint);
        assertThat(body.get("code").asText()).as("code of %s", response).isEqualTo(code);
        assertThat(body.has("param")).as("%s names no parameter", response).isFalse();
        return body;
    }

    /** {@link #assertError} with its machine-readable {@code code} and the {@code param} at fault. */
    public static JsonNode assertError(Response response, int status, String code, String param, String hint) {
        JsonNode body = assertError(response, status, hint);
        assertThat(body.get("code").asText()).as("code of %s", response).isEqualTo(code);
        assertThat(body.has("param") ? body.get("param").asText() : null).as("param of %s", response).isEqualTo(param);
        return body;
    }

    /** A group with exactly the documented keys, in the documented order, and well-formed ids. */
    public static JsonNode assertGroupShape(JsonNode group) {
        assertThat(fieldNames(group)).containsExactlyElementsOf(GROUP_KEYS);
        assertThat(group.get("id").asText()).matches(PUBLIC_ID);
        assertThat(group.get("conversation_id").asText()).matches(PUBLIC_ID);
        assertThat(group.get("created_at").isIntegralNumber()).isTrue();
        for (JsonNode contact : group.get("contacts")) {
            assertThat(fieldNames(contact)).containsExactlyElementsOf(CONTACT_KEYS);
        }
        return group;
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(group -> ids.add(group.get("id").asText()));
        return ids;
    }
}
