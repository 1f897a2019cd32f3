package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.json;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.assertGroupShape;
import static chat.groups.standalone.support.ApiAssertions.fieldNames;
import static chat.groups.standalone.support.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every curl example of the API reference page (docs/reference.md), replayed
 * against the running server form-encoded as curl sends it, and again as JSON.
 */
class SeedExamplesTest {

    private final Api api = server().newAccount();

    /** The server the examples run against; see {@code OverTheWireTest} for the split deployment's view. */
    TestServer server() {
        return TestServer.shared();
    }

    @Nested
    @DisplayName("form-encoded, as in the curl examples")
    class Form {

        @Test
        void createAGroup() {
            // curl https://api.notifly.chat/v1/groups -H "Authorization: Bearer {token}" -d name="Plaza Hotel"
            long before = Instant.now().getEpochSecond();
            Response created = api.post("/v1/groups", form("name", "Plaza Hotel"));

            assertThat(created.status()).isEqualTo(201);
            JsonNode group = assertGroupShape(created.json());
            assertThat(group.get("name").asText()).isEqualTo("Plaza Hotel");
            assertThat(group.get("description").isNull()).isTrue();
            assertThat(group.get("avatar_url").isNull()).isTrue();
            assertThat(group.get("contacts")).isEmpty();
            assertThat(group.get("created_at").asLong()).isBetween(before, Instant.now().getEpochSecond());
            assertThat(group.get("archived_at").isNull()).isTrue();
            assertThat(created.header("Location")).isEqualTo("/v1/groups/" + group.get("id").asText());
        }

        @Test
        void listAllGroups() {
            // curl -G https://api.notifly.chat/v1/groups -H "Authorization: Bearer {token}" -d limit=10
            String id = api.create("name", "Plaza Hotel", "description", "World-renowned.",
                    "avatar_url", "https://assets.notifly.chat/avatars/plazahotel.jpg",
                    "contacts[0][username]", "Hector", "contacts[1][username]", "Cedric",
                    "contacts[2][username]", "Hester", "contacts[3][username]", "Cliff").get("id").asText();

            Response list = api.get("/v1/groups" + query("limit", "10"));

            assertThat(list.status()).isEqualTo(200);
            assertThat(fieldNames(list.json())).containsExactly("has_more", "data");
            assertThat(list.json().get("has_more").asBoolean()).isFalse();
            assertThat(ids(list.json())).contains(id);
            JsonNode group = assertGroupShape(list.json().get("data").get(0));
            assertThat(group.get("contacts").findValuesAsText("username")).containsExactly("Hector", "Cedric", "Hester", "Cliff");
        }

        @Test
        void retrieveAGroup() {
            // curl https://api.notifly.chat/v1/groups/L7cGNIBKZiNJ6wqF -H "Authorization: Bearer {token}"
            JsonNode created = api.create("name", "Plaza Hotel", "description", "World-renowned.");

            Response retrieved = api.get("/v1/groups/" + created.get("id").asText());

            assertThat(retrieved.status()).isEqualTo(200);
            assertThat(retrieved.json()).isEqualTo(created);
        }

        @Test
        void updateAGroup() {
            // curl -X PUT https://api.notifly.chat/v1/groups/L7cGNIBKZiNJ6wqF -H "Authorization: Bearer {token}" \
            //   -d description="The finest in New York."
            JsonNode created = api.create("name", "Plaza Hotel", "description", "World-renowned.",
                    "contacts[0][username]", "Hector");
            String path = "/v1/groups/" + created.get("id").asText();

            Response updated = api.put(path, form("description", "The finest in New York."));

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.json().get("description").asText()).isEqualTo("The finest in New York.");
            assertThat(updated.json().get("name")).isEqualTo(created.get("name"));
            assertThat(updated.json().get("contacts")).isEqualTo(created.get("contacts"));
            assertThat(api.get(path).json()).isEqualTo(updated.json());
        }

        @Test
        void deleteAGroup() {
            // curl -X DELETE https://api.notifly.chat/v1/groups/L7cGNIBKZiNJ6wqF -H "Authorization: Bearer {token}"
            String id = api.create("name", "Plaza Hotel").get("id").asText();

            Response deleted = api.delete("/v1/groups/" + id);

            assertThat(deleted.status()).isEqualTo(200);
            assertThat(fieldNames(deleted.json())).containsExactly("id", "deleted");
            assertThat(deleted.json().get("id").asText()).isEqualTo(id);
            assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
            assertError(api.get("/v1/groups/" + id), 404, "No such group");
            assertThat(ids(api.get("/v1/groups" + query("limit", "100")).json())).doesNotContain(id);
        }
    }

    @Nested
    @DisplayName("the same examples as JSON")
    class Json {

        @Test
        void createAGroup() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "Plaza Hotel");
            body.put("description", "World-renowned.");
            body.put("avatar_url", "https://assets.notifly.chat/avatars/plazahotel.jpg");
            body.put("contacts", List.of(Map.of("username", "Hector"), Map.of("username", "Cedric")));

            Response created = api.postJson("/v1/groups", json(body));

            assertThat(created.status()).isEqualTo(201);
            JsonNode group = assertGroupShape(created.json());
            assertThat(group.get("description").asText()).isEqualTo("World-renowned.");
            assertThat(group.get("avatar_url").asText()).isEqualTo("https://assets.notifly.chat/avatars/plazahotel.jpg");
            assertThat(group.get("contacts").findValuesAsText("username")).containsExactly("Hector", "Cedric");
            assertThat(api.get("/v1/groups/" + group.get("id").asText()).json()).isEqualTo(group);
        }

        @Test
        void updateAGroup() {
            String path = "/v1/groups/" + api.create("name", "Plaza Hotel", "description", "World-renowned.").get("id").asText();

            Response updated = api.putJson(path, json(Map.of("description", "The finest in New York.")));

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.json().get("description").asText()).isEqualTo("The finest in New York.");
            assertThat(updated.json().get("name").asText()).isEqualTo("Plaza Hotel");
        }

        @Test
        void updateClearsAFieldWithNull() {
            String path = "/v1/groups/" + api.create("name", "Plaza Hotel", "description", "World-renowned.").get("id").asText();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("description", null);

            Response updated = api.putJson(path, json(body));

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.json().get("description").isNull()).isTrue();
        }
    }
}
