package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.ServerProcess;
import chat.groups.standalone.support.TestServer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every write answered 2xx survives SIGKILLs of the server in the middle of write storms:
 * after restarts on the same data directory, each acknowledged group is there with its
 * acknowledged name (or the name of a rename that was in flight when the server died).
 */
class HardKillTest {

    private static final int WRITERS = 4;
    private static final int KILLS = 2;

    /** What one writer knows of one group: the name last acknowledged, and a rename still unanswered. */
    record Known(String acknowledged, String inFlight) {
    }

    @Test
    void noAcknowledgedWriteIsLostWhenTheServerIsKilled() throws Exception {
        Path dataDir = TestServer.tempDir("groups-hard-kill");
        Map<String, Known> groups = new ConcurrentHashMap<>();
        for (int round = 0; round < KILLS; round++) {
            int acks = writeThenKill(dataDir, round, groups);
            assertThat(acks).as("writes acknowledged before kill #%d", round + 1).isGreaterThan(20);
        }

        try (ServerProcess restarted = ServerProcess.start(dataDir)) {
            Api after = restarted.client("alice");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            Map<String, String> missing = stillMissing(after, groups);
            while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(250); // the projection re-applies what the kills cut off
                missing = stillMissing(after, groups);
            }
            assertThat(missing).as("acknowledged writes missing after %d kills", KILLS).isEmpty();
        }
    }

    /** Starts the server on {@code dataDir}, lets writers hammer it, SIGKILLs it mid-storm; answers the acks. */
    private static int writeThenKill(Path dataDir, int round, Map<String, Known> groups) throws Exception {
        ServerProcess server = ServerProcess.start(dataDir);
        Api api = server.client("alice");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<Integer>> acknowledged = new ArrayList<>();
        int before = groups.size();
        for (int w = 0; w < WRITERS; w++) {
            String writer = "r" + round + "w" + w;
            acknowledged.add(writers.submit(() -> writeUntilTheServerDies(api, writer, groups)));
        }
        // Kill mid-storm once enough writes are acknowledged, however fast this machine is today.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (groups.size() - before < 40 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        server.kill();
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        int acks = 0;
        for (Future<Integer> writer : acknowledged) {
            acks += writer.get();
        }
        return acks;
    }

    private static int writeUntilTheServerDies(Api api, String writer, Map<String, Known> groups) {
        int acks = 0;
        try {
            for (int i = 0; ; i++) {
                String name = writer + "-g" + i;
                Response created = api.post("/v1/groups", form("name", name));
                if (created.status() != 201) {
                    return acks;
                }
                acks++;
                String id = created.json().get("id").asText();
                groups.put(id, new Known(name, null));
                String renamed = name + "-renamed";
                groups.put(id, new Known(name, renamed));
                if (api.put("/v1/groups/" + id, form("name", renamed)).status() != 200) {
                    return acks;
                }
                acks++;
                groups.put(id, new Known(renamed, null));
            }
        } catch (UncheckedIOException serverGone) {
            return acks;
        }
    }

    /** The groups whose name is neither the acknowledged one nor the one in flight, with what was seen. */
    private static Map<String, String> stillMissing(Api api, Map<String, Known> groups) {
        Map<String, String> missing = new ConcurrentHashMap<>();
        groups.forEach((id, known) -> {
            Response response = api.get("/v1/groups/" + id);
            String seen = response.status() == 200 ? response.json().get("name").asText() : "HTTP " + response.status();
            Set<String> allowed = known.inFlight() == null ? Set.of(known.acknowledged())
                    : Set.of(known.acknowledged(), known.inFlight());
            if (!allowed.contains(seen)) {
                missing.put(id, "expected " + allowed + " but saw " + seen);
            }
        });
        return missing;
    }
}
