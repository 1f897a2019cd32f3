package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.assertGroupShape;
import static chat.groups.standalone.support.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Archiving: {@code POST /v1/groups/:id/archive} and {@code /unarchive} refuse to repeat
 * themselves (409), while {@code PUT archived_at} states the wanted state and is a no-op when
 * the group is already in it. A deleted group is gone for every endpoint.
 */
class ArchiveEndpointsTest {

    private static Api api;

    @BeforeAll
    static void account() {
        api = TestServer.shared().newAccount();
    }

    @Nested
    @DisplayName("POST /v1/groups/:id/archive and /unarchive")
    class ArchiveAndUnarchive {

        @Test
        void archiveSetsArchivedAtToNow() {
            JsonNode group = api.create("name", "Plaza Hotel", "description", "World-renowned.");
            long before = Instant.now().getEpochSecond();

            Response archived = archive(group);

            long after = Instant.now().getEpochSecond();
            assertThat(archived.status()).isEqualTo(200);
            assertGroupShape(archived.json());
            assertThat(archived.json().get("archived_at").asLong()).isBetween(before, after);
            assertThat(withoutArchivedAt(archived.json())).as("nothing but archived_at changed")
                    .isEqualTo(withoutArchivedAt(group));
            assertThat(get(group)).isEqualTo(archived.json());
            assertThat(ids(api.get("/v1/groups" + query("archived", "true", "limit", "100")).json())).contains(id(group));
            assertThat(ids(api.get("/v1/groups" + query("archived", "false", "limit", "100")).json())).doesNotContain(id(group));
        }

        @Test
        void archivingAnArchivedGroupIsAConflictThatChangesNothing() {
            JsonNode group = api.create("name", "Plaza Hotel");
            JsonNode archived = archive(group).json();

            Response again = archive(group);

            assertError(again, 409, "already archived");
            assertThat(again.json().get("message").asText()).contains(id(group), "unarchive");
            assertThat(get(group)).isEqualTo(archived);
        }

        @Test
        void unarchiveClearsArchivedAt() {
            JsonNode group = api.create("name", "Plaza Hotel");
            archive(group);

            Response unarchived = unarchive(group);

            assertThat(unarchived.status()).isEqualTo(200);
            assertThat(unarchived.json().get("archived_at").isNull()).isTrue();
            assertThat(unarchived.json()).isEqualTo(group);
            assertThat(get(group)).isEqualTo(group);
            assertThat(ids(api.get("/v1/groups" + query("archived", "false", "limit", "100")).json())).contains(id(group));
        }

        @Test
        void unarchivingAnActiveGroupIsAConflictThatChangesNothing() {
            JsonNode group = api.create("name", "Plaza Hotel");
            archive(group);
            unarchive(group);

            Response again = unarchive(group);
            Response never = unarchive(api.create("name", "Never archived"));

            assertError(again, 409, "is not archived");
            assertThat(again.json().get("message").asText()).contains(id(group));
            assertError(never, 409, "is not archived");
            assertThat(get(group)).isEqualTo(group);
        }

        @Test
        void aGroupCanBeArchivedAgainAfterItWasUnarchived() {
            JsonNode group = api.create("name", "Plaza Hotel");
            archive(group);
            unarchive(group);

            Response archivedAgain = archive(group);

            assertThat(archivedAgain.status()).isEqualTo(200);
            assertThat(archivedAgain.json().get("archived_at").isNull()).isFalse();
        }

        @Test
        void anArchivedGroupCanStillBeUpdatedAndStaysArchived() {
            JsonNode group = api.create("name", "Plaza Hotel");
            JsonNode archived = archive(group).json();

            Response renamed = api.put(path(group), form("name", "The Plaza"));

            assertThat(renamed.status()).isEqualTo(200);
            assertThat(renamed.json().get("name").asText()).isEqualTo("The Plaza");
            assertThat(renamed.json().get("archived_at")).isEqualTo(archived.get("archived_at"));
        }

        @Test
        void unknownAndMalformedIdsAreNotFound() {
            for (String id : new String[] {"AAAAAAAAAAAAAAAA", "not-a-group-id", "tooshort"}) {
                assertError(api.send("POST", "/v1/groups/" + id + "/archive", null, null), 404, "No such group: '" + id + "'");
                assertError(api.send("POST", "/v1/groups/" + id + "/unarchive", null, null), 404, "No such group: '" + id + "'");
            }
        }
    }

    @Nested
    @DisplayName("PUT archived_at")
    class PutArchivedAt {

        @Test
        void archivedAtBeforeTheGroupWasCreatedIsRefusedAndChangesNothing() {
            JsonNode group = api.create("name", "Plaza Hotel");

            assertError(api.put(path(group), form("archived_at", "1000")), 400,
                    "'archived_at' (1000) is before group '" + group.get("id").asText() + "' was created");
            assertThat(get(group)).isEqualTo(group);
        }

