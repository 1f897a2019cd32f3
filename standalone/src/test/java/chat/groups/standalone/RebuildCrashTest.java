package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.ServerProcess;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A kill -9 during a rebuild of the groups projection, followed by a restart, ends with a
 * correct projection; the live projection is never harmed.
 * <ol>
 *   <li>Server A (rebuild batches of one event, so a replay of ~1,500 events takes seconds)
 *       gets a known state through the API, starts a rebuild, takes more writes and serves
 *       complete reads from the live version while the rebuild runs, and is SIGKILLed with the
 *       rebuild part-way.</li>
 *   <li>Server B, on the same data directory, resumes the rebuild from its tokens (it does not
 *       replay from the start) while live writes go on, and switches to version 2; every group
 *       reads exactly as the API last answered it, and writes after the switch are read back at
 *       once. B is SIGKILLed right after that, well within {@code drop-after}, so version 1's
 *       collection is still there.</li>
 *   <li>Server C, on the same data directory, still serves version 2 with every group and
 *       every write acknowledged by B, and drops version 1's collection and version 2's rebuild
 *       tokens once {@code drop-after} has passed.</li>
 * </ol>
 */
class RebuildCrashTest {

    private static final String STATUS = "/admin/projections/groups";
    private static final String ACCOUNT = "alice";
    private static final int GROUPS = 90;
    /**
     * PUTs per group. The kill waits, after reading the rebuild's position, for the next checkpoint
     * (one a second) and its write; the rebuild must outlast that. With 3 (about 1,500 events) a
     * fast machine replayed the rest in 1.5 s and finished first (CI run 48); with 9 (about 4,200
     * events, 8 s of replay there) half the stream is still ahead at the kill, which is asserted.
     * Odd, so that half the groups end archived.
     */
    private static final int UPDATES = 9;
    private static final int WRITERS = 12;
    /** Events per batch of the first rebuild: one, so the replay is slow enough to be killed part-way. */
    private static final int REBUILD_BATCH = 1;
    /** Events per batch of the resumed rebuild: it need not be slow; its batches fold several events of a group. */
    private static final int RESUMED_BATCH = 20;
    private static final int WRITES_DURING_REBUILD = 20;
    private static final Duration REBUILD_DEADLINE = Duration.ofSeconds(60);

