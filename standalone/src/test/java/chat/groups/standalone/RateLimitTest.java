package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rate limit per API key, on a server of its own with a low limit: 1 request per second
 * sustained, bursts of 5. Each test takes accounts of its own, so no test spends another's
 * requests.
 */
class RateLimitTest {

    private static final int PER_SECOND = 1;
    private static final int BURST = 5;

    private static TestServer server;

    @BeforeAll
    static void aServerWithALowLimit() {
        server = TestServer.start(TestServer.tempDir("groups-rate-limit"),
                "--groups.rate-limit.requests-per-second=" + PER_SECOND, "--groups.rate-limit.burst=" + BURST);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static long header(Response response, String name) {
        String value = response.header(name);
        assertThat(value).as("%s of %s", name, response).isNotNull().matches("\\d+");
        return Long.parseLong(value);
    }

    /** Sends GETs until one is refused, and returns that answer. */
    private static Response exhaust(Api api) {
        for (int i = 0; i < BURST + 3; i++) {
            Response response = api.get("/v1/groups");
            if (response.status() == 429) {
                return response;
            }
            assertThat(response.status()).as("%s", response).isEqualTo(200);
        }
        throw new AssertionError("no 429 after " + (BURST + 3) + " requests in a burst of " + BURST);
    }

    /** Waits until the bucket is full again, as X-RateLimit-Reset says (plus a margin). */
    private static void awaitReset(Response response) throws InterruptedException {
        long resetMillis = header(response, "X-RateLimit-Reset") * 1000;
        Thread.sleep(Math.max(0, resetMillis - System.currentTimeMillis()) + 200);
    }

    @Test
    void everyAnswerSaysTheLimitWhatRemainsAndWhenTheBucketIsFullAgain() {
        Api api = server.client("acct01");
        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            long before = Instant.now().getEpochSecond();
            Response response = api.get("/v1/groups" + query("limit", "1"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(BURST);
            remaining.add(header(response, "X-RateLimit-Remaining"));
            assertThat(header(response, "X-RateLimit-Reset")).as("Unix seconds, at most a refill of the burst away")
                    .isBetween(before, Instant.now().getEpochSecond() + BURST / PER_SECOND + 1);
        }
        assertThat(remaining).containsExactly(4L, 3L, 2L, 1L, 0L);
    }

    @Test
    void errorsOfTheApplicationCarryTheHeadersToo() {
        Api api = server.client("acct02");
        for (Response response : List.of(api.get("/v1/groups/AAAAAAAAAAAAAAAA"), api.get("/v1/nope"),
                api.get("/v1/groups" + query("limit", "0")), api.send("PATCH", "/v1/groups", null, null))) {
            assertThat(response.status()).as("%s", response).isBetween(400, 499);
            assertThat(response.header("X-RateLimit-Limit")).as("%s", response).isEqualTo(String.valueOf(BURST));
            assertThat(response.header("X-RateLimit-Remaining")).as("%s", response).isNotNull();
        }
    }

    @Test
    void pastTheBurstA429SaysWhenToRetryInTheErrorShape() {
        Response refused = exhaust(server.client("acct03"));

        JsonNode error = assertError(refused, 429, "rate_limited", "Too many requests");
        assertThat(error.get("message").asText()).contains(PER_SECOND + " requests per second", "bursts of up to " + BURST,
                "Retry after 1 second");
        assertThat(header(refused, "Retry-After")).as("one token comes back within 1 s at 1/s").isEqualTo(1);
        assertThat(header(refused, "X-RateLimit-Limit")).isEqualTo(BURST);
        assertThat(header(refused, "X-RateLimit-Remaining")).isZero();
        assertThat(header(refused, "X-RateLimit-Reset")).isGreaterThanOrEqualTo(Instant.now().getEpochSecond());
    }

    @Test
    void theLimitIsPerKeyAnotherAccountIsNotAffected() {
        exhaust(server.client("acct04"));

        Response other = server.client("acct05").get("/v1/groups");

        assertThat(other.status()).isEqualTo(200);
        assertThat(header(other, "X-RateLimit-Remaining")).isEqualTo(BURST - 1);
        assertThat(server.client("acct04").get("/v1/groups").status()).as("the first is still limited").isEqualTo(429);
    }

    @Test
    void afterWaitingRetryAfterTheNextRequestPasses() throws InterruptedException {
        Api api = server.client("acct06");
        Response refused = exhaust(api);

        Thread.sleep(header(refused, "Retry-After") * 1000 + 100);
        Response retried = api.get("/v1/groups");
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);

        awaitReset(retried);
        Response rested = api.get("/v1/groups");
        assertThat(rested.status()).isEqualTo(200);
        assertThat(header(rested, "X-RateLimit-Remaining")).as("a full burst again").isEqualTo(BURST - 1);
    }

    @Test
    void healthIsNotLimitedAndCarriesNoHeaders() {
        Api api = server.client("acct07");
        exhaust(api);
        for (Api caller : List.of(api, api.withoutToken())) {
            for (int i = 0; i < BURST * 3; i++) {
                Response health = caller.get("/actuator/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.header("X-RateLimit-Limit")).isNull();
            }
        }
    }

    @Test
    void unauthenticatedRequestsAreRefusedBeforeTheLimitAndCostTheKeyNothing() {
        Api api = server.client("acct08");
        for (int i = 0; i < BURST * 2; i++) {
            Response refused = api.withToken("wrong-token-0123456789abcdef").get("/v1/groups");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("X-RateLimit-Limit")).isNull();
        }
        assertThat(header(api.get("/v1/groups"), "X-RateLimit-Remaining")).isEqualTo(BURST - 1);
    }

    @Test
    void aRefusedWriteChangesNothing() throws InterruptedException {
        Api api = server.client("acct09");
        String id = api.create("name", "Plaza Hotel", "description", "World-renowned.").get("id").asText();
        String path = "/v1/groups/" + id;
        JsonNode before = api.get(path).json();
        Response refused = exhaust(api);

        List<Response> writes = List.of(
                api.post("/v1/groups", form("name", "Rate-limited")),
                api.put(path, form("name", "Renamed", "description", "")),
                api.send("POST", path + "/archive", null, null),
                api.delete(path));

        for (Response write : writes) {
            assertError(write, 429, "Too many requests");
        }
        awaitReset(refused);
        assertThat(api.get(path).json()).as("the group is as it was").isEqualTo(before);
        JsonNode list = api.get("/v1/groups" + query("limit", "100")).json();
        assertThat(list.get("data")).hasSize(1);
        assertThat(list.get("data").get(0).get("id").asText()).isEqualTo(id);
    }
    /**
     * Answers that a filter gives before Spring MVC routes the request (401, 403, 429) are tagged
     * in {@code http_server_requests} with their route template, like every other answer, not
     * {@code uri="UNKNOWN"}: an operator's dashboard must show which endpoint is refused.
     */
    @Test
    void refusedAnswersAreTaggedWithTheirRouteInMetrics() throws InterruptedException {
        Api api = server.client("acct10");
        assertThat(api.withoutToken().get("/v1/groups/AAAAAAAAAAAAAAAA/events").status()).isEqualTo(401);
        assertThat(api.get("/admin/projections/groups").status()).isEqualTo(403);
        assertThat(api.get("/actuator/metrics").status()).isEqualTo(403);
        Response refused = null;
        for (int i = 0; i < BURST + 3 && refused == null; i++) {
            Response response = api.get("/v1/groups/AAAAAAAAAAAAAAAA");
            refused = response.status() == 429 ? response : null;
        }
        assertThat(refused).as("a 429 within %d requests", BURST + 3).isNotNull();

        Set<String> expected = Set.of("GET 401 /v1/groups/{id}/events", "GET 403 /admin/projections/groups",
                "GET 403 /actuator/metrics", "GET 429 /v1/groups/{id}");
        Set<String> refusals = refusalsInMetrics();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                !refusals.containsAll(expected) && System.nanoTime() < deadline; refusals = refusalsInMetrics()) {
            Thread.sleep(100); // a metric is recorded as the answer completes, maybe just after the client read it
        }
        assertThat(refusals).containsAll(expected).noneMatch(refusal -> refusal.endsWith(" UNKNOWN"));
    }

    /** "method status uri" of every 401, 403 and 429 that http.server.requests counted. */
    private static Set<String> refusalsInMetrics() {
        Set<String> refusals = new TreeSet<>();
        for (Meter meter : server.context().getBean(MeterRegistry.class).find("http.server.requests").meters()) {
            String status = meter.getId().getTag("status");
            if (Set.of("401", "403", "429").contains(status)) {
                refusals.add(meter.getId().getTag("method") + " " + status + " " + meter.getId().getTag("uri"));
            }
        }
        return refusals;
    }
}
