package chat.groups.standalone.rebuild;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.groups.query.history.KeyShredder;
import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Blue/green rebuilds through the admin API: the live projection keeps serving complete data
 * and taking writes while a rebuild runs; the switch loses nothing; the result equals what
 * was live. The server rebuilds one event per batch so that a rebuild of a few hundred
 * events lasts seconds and overlaps the traffic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionRebuildTest {

    private static final String PROJECTION = "/admin/projections/groups";
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(90);

    static TestServer server;
    static Api admin;
    static Api alice;
    static MongoClient mongo;
    static MongoDatabase database;

    /** What the API acknowledged: group id to its last acknowledged (name, version). */
    static final Map<String, Acked> acked = new ConcurrentHashMap<>();

    record Acked(String name, long version) {
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.tempDir("groups-rebuild"),
                "--groups.projection.rebuild.batch-size=1",
                "--groups.projection.rebuild.drop-after=2s",
                "--groups.projection.rebuild.log-every=1s");
        admin = server.admin();
        alice = server.client("alice");
        mongo = MongoClients.create(server.context().getEnvironment().getRequiredProperty("groups.mongodb.uri"));
        database = mongo.getDatabase("groups");
        parallel(8, 240, i -> {
            JsonNode group = record(alice.post("/v1/groups", form("name", "Seed " + i)));
            if (i % 2 == 0) {
                record(alice.put("/v1/groups/" + group.get("id").asText(), form("name", "Seed " + i + " renamed")));
            }
        });
    }

    @AfterAll
    static void stop() {
        mongo.close();
        server.close();
    }

    @Test
    @Order(1)
    void duringARebuildEveryReadIsCompleteAndCorrectAndNoWriteIsLostOrAppliedTwice() throws Exception {
        JsonNode started = admin.post(PROJECTION + "/rebuild", "").json();
        assertThat(started.at("/rebuild/version").asInt()).isEqualTo(2);
        assertThat(started.at("/rebuild/state").asText()).isEqualTo("replaying");
        assertThat(started.at("/live/version").asInt()).isEqualTo(1);

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicInteger readsDuringRebuild = new AtomicInteger();
        AtomicInteger writesDuringRebuild = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService traffic = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            running.add(traffic.submit(() -> {
                for (int n = 0; rebuilding.get(); n++) {
                    JsonNode created = record(alice.post("/v1/groups", form("name", "W" + writer + "-" + n)));
                    String id = created.get("id").asText();
                    record(alice.put("/v1/groups/" + id, form("name", "W" + writer + "-" + n + " renamed")));
                    checkReadsOwnWrite(id, failures);
                    writesDuringRebuild.incrementAndGet();
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            running.add(traffic.submit(() -> {
                while (rebuilding.get()) {
                    checkCompleteList(failures);
                    readsDuringRebuild.incrementAndGet();
                }
            }));
        }

        JsonNode done = awaitRebuildDone(2);
        rebuilding.set(false);
        for (Future<?> task : running) {
            task.get();
        }
        traffic.shutdown();

        assertThat(failures).as("reads during the rebuild").isEmpty();
        assertThat(readsDuringRebuild).as("complete list reads that overlapped the rebuild").hasValueGreaterThan(3);
        assertThat(writesDuringRebuild).as("writes that overlapped the rebuild").hasValueGreaterThan(3);
        assertThat(done.at("/live/collection").asText()).isEqualTo("groups_v2");
        assertThat(done.at("/last_rebuild/outcome").asText()).isEqualTo("completed");
        assertEveryAcknowledgedWriteIsThereExactlyOnce();
    }

    @Test
    @Order(2)
    void theRebuiltProjectionEqualsTheLiveOneDocumentForDocument() {
        String liveCollection = admin.get(PROJECTION).json().at("/live/collection").asText();
        List<Document> before = documents(liveCollection);

        admin.post(PROJECTION + "/rebuild", "");
        JsonNode done = awaitRebuildDone(3);

        String rebuiltCollection = done.at("/live/collection").asText();
        assertThat(rebuiltCollection).isEqualTo("groups_v3");
        assertThat(before).hasSizeGreaterThan(240);
        assertThat(documents(rebuiltCollection)).containsExactlyElementsOf(before);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(database.listCollectionNames())
                .as("the replaced version is dropped after drop-after").doesNotContain(liveCollection));
    }

    @Test
    @Order(3)
    void aSecondRebuildRequestGets409WithTheRunningOnesStatusAndChangesNothing() {
        Response first = admin.post(PROJECTION + "/rebuild", "");
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Location")).isEqualTo(PROJECTION);

        Response second = admin.post(PROJECTION + "/rebuild", "");

        assertError(second, 409, "rebuild_in_progress", "already running");
        assertThat(second.json().get("message").asText()).contains("version 4").contains("GET " + PROJECTION);
        assertThat(admin.get(PROJECTION).json().at("/rebuild/version").asInt()).isEqualTo(4);
        assertThat(awaitRebuildDone(4).at("/live/version").asInt()).isEqualTo(4);
    }

    @Test
    @Order(4)
    void sideEffectHandlersDoNotReplayDuringARebuild() {
        TrackingEventProcessor shredder = processing().eventProcessor(KeyShredder.PROCESSING_GROUP,
                TrackingEventProcessor.class).orElseThrow();
        long before = position(shredder);

        admin.post(PROJECTION + "/rebuild", "");
        List<Long> positionsDuringRebuild = new ArrayList<>();
        while (admin.get(PROJECTION).json().get("rebuild").isObject()) {
            assertThat(shredder.processingStatus().values()).noneMatch(EventTrackerStatus::isReplaying);
            positionsDuringRebuild.add(position(shredder));
        }

        assertThat(positionsDuringRebuild).isNotEmpty().allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(before));
        assertThat(processing().eventProcessors().keySet())
                .as("the rebuild's processor is gone once it is live").noneMatch(name -> name.endsWith("-v5"));
    }

    @Test
    @Order(5)
    void aRebuildCanBeCancelledAndTheLiveVersionStays() {
        admin.post(PROJECTION + "/rebuild", "");
        JsonNode cancelled = admin.delete(PROJECTION + "/rebuild").json();

        assertThat(cancelled.get("rebuild").isNull()).isTrue();
        assertThat(cancelled.at("/last_rebuild/outcome").asText()).isEqualTo("cancelled");
        assertThat(cancelled.at("/live/version").asInt()).isEqualTo(5);
        assertThat(database.listCollectionNames()).doesNotContain("groups_v6");
        assertError(admin.delete(PROJECTION + "/rebuild"), 404, "rebuild_not_running", "No rebuild is running");
        assertEveryAcknowledgedWriteIsThereExactlyOnce();
    }

    // ---------------------------------------------------------------- helpers

    static JsonNode record(Response response) {
        assertThat(response.status()).as("%s", response).isIn(200, 201);
        JsonNode group = response.json();
        long version = Long.parseLong(response.header("ETag").replace("\"", ""));
        acked.merge(group.get("id").asText(), new Acked(group.get("name").asText(), version),
                (old, now) -> now.version() > old.version() ? now : old);
        return group;
    }

    /** A write is visible, at its version or later, as soon as it is acknowledged. */
    static void checkReadsOwnWrite(String id, List<String> failures) {
        Response read = alice.get("/v1/groups/" + id);
        long version = read.status() == 200 ? Long.parseLong(read.header("ETag").replace("\"", "")) : -1;
        if (version < acked.get(id).version()) {
            failures.add("read of " + id + " right after its write: " + read + ", acknowledged " + acked.get(id));
        }
    }

    /** Every group acknowledged before the read began is listed, once, at least as new as acknowledged. */
    static void checkCompleteList(List<String> failures) {
        Map<String, Acked> expected = Map.copyOf(acked);
        Map<String, String> listed = listAll();
        for (Map.Entry<String, Acked> group : expected.entrySet()) {
            String name = listed.get(group.getKey());
            if (name == null) {
                failures.add("list is missing acknowledged group " + group.getKey() + " " + group.getValue());
            }
        }
    }

    static Map<String, String> listAll() {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        String after = null;
        while (true) {
            Response page = alice.get("/v1/groups?limit=100" + (after == null ? "" : "&starting_after=" + after));
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            for (JsonNode group : page.json().get("data")) {
                String previous = names.put(group.get("id").asText(), group.get("name").asText());
                assertThat(previous).as("group listed twice: " + group).isNull();
                after = group.get("id").asText();
            }
            if (!page.json().get("has_more").asBoolean()) {
                return names;
            }
        }
    }

    static void assertEveryAcknowledgedWriteIsThereExactlyOnce() {
        Map<String, String> listed = listAll();
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(Set.copyOf(acked.keySet()));
        acked.forEach((id, expected) -> {
            Response read = alice.get("/v1/groups/" + id);
            assertThat(read.json().get("name").asText()).as(id).isEqualTo(expected.name());
            assertThat(read.header("ETag")).as("version of %s: one event per acknowledged change", id)
                    .isEqualTo("\"" + expected.version() + "\"");
        });
    }

    static JsonNode awaitRebuildDone(int version) {
        await().atMost(REBUILD_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode status = admin.get(PROJECTION).json();
            return status.get("rebuild").isNull() && status.at("/live/version").asInt() == version;
        });
        return admin.get(PROJECTION).json();
    }

    static List<Document> documents(String collection) {
        return database.getCollection(collection).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    static EventProcessingConfiguration processing() {
        return server.context().getBean(org.axonframework.config.Configuration.class).eventProcessingConfiguration();
    }

    static long position(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1)).min().orElse(-1);
    }

    static void parallel(int threads, int count, java.util.function.IntConsumer task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<?> done : IntStream.range(0, count).mapToObj(i -> pool.submit(() -> task.accept(i))).toList()) {
                done.get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdown();
        }
    }
}