    private final Path dataDir = TestServer.tempDir("groups-rebuild-crash");
    /** Every group the API answered for, as it last answered; deleted groups are in {@link #deleted}. */
    private final Map<String, JsonNode> expected = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    private ServerProcess server;
    private final long startNanos = System.nanoTime();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aKillDuringARebuildThenARestartEndsWithACorrectProjectionAndTheLiveOneIsNeverHarmed() throws Exception {
        // ---- A: seed, rebuild, kill -9 part-way
        server = start(REBUILD_BATCH, "10m");
        Api api = server.client(ACCOUNT);
        Api admin = admin(server);
        phase("A started");
        seed(api);
        phase("seeded " + GROUPS + " groups");
        JsonNode before = admin.get(STATUS).json();
        assertThat(before.get("live").get("version").asInt()).as("live version before any rebuild: %s", before).isEqualTo(1);
        assertThat(before.get("rebuild").isNull()).as("no rebuild yet: %s", before).isTrue();

        Response started = admin.post(STATUS + "/rebuild", "");
        assertThat(started.status()).as("POST rebuild: %s", started).isEqualTo(202);
        assertThat(started.json().get("rebuild").get("version").asInt()).as("%s", started).isEqualTo(2);
        assertThat(admin.post(STATUS + "/rebuild", "").status()).as("a second rebuild while one runs").isEqualTo(409);

        JsonNode underway = awaitStatus(admin, "the rebuild to write its first batch", status -> {
            JsonNode rebuild = rebuildRunning(status, "the rebuild finished before it could be killed");
            return rebuild.get("position").isNumber() && rebuild.get("position").asLong() > 0;
        });

        // The live version takes writes and serves every group while the rebuild replays.
        phase("the rebuild is under way: " + underway.get("rebuild"));
        writeDuringTheRebuild(api);
        assertListMatchesExpected(api, "A, live version 1 during the rebuild");
        assertEveryGroupMatchesExpected(api, "A, live version 1 during the rebuild");

        JsonNode lastSeen = admin.get(STATUS).json();
        JsonNode rebuild = rebuildRunning(lastSeen, "the rebuild finished before it could be killed");
        long head = lastSeen.get("head").asLong();
        long positionAtKill = rebuild.get("position").asLong();
        assertThat(positionAtKill).as("the rebuild's position when A is killed; head %d, status %s (if it is too far"
                + " along, raise UPDATES: more events per group slow the replay, not the checks)", head, lastSeen).isLessThan(head / 2);
        assertThat(lastSeen.get("live").get("version").asInt()).as("%s", lastSeen).isEqualTo(1);
        awaitCheckpointAfterThisRead(admin);
        rebuildRunning(admin.get(STATUS).json(), "the rebuild finished while its position was being checkpointed");
        server.kill();
        phase("killed A with the rebuild at position " + positionAtKill + " of " + head + " (first seen at "
                + underway.get("rebuild").get("position") + ")");

        // ---- B: the rebuild resumes and switches; everything reads as expected; kill -9 right after the switch
        server = start(RESUMED_BATCH, "10m");
        api = server.client(ACCOUNT);
        admin = admin(server);
        phase("B started");
        JsonNode resumed = awaitLiveCaughtUp(admin);
        if (!resumed.get("rebuild").isNull()) {
            assertThat(resumed.get("rebuild").get("version").asInt()).as("the resumed rebuild: %s", resumed).isEqualTo(2);
            assertThat(resumed.get("rebuild").get("state").asText()).as("the resumed rebuild runs here: %s", resumed)
                    .isIn("replaying", "switching");
            assertThat(resumed.get("live").get("version").asInt()).as("%s", resumed).isEqualTo(1);
        } else {
            assertCompleted(resumed);
        }
        assertListMatchesExpected(api, "B, right after the restart");

        // Live writes go on while the rebuild resumes, catches up and switches (and a little after).
        LiveWriters writers = new LiveWriters(api);
        JsonNode switched = awaitStatus(admin, "the resumed rebuild to complete", status -> status.get("rebuild").isNull());
        writers.finishAfterTheSwitch();
        assertCompleted(switched);
        phase("B switched: " + switched.get("last_rebuild"));
        long eventsReplayedByB = switched.get("last_rebuild").get("events_processed").asLong();
        long headAtSwitch = switched.get("head").asLong();
        assertThat(eventsReplayedByB)
                .as("events B's rebuild wrote: it must resume from A's tokens (position %d), not replay all %d events; %s",
                        positionAtKill, headAtSwitch, switched)
                .isLessThanOrEqualTo(headAtSwitch - positionAtKill + 10);

        assertEveryGroupMatchesExpected(api, "B, version 2 after the switch");
        assertListMatchesExpected(api, "B, version 2 after the switch");
        readYourWritesAfterTheSwitch(api, "B");
        try (MongoClient mongo = MongoClients.create(mongoUri())) {
            assertThat(collections(mongo)).as("B keeps version 1 until drop-after").contains("groups", "groups_v2");
        }
        server.kill();
        phase("killed B after its checks");

        // ---- C: still version 2, every acknowledged write there; version 1 dropped after drop-after
        server = start(RESUMED_BATCH, "3s");
        api = server.client(ACCOUNT);
        admin = admin(server);
        phase("C started");
        JsonNode afterRestart = awaitLiveCaughtUp(admin);
        assertCompleted(afterRestart);
        assertThat(afterRestart.get("last_rebuild")).as("the last rebuild, after a restart")
                .isEqualTo(switched.get("last_rebuild"));
        assertEveryGroupMatchesExpected(api, "C, version 2 after kill -9 and restart");
        assertListMatchesExpected(api, "C, version 2 after kill -9 and restart");
        readYourWritesAfterTheSwitch(api, "C");
        try (MongoClient mongo = MongoClients.create(mongoUri())) {
            awaitTrue("version 1's collection to be dropped after drop-after",
                    () -> !collections(mongo).contains("groups"), () -> "collections " + collections(mongo));
            assertThat(collections(mongo)).as("the live version's collection stays").contains("groups_v2");
            awaitTrue("version 2's rebuild tokens to be deleted",
                    () -> rebuildTokens(mongo) == 0, () -> rebuildTokens(mongo) + " token entries left");
        }
        assertEveryGroupMatchesExpected(api, "C, after version 1 was dropped");
        phase("done");
    }

