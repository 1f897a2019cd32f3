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
    public static final String PUBLIC_ID = "[A-Za-z0-9]{16}";

    private ApiAssertions() {
    }

    /** An error in the API's shape, with the right type for its status and a message containing {@code hint}. */
    public static JsonNode assertError(Response response, int status, String hint) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(fieldNames(body)).containsExactly("type", "message", "documentation_url");
        assertThat(body.get("type").asText()).isEqualTo(status >= 500 ? "api_error" : "invalid_request");
        assertThat(body.get("message").asText()).contains(hint);
        assertThat(body.get("documentation_url").asText()).startsWith("https://");
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
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
