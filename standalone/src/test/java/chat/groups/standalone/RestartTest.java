package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The standalone server keeps everything on disk: a restart on the same data directory changes nothing. */
class RestartTest {

    @Test
    void groupsSurviveARestartExactlyAsTheyWere() {
        Path dataDir = TestServer.tempDir("groups-restart");
        JsonNode kept;
        JsonNode archived;
        String deletedId;
        JsonNode listBefore;
        try (TestServer server = TestServer.start(dataDir)) {
            Api api = server.client("alice");
            kept = api.create("name", "Plaza Hotel", "description", "World-renowned.", "contacts[0][username]", "Hector");
            kept = api.put("/v1/groups/" + kept.get("id").asText(), form("description", "The finest in New York.")).json();
            archived = api.create("name", "Old crew");
            archived = api.put("/v1/groups/" + archived.get("id").asText(), form("archived_at", archived.get("created_at").asText())).json();
            deletedId = api.create("name", "Gone").get("id").asText();
            assertThat(api.delete("/v1/groups/" + deletedId).status()).isEqualTo(200);
            listBefore = api.get("/v1/groups").json();
        }

        try (TestServer server = TestServer.start(dataDir)) {
            Api api = server.client("alice");
            assertThat(api.get("/v1/groups/" + kept.get("id").asText()).json()).isEqualTo(kept);
            assertThat(api.get("/v1/groups/" + archived.get("id").asText()).json()).isEqualTo(archived);
            assertError(api.get("/v1/groups/" + deletedId), 404, "No such group");
            assertThat(api.get("/v1/groups").json()).isEqualTo(listBefore);
            assertThat(ids(listBefore)).containsExactly(archived.get("id").asText(), kept.get("id").asText());

            // The event store carries on where it stopped: the restored group takes further changes.
            assertThat(api.put("/v1/groups/" + kept.get("id").asText(), form("name", "The Plaza")).json()
                    .get("name").asText()).isEqualTo("The Plaza");
            assertError(api.put("/v1/groups/" + deletedId, form("name", "Back")), 404, "No such group");
        }
    }

    @Test
    void withoutConfiguredKeysTheDevelopmentKeyIsCreatedOnceAndKept() throws Exception {
        Path dataDir = TestServer.tempDir("groups-dev-key");
        String token;
        String id;
        try (TestServer server = TestServer.start(dataDir, "--groups.api-keys=")) {
            token = Files.readString(dataDir.resolve("dev-api-key")).trim();
            assertThat(token).startsWith("dev_").hasSizeGreaterThan(30);
            id = server.client("dev").withToken(token).create("name", "Mine").get("id").asText();
            // Only the development key is accepted: no other token opens the API.
            assertError(server.client("alice").get("/v1/groups"), 401, "Invalid API key");
        }
        try (TestServer server = TestServer.start(dataDir, "--groups.api-keys=")) {
            assertThat(Files.readString(dataDir.resolve("dev-api-key")).trim()).isEqualTo(token);
            assertThat(server.client("dev").withToken(token).get("/v1/groups/" + id).status()).isEqualTo(200);
        }
    }
}