    // ------------------------------------------------------------------ the data

    /**
     * The position just read is what the rebuild has written; the disk has it once a checkpoint
     * captured after the read has been written. A checkpoint captures its version while no batch
     * runs and counts itself ({@code groups.projection.checkpoint}) before any batch resumes; H2
     * writes the version to the projection store's file afterwards, the only time that file is
     * written. So: a checkpoint counted after the read, then a write of the file after that count
     * was seen. (A write that merely ends after the read may hold a version captured before it.)
     */
    private void awaitCheckpointAfterThisRead(Api admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double counted = checkpoints(admin);
        while (checkpoints(admin) <= counted) {
            assertThat(System.nanoTime()).as("a checkpoint within 30 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        Instant captured = Instant.now();
        Path file = dataDir.resolve("projection.mv.db");
        while (!Files.getLastModifiedTime(file).toInstant().isAfter(captured)) {
            assertThat(System.nanoTime()).as("a write of %s within 30 s", file).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static double checkpoints(Api admin) throws Exception {
        for (JsonNode measurement : admin.get("/actuator/metrics/" + ProjectionCheckpoints.Checkpoints.TIMER).json()
                .get("measurements")) {
            if (measurement.get("statistic").asText().equals("COUNT")) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + ProjectionCheckpoints.Checkpoints.TIMER);
    }

    /**
     * {@value #GROUPS} groups of one account, by {@value #WRITERS} concurrent writers. Each is
     * created, then changed {@value #UPDATES} times by a PUT of every field (five events each:
     * rename, description, avatar, contacts, archive or unarchive), so the stream is long
     * enough for a rebuild to take seconds; some are archived or unarchived by the endpoints
     * too, a tenth deleted.
     */
    private void seed(Api api) throws Exception {
        List<Callable<Void>> writers = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            int n = i;
            writers.add(() -> {
                writeGroup(api, n);
                return null;
            });
        }
        for (Future<Void> writer : pool.invokeAll(writers)) {
            writer.get();
        }
        assertThat(expected.size() + deleted.size()).isEqualTo(GROUPS);
    }

    private void writeGroup(Api api, int n) {
        List<String> create = new ArrayList<>(List.of("name", "group " + n));
        if (n % 2 == 0) {
            create.addAll(List.of("description", "about group " + n));
        }
        if (n % 5 == 0) {
            create.addAll(List.of("contacts[0][username]", "member" + n, "contacts[1][username]", "other" + n));
        }
        JsonNode group = api.create(create.toArray(String[]::new));
        String id = group.get("id").asText();
        String path = "/v1/groups/" + id;
        for (int u = 1; u <= UPDATES; u++) {
            boolean archive = u % 2 == 1 && (u < UPDATES || n % 2 == 0); // archive, unarchive, ...; half end archived
            group = ok(api.put(path, form("name", "group " + n + " v" + u,
                    "description", "version " + u + " of group " + n,
                    "avatar_url", "https://assets.example.com/" + n + "/" + u + ".png",
                    "contacts[0][username]", "member" + n + "v" + u,
                    "contacts[0][phone_number]", "+1555000" + n,
                    // archived when it was created: a group cannot have been archived before it existed
                    "archived_at", archive ? group.get("created_at").asText() : "")), "update " + u + " of " + n);
        }
        if (n % 3 == 0) {
            String action = group.get("archived_at").isNull() ? "/archive" : "/unarchive";
            group = ok(api.post(path + action, ""), action + " " + n);
        }
        if (n % 10 == 3) {
            assertThat(api.delete(path).status()).as("delete %d", n).isEqualTo(200);
            deleted.add(id);
        } else {
            expected.put(id, group);
        }
    }

    /** Renames, archives and creates while the rebuild runs: they go to version 1 now, and must reach version 2. */
    private void writeDuringTheRebuild(Api api) {
        List<String> ids = new ArrayList<>(new TreeMap<>(expected).keySet());
        for (int i = 0; i < WRITES_DURING_REBUILD; i++) {
            String id = ids.get(i * (ids.size() - 1) / WRITES_DURING_REBUILD);
            JsonNode group = expected.get(id);
            JsonNode renamed = ok(api.put("/v1/groups/" + id, form("name", "renamed during the rebuild " + i)),
                    "rename during the rebuild");
            if (i % 3 == 0) {
                renamed = ok(api.put("/v1/groups/" + id,
                        form("archived_at", group.get("archived_at").isNull() ? group.get("created_at").asText() : "")), "(un)archive");
            }
            expected.put(id, renamed);
            JsonNode created = api.create("name", "created during the rebuild " + i);
            expected.put(created.get("id").asText(), created);
        }
        String gone = ids.get(ids.size() - 1); // not among the renamed
        assertThat(api.delete("/v1/groups/" + gone).status()).isEqualTo(200);
        expected.remove(gone);
        deleted.add(gone);
    }

    /**
     * Writers renaming groups of their own (disjoint sets) until told the switch happened, and
     * a few times more. An answered rename (200) is what the group must read as; a 503 ("saved,
     * but reads do not show it yet", when a write waited too long at the switch) must show once
     * the projection catches up. Nothing else is acceptable.
     */
    private final class LiveWriters {

        private static final int COUNT = 2;
        private static final int WRITES_AFTER_THE_SWITCH = 10;

        private final List<Future<String>> writers = new ArrayList<>();
        private final Map<String, String> unconfirmed = new ConcurrentHashMap<>();
        private volatile boolean switched;

        LiveWriters(Api api) {
            List<String> ids = new ArrayList<>(new TreeMap<>(expected).keySet());
            for (int w = 0; w < COUNT; w++) {
                int writer = w;
                List<String> own = new ArrayList<>();
                for (int i = writer; i < ids.size(); i += COUNT * 3) {
                    own.add(ids.get(i));
                }
                writers.add(pool.submit(() -> write(api, writer, own)));
            }
        }

        private String write(Api api, int writer, List<String> own) {
            int writes = 0;
            int afterTheSwitch = 0;
            int unconfirmedAnswers = 0;
            while (afterTheSwitch < WRITES_AFTER_THE_SWITCH) {
                if (switched) {
                    afterTheSwitch++;
                }
                String id = own.get(writes % own.size());
                String name = "live write " + writer + "." + writes;
                Response response = api.put("/v1/groups/" + id, form("name", name));
                writes++;
                if (response.status() == 200) {
                    expected.put(id, response.json());
                    unconfirmed.remove(id);
                } else if (response.status() == 503) {
                    unconfirmed.put(id, name);
                    unconfirmedAnswers++;
                } else {
                    throw new AssertionError("live write " + name + " of " + id + " during the resumed rebuild: " + response);
                }
            }
            return "writer " + writer + ": " + writes + " renames, " + unconfirmedAnswers + " answered 503";
        }

        void finishAfterTheSwitch() throws Exception {
            switched = true;
            List<String> summaries = new ArrayList<>();
            for (Future<String> writer : writers) {
                summaries.add(writer.get());
            }
            phase("live writes during B's rebuild: " + summaries);
            for (Map.Entry<String, String> rename : unconfirmed.entrySet()) {
                String path = "/v1/groups/" + rename.getKey();
                awaitTrue("the rename to '" + rename.getValue() + "' answered 503 to show",
                        () -> rename.getValue().equals(api(path).get("name").asText()), () -> "read " + api(path));
                expected.put(rename.getKey(), api(path));
            }
        }

        private JsonNode api(String path) {
            return server.client(ACCOUNT).get(path).json();
        }
    }

    private void readYourWritesAfterTheSwitch(Api api, String server) {
        JsonNode created = api.create("name", "created after the switch on " + server);
        String path = "/v1/groups/" + created.get("id").asText();
        assertThat(api.get(path).json()).as("%s: GET right after a create on version 2", server).isEqualTo(created);
        JsonNode renamed = ok(api.put(path, form("name", "renamed after the switch on " + server)), "rename");
        assertThat(api.get(path).json()).as("%s: GET right after a rename on version 2", server).isEqualTo(renamed);
        assertThat(api.get("/v1/groups" + query("limit", "100")).json().get("data"))
                .as("%s: the list right after a rename on version 2", server).contains(renamed);
        expected.put(renamed.get("id").asText(), renamed);
    }

    // ------------------------------------------------------------------ assertions on what is read

    private void assertEveryGroupMatchesExpected(Api api, String when) throws Exception {
        Map<String, String> wrong = new ConcurrentHashMap<>();
        List<Callable<Void>> readers = new ArrayList<>();
        List<String> all = new ArrayList<>(expected.keySet());
        all.addAll(deleted);
        for (List<String> slice : slices(all, WRITERS)) {
            readers.add(() -> {
                for (String id : slice) {
                    Response response = api.get("/v1/groups/" + id);
                    if (deleted.contains(id)) {
                        if (response.status() != 404) {
                            wrong.put(id, "deleted, but read " + response);
                        } else {
                            assertError(response, 404, "No such group");
                        }
                    } else if (response.status() != 200 || !response.json().equals(expected.get(id))) {
                        wrong.put(id, "expected " + expected.get(id) + " but read " + response);
                    }
                }
                return null;
            });
        }
        for (Future<Void> reader : pool.invokeAll(readers)) {
            reader.get();
        }
        assertThat(wrong).as("%s: groups that do not read as the API last answered (%d of %d)%s", when,
                wrong.size(), all.size(), serverLog()).isEmpty();
    }

    /** The whole list, page after page: every expected group once, none of the deleted, newest first. */
    private void assertListMatchesExpected(Api api, String when) {
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        long previousCreatedAt = Long.MAX_VALUE;
        String after = null;
        for (int page = 0; ; page++) {
            assertThat(page).as("%s: pages of the list", when).isLessThan(GROUPS);
            Response response = api.get("/v1/groups" + (after == null ? query("limit", "37")
                    : query("limit", "37", "starting_after", after)));
            assertThat(response.status()).as("%s: list page %d: %s", when, page, response).isEqualTo(200);
            JsonNode body = response.json();
            for (JsonNode group : body.get("data")) {
                String id = group.get("id").asText();
                if (listed.put(id, group) != null) {
                    duplicates.add(id);
                }
                long createdAt = group.get("created_at").asLong();
                assertThat(createdAt).as("%s: the list is newest first (at %s)", when, id).isLessThanOrEqualTo(previousCreatedAt);
                previousCreatedAt = createdAt;
                after = id;
            }
            if (!body.get("has_more").asBoolean()) {
                break;
            }
        }
        assertThat(duplicates).as("%s: groups listed twice", when).isEmpty();
        Map<String, String> differences = new TreeMap<>();
        expected.forEach((id, group) -> {
            JsonNode seen = listed.get(id);
            if (!group.equals(seen)) {
                differences.put(id, "expected " + group + " but listed " + seen);
            }
        });
        listed.keySet().stream().filter(id -> !expected.containsKey(id))
                .forEach(id -> differences.put(id, (deleted.contains(id) ? "deleted" : "unknown") + " but listed"));
        assertThat(differences).as("%s: the list differs from what the API answered (%d listed, %d expected)%s",
                when, listed.size(), expected.size(), serverLog()).isEmpty();
    }

    // ------------------------------------------------------------------ the admin API

    private static void assertCompleted(JsonNode status) {
        assertThat(status.get("rebuild").isNull()).as("no rebuild runs: %s", status).isTrue();
        assertThat(status.get("live").get("version").asInt()).as("the live version: %s", status).isEqualTo(2);
        assertThat(status.get("live").get("collection").asText()).as("%s", status).isEqualTo("groups_v2");
        JsonNode last = status.get("last_rebuild");
        assertThat(last.isObject()).as("last_rebuild: %s", status).isTrue();
        assertThat(last.get("version").asInt()).as("last_rebuild: %s", status).isEqualTo(2);
        assertThat(last.get("outcome").asText()).as("last_rebuild: %s", status).isEqualTo("completed");
    }

    private JsonNode rebuildRunning(JsonNode status, String otherwise) {
        JsonNode rebuild = status.get("rebuild");
        if (rebuild == null || rebuild.isNull()) {
            fail(otherwise + " (raise UPDATES: more events per group slow the replay, not the checks): " + status + serverLog());
        }
        assertThat(rebuild.get("version").asInt()).as("%s", status).isEqualTo(2);
        assertThat(rebuild.get("last_error").isNull()).as("the rebuild fails: %s", status).isTrue();
        return rebuild;
    }

    private JsonNode awaitStatus(Api admin, String what, Predicate<JsonNode> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(REBUILD_DEADLINE);
        JsonNode status = null;
        while (Instant.now().isBefore(deadline)) {
            Response response = admin.get(STATUS);
            assertThat(response.status()).as("GET %s: %s", STATUS, response).isEqualTo(200);
            status = response.json();
            if (done.test(status)) {
                return status;
            }
            Thread.sleep(10);
        }
        return fail("Waited " + REBUILD_DEADLINE + " for " + what + "; last status " + status + serverLog());
    }

    /**
     * After a restart, the live projection re-applies whatever a kill cut off (at most its last
     * batches) before reads are compared: once it has reached the head of the event stream.
     */
    /**
     * The live projection caught up, and a rebuild left running taken up by this process: it does so
     * once it runs the live projection's processor (within a few seconds of the start), and until then
     * reports the rebuild as running elsewhere.
     */
    private JsonNode awaitLiveCaughtUp(Api admin) throws InterruptedException {
        return awaitStatus(admin, "the live projection to catch up after the restart and take the rebuild up",
                status -> status.get("live").get("lag").isNumber() && status.get("live").get("lag").asLong() == 0
                        && (status.get("rebuild").isNull()
                        || !status.get("rebuild").get("state").asText().equals("running_elsewhere")));
    }

    private void awaitTrue(String what, Supplier<Boolean> done, Supplier<String> state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!done.get()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Waited 30 s for " + what + "; " + state.get() + serverLog());
            }
            Thread.sleep(50);
        }
    }

    // ------------------------------------------------------------------ the server

    private ServerProcess start(int rebuildBatch, String dropAfter) {
        return ServerProcess.start(dataDir,
                "--logging.level.root=WARN",
                "--logging.level.chat.groups=INFO",
                "--groups.admin-keys=" + TestServer.ADMIN_TOKEN + "=tests",
                "--groups.projection.rebuild.batch-size=" + rebuildBatch,
                // Switch attempts pause the live projection (up to switch-timeout each): only near the end.
                "--groups.projection.rebuild.switch-lag=20",
                "--groups.projection.rebuild.drop-after=" + dropAfter,
                "--groups.projection.rebuild.log-every=1s");
    }

    private static Api admin(ServerProcess server) {
        return server.client(ACCOUNT).withToken(TestServer.ADMIN_TOKEN);
    }

    /** The embedded MongoDB of the server started last, from its log line. */
    private String mongoUri() {
        Matcher matcher = Pattern.compile("Embedded MongoDB serving .* on (mongodb://\\S+)").matcher(log());
        String uri = null;
        while (matcher.find()) {
            uri = matcher.group(1);
        }
        assertThat(uri).as("the embedded MongoDB's address in %s", ServerProcess.logFile(dataDir)).isNotNull();
        return uri;
    }

    private static List<String> collections(MongoClient mongo) {
        return mongo.getDatabase("groups").listCollectionNames().into(new ArrayList<>());
    }

    private static long rebuildTokens(MongoClient mongo) {
        MongoDatabase database = mongo.getDatabase("groups");
        return database.getCollection("trackingtokens").countDocuments(Filters.regex("processorName", "^groups-projection-v"));
    }

    private String log() {
        try {
            return Files.readString(ServerProcess.logFile(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The projection's lines of the servers' log, and their warnings and errors, for failure messages. */
    private String serverLog() {
        List<String> lines = log().lines()
                .filter(line -> line.contains("rojection") || line.contains("ebuild") || line.contains("WARN")
                        || line.contains("ERROR") || line.contains("Exception") || line.contains("Started"))
                .toList();
        return "\n---- " + ServerProcess.logFile(dataDir) + " (projection lines, last 60) ----\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** A line on the test's output, to see where the time goes. */
    private void phase(String what) {
        System.out.printf("RebuildCrashTest %5.1f s: %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }

    private static JsonNode ok(Response response, String what) {
        assertThat(response.status()).as("%s: %s", what, response).isEqualTo(200);
        return response.json();
    }

    private static <T> List<List<T>> slices(List<T> all, int count) {
        Map<Integer, List<T>> slices = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            slices.computeIfAbsent(i % count, k -> new ArrayList<>()).add(all.get(i));
        }
        return new ArrayList<>(slices.values());
    }
}
