package chat.groups.standalone.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents are stored as BSON, and documents stored by the library's own type still read. */
class BsonDocumentTypeTest {

    @TempDir
    Path dir;

    @Test
    void everyKindOfValueReadsBackAsItWasStored() {
        Path file = dir.resolve("store.mv.db");
        Document stored = document(1);
        try (MVStore store = open(file)) {
            store.openMap("documents", bson()).put("g1", stored);
            store.commit();
        }
        try (MVStore store = open(file)) {
            Document read = store.openMap("documents", bson()).get("g1");
            assertThat(read).isEqualTo(stored);
            assertThat(read.keySet()).containsExactlyElementsOf(stored.keySet()); // field order kept
            assertThat(read.get("members")).isInstanceOf(List.class);
            assertThat(read.get("version")).isInstanceOf(Long.class);
            assertThat(read.get("count")).isInstanceOf(Integer.class);
        }
    }

    @Test
    void aStoreWrittenWithTheDefaultTypeOpensAndIsRewrittenInBson() {
        Path file = dir.resolve("store.mv.db");
        try (MVStore store = open(file)) {
            MVMap<String, Document> legacy = store.openMap("documents"); // H2's default: Java serialization
            for (int i = 0; i < 500; i++) {
                legacy.put("g" + i, document(i));
            }
            store.commit();
        }
        try (MVStore store = open(file)) {
            MVMap<String, Document> documents = store.openMap("documents", bson());
            for (int i = 0; i < 500; i++) {
                assertThat(documents.get("g" + i)).isEqualTo(document(i));
            }
            for (int i = 0; i < 500; i++) {
                documents.put("g" + i, documents.get("g" + i)); // every page rewritten
            }
            store.commit();
        }
        try (MVStore store = open(file)) {
            MVMap<String, Document> documents = store.openMap("documents", bson());
            assertThat(documents.sizeAsLong()).isEqualTo(500);
            assertThat(documents.get("g499")).isEqualTo(document(499));
        }
        try (MVStore store = open(file)) {
            MVMap<String, Document> asBefore = store.openMap("documents");
            assertThatThrownBy(() -> asBefore.get("g0")).as("the pages are BSON now").isNotNull();
        }
    }

    private static Document document(int i) {
        List<Object> members = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            members.add(new Document("username", "member" + m + "-" + i).append("joinedAt", Instant.ofEpochMilli(1_700_000_000_000L + m)));
        }
        return new Document("_id", "g" + i)
                .append("accountId", "acct_" + (i % 7))
                .append("name", "Gruppe \u00e9\u00e8 \uD83D\uDE00 " + i)
                .append("members", members)
                .append("version", 10_000_000_000L + i)
                .append("count", i)
                .append("ratio", i / 3.0)
                .append("archived", i % 2 == 0)
                .append("archivedAt", null)
                .append("createdAt", Instant.ofEpochMilli(1_700_000_000_000L + i))
                .append("objectId", new ObjectId(String.format("%024x", i)))
                .append("key", new BinData(new byte[] {1, 2, 3, (byte) i}))
                .append("amount", new Decimal128(new BigDecimal("12.50")))
                .append("nested", new Document("empty", new Document()).append("list", List.of()))
                .append("uuid", new UUID(i, i));
    }

    private static MVMap.Builder<String, Document> bson() {
        return new MVMap.Builder<String, Document>().valueType(BsonDocumentType.INSTANCE);
    }

    private static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).compress().autoCommitDisabled().open();
    }
}
