package chat.groups.standalone;

import chat.groups.common.testing.RawBytes;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.api.PublicIds;
import chat.groups.common.crypto.FileGroupKeyStore;
import chat.groups.common.crypto.GroupKeyStore.Lookup;
import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.ServerProcess;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DELETE really deletes: the group's content never lies in the event store in plain text,
 * and once its key is destroyed nothing anywhere (event store, key store, log, a projection
 * rebuilt from the events) can show it again.
 */
class CryptoShreddingTest {

    @Test
    void aDeletedGroupsContentIsGoneFromTheEventStoreTheKeysTheLogsAndARebuiltProjection() throws Exception {
        String unique = PublicIds.random();
        String name = "Zorblax Society " + unique;
        String renamed = "Quux Conclave " + unique;
        String description = "Meets at midnight " + unique;
        String member = "Xylophonist" + unique;
        String phone = "+1555" + (100000 + Math.abs(unique.hashCode() % 899999));
        Path dataDir = TestServer.tempDir("groups-shredding");
        String doomedId;
        JsonNode kept;

        try (ServerProcess server = ServerProcess.start(dataDir, "--logging.level.root=INFO",
                "--logging.level.chat.groups=DEBUG")) {
            Api api = server.client("alice");
            kept = api.create("name", "Kept " + unique);
            doomedId = api.create("name", name, "description", description, "contacts[0][username]", member,
                    "contacts[0][phone_number]", phone).get("id").asText();
            api.put("/v1/groups/" + doomedId, form("name", renamed));
            api.put("/v1/groups/" + doomedId,
                    form("archived_at", api.get("/v1/groups/" + doomedId).json().get("created_at").asText()));

            // Even while the group lives, the event store holds its content only sealed.
            // The scan does see inside the stored event JSON: ids and owners are plain, by design.
            assertThat(occurrences(dataDir.resolve("events.mv.db"), "\"groupId\":\"" + doomedId + "\"")).isPositive();
            assertThat(occurrences(dataDir.resolve("events.mv.db"), "\"accountId\":\"alice\"")).isPositive();
            assertThat(dataDir.resolve("events.mv.db")).satisfies(file -> assertNoneIn(file, name, renamed, description, member, phone));

            // Another process's view of the key file, as the query side of a split deployment on one host has.
            byte[] doomedKey;
            try (FileGroupKeyStore keys = new FileGroupKeyStore(dataDir.resolve("keys"))) {
                doomedKey = ((Lookup.Found) keys.find(doomedId)).key().getEncoded();
                assertThat(occurrences(keys.file(), doomedKey)).isOne();

                assertThat(api.delete("/v1/groups/" + doomedId).status()).isEqualTo(200);

                keys.refresh(doomedId);
                assertThat(keys.find(doomedId)).isInstanceOf(Lookup.Destroyed.class);
                assertThat(keys.find(kept.get("id").asText())).isInstanceOf(Lookup.Found.class);
                assertThat(occurrences(keys.file(), doomedKey)).isZero();
            }
            assertNoneIn(dataDir.resolve("events.mv.db"), name, renamed, description, member, phone);
            try (Stream<Path> files = Files.list(dataDir.resolve("keys"))) {
                assertThat(files.map(file -> file.getFileName().toString())).containsExactly("keys.slots");
            }
            assertError(api.get("/v1/groups/" + doomedId), 404, "No such group");
            assertThat(api.get("/v1/groups/" + doomedId + "/events").body()).doesNotContain(name, renamed, member);
        }
        assertNoneIn(ServerProcess.logFile(dataDir), name, renamed, description, member, phone);

        // Rebuild the projection from the event store alone: its file and tokens go, the events stay.
        Files.delete(dataDir.resolve("projection.mv.db"));
        try (ServerProcess rebuilt = ServerProcess.start(dataDir)) {
            Api api = rebuilt.client("alice");
            awaitVisible(api, kept.get("id").asText());
            assertThat(api.get("/v1/groups/" + kept.get("id").asText()).json()).isEqualTo(kept);
            assertThat(ids(api.get("/v1/groups?limit=100").json())).containsExactly(kept.get("id").asText());
            assertError(api.get("/v1/groups/" + doomedId), 404, "No such group");
            assertError(api.get("/v1/groups/" + doomedId + "?version=0"), 404, "was deleted");
        }
        assertNoneIn(dataDir.resolve("projection.mv.db"), name, renamed, description, member, phone);
        assertNoneIn(ServerProcess.logFile(dataDir), name, renamed, description, member, phone);
    }

    private static void awaitVisible(Api api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (api.get("/v1/groups/" + id).status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
    }

    private static void assertNoneIn(Path file, String... secrets) {
        for (String secret : secrets) {
            assertThat(occurrences(file, secret)).as("'%s' in %s", secret, file.getFileName()).isZero();
        }
    }

    /** Raw byte scan of a file, as someone holding a copy of it would do. */
    private static int occurrences(Path file, String text) {
        return occurrences(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static int occurrences(Path file, byte[] needle) {
        return RawBytes.occurrences(file, needle);
    }
}
