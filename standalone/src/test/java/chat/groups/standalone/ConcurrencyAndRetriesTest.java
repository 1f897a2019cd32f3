package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import chat.groups.standalone.support.Together;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Correct under concurrency and retries: many writers on one group, retry storms, and the ETag exchange. */
class ConcurrencyAndRetriesTest {

    private final Api api = TestServer.shared().newAccount();

    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        return Together.run(tasks, Duration.ofSeconds(120));
    }

    @Test
    void thirtyTwoConcurrentWritersOnOneGroupAllLandInHistoryAndTheLastEventWins() throws Exception {
        String path = "/v1/groups/" + api.create("name", "Contested").get("id").asText();
        List<Callable<Response>> writers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String writer = "writer-" + i;
            writers.add(() -> api.send("PUT", path, Api.FORM, form("name", writer), "X-Request-Id", writer));
        }

        List<Response> answers = together(writers);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        JsonNode history = api.get(path + "/events?limit=100").json().get("data");
        Set<String> requestIds = new HashSet<>();
        history.forEach(entry -> requestIds.add(entry.get("request_id").asText()));
        for (int i = 0; i < 32; i++) {
            assertThat(requestIds).contains("writer-" + i);
        }
        assertThat(history).hasSize(33);
        JsonNode last = history.get(history.size() - 1);
        assertThat(api.get(path).json().get("name").asText()).isEqualTo(last.get("data").get("name").asText());
        assertThat(api.get(path).header("ETag")).isEqualTo("\"32\"");
    }

    @Nested
    class IdempotencyKeys {

        @Test
        void aRetryStormOfOneCreateMakesExactlyOneGroupAndEveryoneGetsTheSameAnswer() throws Exception {
            List<Callable<Response>> retries = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                retries.add(() -> api.send("POST", "/v1/groups", Api.FORM, form("name", "Storm"), "Idempotency-Key", "storm-1"));
            }

            List<Response> answers = together(retries);

            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(201));
            assertThat(answers).extracting(Response::body).containsOnly(answers.get(0).body());
            assertThat(api.get("/v1/groups?limit=100").json().get("data").findValuesAsText("name"))
                    .containsOnlyOnce("Storm");
        }

        @Test
        void theSameKeyWithOtherParametersIsRefusedAndCreatesNothing() {
            Response first = api.send("POST", "/v1/groups", Api.FORM, form("name", "Original"), "Idempotency-Key", "k-2");
            int before = api.get("/v1/groups?limit=100").json().get("data").size();

            Response misuse = api.send("POST", "/v1/groups", Api.FORM, form("name", "Different"), "Idempotency-Key", "k-2");

            assertThat(first.status()).isEqualTo(201);
            assertError(misuse, 422, "was already used with a different request (POST /v1/groups)");
            assertThat(api.get("/v1/groups?limit=100").json().get("data").size()).isEqualTo(before);
        }

        @Test
        void aKeyServesOneRequestOfTheAccountWhateverTheEndpointOrGroup() {
            String[] ids = new String[4];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = api.create("name", "Group " + i).get("id").asText();
            }
            Response created = api.send("POST", "/v1/groups", Api.FORM, form("name", "k-create"), "Idempotency-Key", "k-any");
            assertThat(created.status()).isEqualTo(201);

            String used = "was already used with a different request (POST /v1/groups)";
            assertError(api.send("PUT", "/v1/groups/" + ids[1], Api.FORM, form("name", "k-put"), "Idempotency-Key", "k-any"),
                    422, used);
            assertError(api.send("POST", "/v1/groups/" + ids[2] + "/archive", null, null, "Idempotency-Key", "k-any"),
                    422, used);
            assertError(api.send("DELETE", "/v1/groups/" + ids[3], null, null, "Idempotency-Key", "k-any"), 422, used);
            assertError(api.send("POST", "/v1/groups", Api.FORM, form("name", "k-other"), "Idempotency-Key", "k-any"),
                    422, used);

            assertThat(api.get("/v1/groups/" + ids[1]).json().get("name").asText()).isEqualTo("Group 1");
            assertThat(api.get("/v1/groups/" + ids[2]).json().get("archived_at").isNull()).isTrue();
            assertThat(api.get("/v1/groups/" + ids[3]).status()).isEqualTo(200);
            assertThat(api.send("POST", "/v1/groups", Api.FORM, form("name", "k-create"), "Idempotency-Key", "k-any")
                    .body()).as("the key's own request still replays").isEqualTo(created.body());
        }

        @Test
        void twoDifferentRequestsRacingWithOneKeyNeverBothApply() throws Exception {
            for (int round = 0; round < 6; round++) {
                String one = api.create("name", "Race A" + round).get("id").asText();
                String two = api.create("name", "Race B" + round).get("id").asText();
                String key = "k-race-" + round;
                List<Response> answers = together(List.of(
                        () -> api.send("PUT", "/v1/groups/" + one, Api.FORM, form("name", "won"), "Idempotency-Key", key),
                        () -> api.send("PUT", "/v1/groups/" + two, Api.FORM, form("name", "won"), "Idempotency-Key", key)));

                assertThat(answers).extracting(Response::status).as("round %d: %s", round, answers)
                        .containsExactlyInAnyOrder(200, 422);
                long renamed = List.of(one, two).stream()
                        .filter(id -> api.get("/v1/groups/" + id).json().get("name").asText().equals("won")).count();
                assertThat(renamed).as("round %d: groups the key changed", round).isEqualTo(1);
            }
        }

        @Test
        void oneRequestRacingWithItselfUnderOneKeyAppliesOnceAndEveryoneGetsItsAnswer() throws Exception {
            String path = "/v1/groups/" + api.create("name", "Twin").get("id").asText();
            List<Callable<Response>> twins = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                twins.add(() -> api.send("PUT", path, Api.FORM, form("name", "Twin renamed"), "Idempotency-Key", "k-twins"));
            }
            List<Response> answers = together(twins);

            assertThat(answers).extracting(Response::status).containsOnly(200);
            assertThat(answers).extracting(Response::body).containsOnly(answers.get(0).body());
            assertThat(api.get(path + "/events").json().get("data")).as("created, renamed once").hasSize(2);
        }

        @Test
        void keysBelongToOneAccount() {
            Api other = TestServer.shared().newAccount();

            String mine = api.send("POST", "/v1/groups", Api.FORM, form("name", "Shared key"), "Idempotency-Key", "k-3")
                    .json().get("id").asText();
            String theirs = other.send("POST", "/v1/groups", Api.FORM, form("name", "Shared key"), "Idempotency-Key", "k-3")
                    .json().get("id").asText();

            assertThat(theirs).isNotEqualTo(mine);
            assertThat(other.get("/v1/groups/" + theirs).status()).isEqualTo(200);
        }

        @Test
        void aRetriedUpdateAnswersWhatTheFirstTryAnsweredEvenAfterLaterChanges() {
            String path = "/v1/groups/" + api.create("name", "Before").get("id").asText();
            Response first = api.send("PUT", path, Api.FORM, form("name", "First try"), "Idempotency-Key", "k-4");
            api.put(path, form("name", "Someone else's change"));

            Response retry = api.send("PUT", path, Api.FORM, form("name", "First try"), "Idempotency-Key", "k-4");

            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.header("ETag")).isEqualTo("\"1\"");
            assertThat(api.get(path).json().get("name").asText()).isEqualTo("Someone else's change");
            assertThat(api.get(path + "/events").json().get("data")).hasSize(3);
            assertError(api.send("PUT", path, Api.FORM, form("name", "Other"), "Idempotency-Key", "k-4"), 422,
                    "was already used with a different request");
        }

        @Test
        void aRetriedDeleteAnswersLikeTheFirst() {
            String path = "/v1/groups/" + api.create("name", "Doomed").get("id").asText();

            Response first = api.send("DELETE", path, null, null, "Idempotency-Key", "k-5");
            Response retry = api.send("DELETE", path, null, null, "Idempotency-Key", "k-5");

            assertThat(first.status()).isEqualTo(200);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body()).isEqualTo(first.body());
            assertError(api.delete(path), 404, "No such group");
            assertError(api.send("DELETE", path, null, null, "Idempotency-Key", "k-6"), 404, "No such group");
        }

        @Test
        void aMalformedKeyIsRefused() {
            assertError(api.send("POST", "/v1/groups", Api.FORM, form("name", "x"), "Idempotency-Key", "x".repeat(256)),
                    400, "Idempotency-Key header must be 1 to 255 printable ASCII characters");
        }
    }

    @Nested
    class ETags {

        @Test
        void theETagDance() {
            Response created = api.post("/v1/groups", form("name", "Plaza"));
            String path = "/v1/groups/" + created.json().get("id").asText();
            assertThat(created.header("ETag")).isEqualTo("\"0\"");
            assertThat(api.get(path).header("ETag")).isEqualTo("\"0\"");

            Response updated = api.send("PUT", path, Api.FORM, form("name", "The Plaza"), "If-Match", "\"0\"");
            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.header("ETag")).isEqualTo("\"1\"");

            Response stale = api.send("PUT", path, Api.FORM, form("name", "Lost update"), "If-Match", "\"0\"");
            assertError(stale, 412, "is at version 1, not 0");
            assertError(api.send("DELETE", path, null, null, "If-Match", "\"0\""), 412, "is at version 1");
            assertError(api.send("POST", path + "/archive", null, null, "If-Match", "\"7\""), 412, "is at version 1, not 7");
            assertThat(api.get(path).json().get("name").asText()).isEqualTo("The Plaza");

            Response notModified = api.send("GET", path, null, null, "If-None-Match", "\"1\"");
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(api.send("GET", path, null, null, "If-None-Match", "\"0\"").status()).isEqualTo(200);

            assertError(api.send("PUT", path, Api.FORM, form("name", "x"), "If-Match", "v1"), 400, "If-Match must be one ETag");
            assertThat(api.send("PUT", path, Api.FORM, form("name", "Any version"), "If-Match", "*").status()).isEqualTo(200);
            assertThat(api.send("DELETE", path, null, null, "If-Match", "\"2\"").status()).isEqualTo(200);
        }
    }
}
