package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.storage.Compaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk follows the data: the embedded stores commit per write or per checkpoint, so without
 * {@link Compaction} every commit leaves a chunk whose few live pages pin it, and the file grows
 * with the history of commits. The workload is the projection's: documents added, some
 * rewritten, and a tracking token rewritten at every commit.
 */
class StoreCompactionTest {

    private static final int DOCUMENTS = 8_000;
    private static final int DOCUMENT_BYTES = 150;
    private static final long LIVE_BYTES = DOCUMENTS * (DOCUMENT_BYTES + 20L);

    @TempDir
    Path directory;

    @Test
    void aStoreCompactedAsTheServerDoesGrowsAtMostAboutTwiceItsLiveData() throws Exception {
        long compacted = fileSizeAfterTheWorkload(directory.resolve("compacted.mv.db"), true);
        long uncompacted = fileSizeAfterTheWorkload(directory.resolve("uncompacted.mv.db"), false);

        assertThat(compacted).as("compacted, live data %d bytes", LIVE_BYTES).isLessThan(LIVE_BYTES * 5 / 2);
        assertThat(uncompacted).as("the same workload without compaction (what the test guards against)")
                .isGreaterThan(LIVE_BYTES * 7 / 2);
    }

    private static long fileSizeAfterTheWorkload(Path file, boolean compact) throws Exception {
        MVStore store = EmbeddedMongo.open(file);
        try {
            store.setRetentionTime(0); // reuse emptied chunks at once, so the figure does not depend on the clock
            MVMap<String, byte[]> documents = store.openMap("documents");
            MVMap<String, Integer> tokens = store.openMap("tokens");
            Random random = new Random(42);
            for (int i = 0; i < DOCUMENTS; i++) {
                byte[] document = new byte[DOCUMENT_BYTES];
                random.nextBytes(document);
                documents.put("group" + i, document);
                if (i % 100 == 0) {
                    documents.put("group" + random.nextInt(i + 1), document);
                }
                tokens.put("groups-projection", i);
                if (compact && i % 50 == 0) {
                    Compaction.step(store);
                }
                store.commit();
            }
            return Files.size(file);
        } finally {
            store.close();
        }
    }
}
