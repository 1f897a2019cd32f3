package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Who changed a group, when, and how it looked then: history and time travel, from the event store. */
class AuditHistoryTest {

    private final TestServer server = TestServer.shared();
    private final Api api = server.newAccount();

    private String create(String requestId, String... pairs) {
        Response created = api.send("POST", "/v1/groups", Api.FORM, form(pairs), "X-Request-Id", requestId);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private JsonNode events(String id, String query) {
        Response response = api.get("/v1/groups/" + id + "/events" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Nested
    @DisplayName("GET /v1/groups/:id/events")
    class History {

        @Test
        void listsEveryEventInOrderWithItsTypeActorRequestAndChange() {
            String id = create("trace-create-1", "name", "Plaza Hotel", "description", "World-renowned.");
            String path = "/v1/groups/" + id;
            api.send("PUT", path, Api.FORM, form("name", "The Plaza", "description", "Finest."), "X-Request-Id", "trace-put-2");
            String archivedAt = createdAt(path); // archived as it was created: after it existed, not in the future
            api.put(path, form("archived_at", archivedAt));
            api.post(path + "/unarchive", "");
            api.put(path, form("contacts[0][username]", "Hector"));

            JsonNode history = events(id, "?limit=100");

            assertThat(fieldNames(history)).containsExactly("has_more", "data");
            assertThat(history.get("has_more").asBoolean()).isFalse();
            List<JsonNode> entries = list(history.get("data"));
            assertThat(entries).extracting(e -> e.get("type").asText()).containsExactly("group.created", "group.updated",
                    "group.updated", "group.archived", "group.unarchived", "group.updated");
            assertThat(entries).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(entries).allSatisfy(entry -> {
                assertThat(fieldNames(entry)).containsExactly("id", "type", "sequence", "created_at", "actor", "request_id", "data");
                assertThat(entry.get("actor").get("account").asText()).isEqualTo(api.account());
                assertThat(entry.get("actor").get("api_key_id").asText()).matches("key_[0-9a-f]{12}");
                assertThat(entry.get("created_at").asLong()).isCloseTo(Instant.now().getEpochSecond(),
                        org.assertj.core.data.Offset.offset(60L));
            });
            assertThat(entries.get(0).get("request_id").asText()).isEqualTo("trace-create-1");
            assertThat(entries.get(1).get("request_id").asText()).isEqualTo("trace-put-2");
            assertThat(entries.get(2).get("request_id").asText()).isEqualTo("trace-put-2");
            assertThat(entries.get(3).get("request_id").asText()).startsWith("req_");
            assertThat(entries.get(0).get("data").get("name").asText()).isEqualTo("Plaza Hotel");
            assertThat(entries.get(1).get("data").toString()).isEqualTo("{\"name\":\"The Plaza\",\"previous\":{\"name\":\"Plaza Hotel\"}}");
            assertThat(entries.get(2).get("data").toString())
                    .isEqualTo("{\"description\":\"Finest.\",\"previous\":{\"description\":\"World-renowned.\"}}");
            assertThat(entries.get(3).get("data").toString()).isEqualTo("{\"archived_at\":" + archivedAt + "}");
            assertThat(entries.get(4).get("data").toString()).isEqualTo("{\"previous\":{\"archived_at\":" + archivedAt + "}}");
            assertThat(entries.get(5).get("data").get("contacts").get(0).get("username").asText()).isEqualTo("Hector");
            assertThat(entries.get(5).get("data").get("previous").get("contacts")).isEmpty();
        }

        @Test
        void pagesByEventIdBothWays() {
            String id = create("trace-pages", "name", "v0");
            for (int i = 1; i <= 11; i++) {
                api.put("/v1/groups/" + id, form("name", "v" + i));
            }
            List<String> all = ids(events(id, "?limit=100"));
            assertThat(all).hasSize(12).doesNotHaveDuplicates();

            JsonNode first = events(id, "?limit=5");
            JsonNode second = events(id, "?limit=5&starting_after=" + all.get(4));
            JsonNode third = events(id, "?limit=5&starting_after=" + all.get(9));
            assertThat(ids(first)).isEqualTo(all.subList(0, 5));
            assertThat(ids(second)).isEqualTo(all.subList(5, 10));
            assertThat(ids(third)).isEqualTo(all.subList(10, 12));
            assertThat(List.of(first, second, third)).extracting(page -> page.get("has_more").asBoolean())
                    .containsExactly(true, true, false);

            JsonNode back = events(id, "?limit=5&ending_before=" + all.get(10));
            assertThat(ids(back)).isEqualTo(all.subList(5, 10));
            assertThat(back.get("has_more").asBoolean()).isTrue();
            assertThat(ids(events(id, "?limit=5&ending_before=" + all.get(5)))).isEqualTo(all.subList(0, 5));
            assertThat(events(id, "").get("data")).hasSize(10);
        }

        @Test
        void refusesBadPagingParameters() {
            String id = create("trace-bad-paging", "name", "Plaza");
            String path = "/v1/groups/" + id + "/events";

            assertError(api.get(path + "?starting_after=nope"), 400, "must be the id of an event in this group's history");
            assertError(api.get(path + "?starting_after=a&ending_before=b"), 400, "not both");
            assertError(api.get(path + "?limit=0"), 400, "'limit' must be a whole number from 1 to 100");
            assertError(api.get(path + "?since=1"), 400, "Unknown parameter 'since'");
        }

        @Test
        void anotherAccountsGroupHasNoHistory() {
            String id = create("trace-other", "name", "Plaza");
            Api other = server.newAccount();

            assertError(other.get("/v1/groups/" + id + "/events"), 404, "No such group: '" + id + "'");
            assertError(other.get("/v1/groups/" + id + "?version=0"), 404, "No such group: '" + id + "'");
            assertError(api.get("/v1/groups/AAAAAAAAAAAAAAAA/events"), 404, "No such group");
        }
    }

    @Nested
    @DisplayName("GET /v1/groups/:id?version= and ?as_of=")
    class TimeTravel {

        @Test
        void everyVersionOfAGroupIsTheGroupAsThatWriteLeftIt() {
            List<JsonNode> versions = new ArrayList<>();
            Response created = api.post("/v1/groups", form("name", "v0", "description", "first"));
            versions.add(created.json());
            String path = "/v1/groups/" + created.json().get("id").asText();
            versions.add(api.put(path, form("name", "v1")).json());
            versions.add(api.put(path, form("description", "")).json());
            versions.add(api.put(path, form("avatar_url", "https://a.example/v3.jpg")).json());
            versions.add(api.put(path, form("contacts[0][username]", "Hector", "contacts[1][username]", "Cliff")).json());
            versions.add(api.put(path, form("archived_at", created.json().get("created_at").asText())).json());
            versions.add(api.post(path + "/unarchive", "").json());

            for (int version = 0; version < versions.size(); version++) {
                assertThat(api.get(path + "?version=" + version).json()).as("version %d", version)
                        .isEqualTo(versions.get(version));
            }
            assertThat(api.get(path + "?as_of=" + Instant.now().getEpochSecond()).json())
                    .isEqualTo(versions.get(versions.size() - 1));
        }

        @Test
        void beforeCreationTheGroupDidNotExistYet() {
            JsonNode group = api.create("name", "Plaza");
            long createdAt = group.get("created_at").asLong();

            assertError(api.get("/v1/groups/" + group.get("id").asText() + "?as_of=" + (createdAt - 1)), 404,
                    "did not exist yet at " + (createdAt - 1) + "; it was created at " + createdAt);
        }

        @Test
        void refusesVersionsThatNeverWereAndAmbiguousRequests() {
            String path = "/v1/groups/" + api.create("name", "Plaza").get("id").asText();

            assertError(api.get(path + "?version=1"), 400, "'version' must be from 0 to 0");
            assertError(api.get(path + "?version=-1"), 400, "'version' must be a version");
            assertError(api.get(path + "?as_of=yesterday"), 400, "'as_of' must be a Unix timestamp");
            assertError(api.get(path + "?as_of=1&version=0"), 400, "not both");
        }
    }

    @Nested
    @DisplayName("after DELETE")
    class AfterDeletion {

        @Test
        void historyStillShowsWhoDidWhatAndWhenButTheContentReadsAsErased() {
            String id = create("trace-doomed", "name", "Doomed", "contacts[0][username]", "Hector");
            String path = "/v1/groups/" + id;
            api.put(path, form("name", "Still doomed"));
            String archivedAt = createdAt(path);
            api.put(path, form("archived_at", archivedAt));
            api.send("DELETE", path, null, null, "X-Request-Id", "trace-delete");

            List<JsonNode> entries = list(events(id, "").get("data"));

            assertThat(entries).extracting(e -> e.get("type").asText())
                    .containsExactly("group.created", "group.updated", "group.archived", "group.deleted");
            assertThat(entries.get(0).get("data").toString()).isEqualTo("{\"erased\":true}");
            assertThat(entries.get(1).get("data").toString()).isEqualTo("{\"erased\":true}");
            assertThat(entries.get(2).get("data").toString()).isEqualTo("{\"archived_at\":" + archivedAt + "}");
            assertThat(entries.get(0).get("request_id").asText()).isEqualTo("trace-doomed");
            assertThat(entries.get(3).get("request_id").asText()).isEqualTo("trace-delete");
            assertThat(entries).allSatisfy(entry -> assertThat(entry.get("actor").get("account").asText()).isEqualTo(api.account()));
            assertThat(events(id, "").toString()).doesNotContain("Doomed", "Hector");
        }

        @Test
        void timeTravelAnswersThatTheGroupWasDeleted() {
            String path = "/v1/groups/" + api.create("name", "Doomed").get("id").asText();
            api.delete(path);

            assertError(api.get(path + "?version=0"), 404, "was deleted at");
            assertError(api.get(path + "?as_of=" + Instant.now().getEpochSecond()), 404, "was deleted at");
            assertError(api.get(path), 404, "No such group");
        }
    }

    @Nested
    @DisplayName("Request-Id")
    class RequestIds {

        @Test
        void everyResponseCarriesOneAndAClientsOwnIsKept() {
            Response created = api.post("/v1/groups", form("name", "Plaza"));
            Response error = api.get("/v1/groups/AAAAAAAAAAAAAAAA");
            Response unauthenticated = api.withoutToken().get("/v1/groups");
            Response own = api.send("GET", "/v1/groups", null, null, "X-Request-Id", "client-trace-42");
            Response unacceptable = api.send("GET", "/v1/groups", null, null, "X-Request-Id", "bad id; drop table");

            assertThat(List.of(created, error, unauthenticated))
                    .allSatisfy(response -> assertThat(response.header("Request-Id")).matches("req_[A-Za-z0-9]{16}"));
            assertThat(created.header("Request-Id")).isNotEqualTo(error.header("Request-Id"));
            assertThat(own.header("Request-Id")).isEqualTo("client-trace-42");
            assertThat(unacceptable.header("Request-Id")).matches("req_[A-Za-z0-9]{16}");
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static List<String> ids(JsonNode page) {
        return list(page.get("data")).stream().map(entry -> entry.get("id").asText()).toList();
    }

    /** The group's created_at: a time it can have been archived at (not before it existed, not in the future). */
    private String createdAt(String path) {
        return api.get(path).json().get("created_at").asText();
    }
}