        @Test
        void archivesAnActiveGroupAtTheGivenTime() {
            JsonNode group = api.create("name", "Plaza Hotel");
            long at = group.get("created_at").asLong(); // the earliest allowed: not before the group was created

            Response archived = api.put(path(group), form("archived_at", Long.toString(at)));

            assertThat(archived.status()).isEqualTo(200);
            assertThat(archived.json().get("archived_at").asLong()).isEqualTo(at);
            assertThat(get(group)).isEqualTo(archived.json());
        }

        @Test
        void onAnArchivedGroupIsANoOpThatKeepsTheArchivalTime() {
            JsonNode group = api.create("name", "Plaza Hotel");
            JsonNode archived = archive(group).json();

            Response again = api.put(path(group), form("archived_at", Long.toString(group.get("created_at").asLong())));

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json()).isEqualTo(archived);
            assertThat(get(group)).isEqualTo(archived);
        }

        @Test
        void anEmptyValueUnarchives() {
            JsonNode group = api.create("name", "Plaza Hotel");
            archive(group);

            Response unarchived = api.put(path(group), form("archived_at", ""));

            assertThat(unarchived.status()).isEqualTo(200);
            assertThat(unarchived.json().get("archived_at").isNull()).isTrue();
            assertThat(get(group)).isEqualTo(group);
        }

        @Test
        void jsonNullUnarchives() {
            JsonNode group = api.create("name", "Plaza Hotel");
            archive(group);

            Response unarchived = api.putJson(path(group), "{\"archived_at\": null}");

            assertThat(unarchived.status()).isEqualTo(200);
            assertThat(unarchived.json()).isEqualTo(group);
        }

        @Test
        void anEmptyValueOnAnActiveGroupIsANoOp() {
            JsonNode group = api.create("name", "Plaza Hotel");

            Response unchanged = api.put(path(group), form("archived_at", ""));

            assertThat(unchanged.status()).isEqualTo(200);
            assertThat(unchanged.json()).isEqualTo(group);
        }

        @Test
        void aPutWithNoFieldsReturnsTheGroupUnchanged() {
            JsonNode group = api.create("name", "Plaza Hotel", "description", "World-renowned.",
                    "contacts[0][username]", "Hector");
            JsonNode archived = archive(group).json();

            Response emptyForm = api.put(path(group), "");
            Response emptyJson = api.putJson(path(group), "{}");
            Response noBody = api.send("PUT", path(group), null, null);

            for (Response response : new Response[] {emptyForm, emptyJson, noBody}) {
                assertThat(response.status()).as("%s", response).isEqualTo(200);
                assertThat(response.json()).isEqualTo(archived);
            }
            assertThat(get(group)).isEqualTo(archived);
        }
    }

    @Nested
    @DisplayName("after DELETE")
    class AfterDelete {

        @Test
        void everyUpdateOfADeletedGroupIsNotFound() {
            JsonNode group = api.create("name", "Plaza Hotel");
            assertThat(api.delete(path(group)).status()).isEqualTo(200);
            String noSuchGroup = "No such group: '" + id(group) + "'";

            assertError(api.put(path(group), form("name", "Back again")), 404, noSuchGroup);
            assertError(api.put(path(group), form("archived_at", Long.toString(Instant.now().getEpochSecond()))), 404, noSuchGroup);
            assertError(api.put(path(group), ""), 404, noSuchGroup);
            assertError(archive(group), 404, noSuchGroup);
            assertError(unarchive(group), 404, noSuchGroup);
            assertError(api.get(path(group)), 404, noSuchGroup);
            assertThat(ids(api.get("/v1/groups" + query("limit", "100")).json())).doesNotContain(id(group));
        }

        @Test
        void aDeletedArchivedGroupIsGoneFromTheArchivedList() {
            JsonNode group = api.create("name", "Plaza Hotel");
            archive(group);

            assertThat(api.delete(path(group)).status()).isEqualTo(200);

            assertThat(ids(api.get("/v1/groups" + query("archived", "true", "limit", "100")).json())).doesNotContain(id(group));
            assertError(unarchive(group), 404, "No such group");
        }

        @Test
        void deletingTwiceIsNotFoundTheSecondTime() {
            JsonNode group = api.create("name", "Plaza Hotel");

            Response first = api.delete(path(group));
            Response second = api.delete(path(group));

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().get("deleted").asBoolean()).isTrue();
            assertError(second, 404, "No such group: '" + id(group) + "'");
        }
    }

    private static Response archive(JsonNode group) {
        return api.send("POST", path(group) + "/archive", null, null);
    }

    private static Response unarchive(JsonNode group) {
        return api.send("POST", path(group) + "/unarchive", null, null);
    }

    private static JsonNode get(JsonNode group) {
        Response response = api.get(path(group));
        assertThat(response.status()).as("GET %s", response).isEqualTo(200);
        return response.json();
    }

    private static String id(JsonNode group) {
        return group.get("id").asText();
    }

    private static String path(JsonNode group) {
        return "/v1/groups/" + id(group);
    }

    private static JsonNode withoutArchivedAt(JsonNode group) {
        JsonNode copy = group.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("archived_at");
        return copy;
    }
}
