package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client reads its own writes: once a write has answered, the very next read (retrieve or
 * list) shows it, although reads come from a projection that is updated asynchronously.
 */
class ReadYourWritesTest {

    private static final int ITERATIONS = 30;
    private static final int THREADS = 8;
    private static final int ROUNDS_PER_THREAD = 10;

    @Test
    void everyWriteIsVisibleToTheNextRead() {
        Api api = TestServer.shared().newAccount();

        for (int i = 0; i < ITERATIONS; i++) {
            String as = "iteration " + i;
            Response created = api.post("/v1/groups", form("name", "Group " + i));
            assertThat(created.status()).as(as).isEqualTo(201);
            String path = "/v1/groups/" + created.json().get("id").asText();
            assertThat(api.get(path).json()).as("%s: GET right after create", as).isEqualTo(created.json());

            Response updated = api.put(path, form("description", "Described " + i, "contacts[0][username]", "Hector" + i));
            assertThat(updated.status()).as(as).isEqualTo(200);
            JsonNode afterUpdate = api.get(path).json();
            assertThat(afterUpdate.get("description").asText()).as("%s: GET right after update", as).isEqualTo("Described " + i);
            assertThat(afterUpdate.get("contacts").findValuesAsText("username")).as(as).containsExactly("Hector" + i);

            long archivedAt = Instant.now().getEpochSecond();
            Response archived = api.put(path, form("archived_at", Long.toString(archivedAt)));
            assertThat(archived.status()).as(as).isEqualTo(200);
            JsonNode archivedList = api.get("/v1/groups" + query("archived", "true", "limit", "100")).json();
            assertThat(archivedList.get("data")).as("%s: archived list right after archiving", as)
                    .contains(archived.json());
            assertThat(ids(api.get("/v1/groups" + query("archived", "false", "limit", "100")).json()))
                    .as("%s: active list right after archiving", as).doesNotContain(created.json().get("id").asText());

            Response deleted = api.delete(path);
            assertThat(deleted.status()).as(as).isEqualTo(200);
            assertError(api.get(path), 404, "No such group");
            assertThat(ids(api.get("/v1/groups" + query("limit", "100")).json())).as("%s: list right after delete", as)
                    .doesNotContain(created.json().get("id").asText());
        }
        assertThat(api.get("/v1/groups").body()).isEqualTo("{\"has_more\":false,\"data\":[]}");
    }

    @Test
    void concurrentClientsEachReadTheirOwnWrites() throws Exception {
        Api api = TestServer.shared().newAccount();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> createUpdateAndRead(api, thread)));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> worker : workers) {
                all.addAll(worker.get(90, TimeUnit.SECONDS));
            }

            assertThat(all).hasSize(THREADS * ROUNDS_PER_THREAD).doesNotHaveDuplicates();
            assertThat(ids(api.get("/v1/groups" + query("limit", "100")).json())).containsExactlyInAnyOrderElementsOf(all);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> createUpdateAndRead(Api api, int thread) {
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < ROUNDS_PER_THREAD; round++) {
            String as = "thread " + thread + ", round " + round;
            Response created = api.post("/v1/groups", form("name", "T" + thread + " R" + round));
            assertThat(created.status()).as("%s: %s", as, created).isEqualTo(201);
            String id = created.json().get("id").asText();
            String path = "/v1/groups/" + id;
            Response read = api.get(path);
            assertThat(read.status()).as("%s: GET right after create: %s", as, read).isEqualTo(200);
            assertThat(read.json()).as(as).isEqualTo(created.json());

            Response updated = api.put(path, form("name", "T" + thread + " R" + round + " renamed",
                    "description", "by thread " + thread));
            assertThat(updated.status()).as("%s: %s", as, updated).isEqualTo(200);
            JsonNode reread = api.get(path).json();
            assertThat(reread.get("name").asText()).as("%s: GET right after update", as)
                    .isEqualTo("T" + thread + " R" + round + " renamed");
            assertThat(reread).as(as).isEqualTo(updated.json());
            ids.add(id);
        }
        return ids;
    }
}
