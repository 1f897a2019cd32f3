package chat.groups.standalone.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unique-index keys survive the store as they were, and a map keyed by them finds each one. */
class KeyValueTypeTest {

    @TempDir
    Path dir;

    @Test
    void keysOfEveryKindReadBackAndAreFoundAfterReopening() {
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add(new KeyValue("g" + i));
            keys.add(new KeyValue((double) i, "acct_" + (i % 3)));
            keys.add(new KeyValue(Missing.getInstance(), (Object) null, Instant.ofEpochMilli(i)));
            keys.add(new KeyValue(new Document("a", i).append("b", List.of("x", i))));
        }
        Collections.shuffle(keys, new Random(7));
        Path file = dir.resolve("keys.mv.db");
        try (MVStore store = open(file)) {
            MVMap<KeyValue, Object> map = map(store);
            for (int i = 0; i < keys.size(); i++) {
                assertThat(map.putIfAbsent(keys.get(i), "p" + i)).isNull();
            }
            store.commit();
        }
        try (MVStore store = open(file)) {
            MVMap<KeyValue, Object> map = map(store);
            assertThat(map.sizeAsLong()).isEqualTo(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                assertThat(map.get(keys.get(i))).as("%s", keys.get(i)).isEqualTo("p" + i);
                assertThat(map.putIfAbsent(keys.get(i), "again")).isEqualTo("p" + i);
            }
            assertThat(map.keySet()).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(map.get(new KeyValue("g300"))).isNull();
        }
    }

    private static MVMap<KeyValue, Object> map(MVStore store) {
        return store.openMap("unique", new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
    }

    private static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).compress().autoCommitDisabled().open();
    }
}
