package chat.groups.standalone.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A read of a document that is being updated sees it whole, before or after the update, never
 * half of each. mongo-java-server updates the stored document object in place, field by field,
 * while a reader may still be encoding that same object for the wire; a read could then show a
 * group's new version with its old name (read-your-writes answered a write with the state before
 * it, RebuildCrashTest). {@link IndexedH2Collection} hands out copies, so a reader's document is
 * its own.
 */
class ReadDuringUpdateTest {

    private static final int UPDATES = 1500;
    private static final String FILLER = "x".repeat(2000); // a document that takes a while to encode

    @Test
    void aDocumentReadWhileItIsUpdatedIsNeverTorn() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.indexed()) {
            MongoCollection<Document> groups = server.database("groups").getCollection("groups");
            groups.insertOne(new Document("_id", "g").append("name", "n0").append("description", FILLER)
                    .append("contacts", List.of(new Document("username", FILLER))).append("version", 0L));
            AtomicBoolean writing = new AtomicBoolean(true);
            List<String> torn = new CopyOnWriteArrayList<>();
            ExecutorService readers = Executors.newFixedThreadPool(3);
            List<Future<?>> reads = new java.util.ArrayList<>();
            for (int r = 0; r < 3; r++) {
                reads.add(readers.submit(() -> {
                    while (writing.get() && torn.size() < 3) {
                        Document read = groups.find(eq("_id", "g")).first();
                        if (!read.getString("name").equals("n" + read.getLong("version"))) {
                            torn.add("name " + read.getString("name") + " at version " + read.getLong("version"));
                        }
                    }
                }));
            }
            try {
                for (long version = 1; version <= UPDATES && torn.isEmpty(); version++) {
                    groups.findOneAndUpdate(and(eq("_id", "g"), lt("version", version)),
                            combine(set("name", "n" + version), set("version", version)));
                }
            } finally {
                writing.set(false);
                for (Future<?> read : reads) {
                    read.get(60, TimeUnit.SECONDS);
                }
                readers.shutdown();
            }
            assertThat(torn).as("reads that saw half an update").isEmpty();
        }
    }
}
