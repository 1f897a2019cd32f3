package chat.groups.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.common.crypto.GroupKeyStore.Lookup;
import chat.groups.common.testing.TestMongo;
import com.mongodb.client.MongoClients;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKey;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The split deployment's key store, on a real MongoDB wire protocol: every store below is a
 * separate process's view (its own client and cache), as two instances on two hosts would be.
 */
class MongoGroupKeyStoreTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    private final List<MongoGroupKeyStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(MongoGroupKeyStore::close);
    }

    private MongoGroupKeyStore instance() {
        MongoGroupKeyStore store = new MongoGroupKeyStore(MongoClients.create(mongo.uri()), mongo.database().getName());
        opened.add(store);
        return store;
    }

    @Test
    void aKeyMadeByOneInstanceIsTheKeyEveryInstanceFinds() {
        SecretKey key = instance().create("group1AAAAAAAAAA");

        assertThat(instance().find("group1AAAAAAAAAA")).isEqualTo(new Lookup.Found(key));
        assertThat(instance().create("group1AAAAAAAAAA").getEncoded()).isEqualTo(key.getEncoded());
        assertThat(instance().find("group2AAAAAAAAAA")).isInstanceOf(Lookup.Missing.class);
    }

    @Test
    void aDestroyedKeyIsGoneFromTheDatabaseAndIsNeverMadeAgain() {
        instance().create("group1AAAAAAAAAA");

        instance().destroy("group1AAAAAAAAAA");

        Document stored = mongo.database().getCollection(MongoGroupKeyStore.COLLECTION)
                .find(new Document("_id", "group1AAAAAAAAAA")).first();
        assertThat(stored).containsKey("destroyed_at").doesNotContainKey("key");
        assertThat(instance().find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
        assertThatThrownBy(() -> instance().create("group1AAAAAAAAAA")).hasMessageContaining("destroyed");
    }

    @Test
    void aDestructionByAnotherInstanceIsSeenAtOnceOnceTheCachedKeyIsRefreshed() {
        MongoGroupKeyStore reader = instance();
        reader.create("group1AAAAAAAAAA");
        assertThat(reader.find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Found.class);

        instance().destroy("group1AAAAAAAAAA");
        reader.refresh("group1AAAAAAAAAA");

        assertThat(reader.find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
    }

    @Test
    void destroyingTwiceOrANeverMadeKeyIsHarmlessAndKeepsTheFirstTime() {
        MongoGroupKeyStore store = instance();
        store.destroy("group1AAAAAAAAAA");
        Object first = mongo.database().getCollection(MongoGroupKeyStore.COLLECTION)
                .find(new Document("_id", "group1AAAAAAAAAA")).first().get("destroyed_at");

        instance().destroy("group1AAAAAAAAAA");

        assertThat(mongo.database().getCollection(MongoGroupKeyStore.COLLECTION)
                .find(new Document("_id", "group1AAAAAAAAAA")).first().get("destroyed_at")).isEqualTo(first);
        assertThat(store.find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
    }

    @Test
    void instancesRacingToMakeOneGroupsKeyAgreeOnOneKey() throws Exception {
        List<MongoGroupKeyStore> stores = List.of(instance(), instance(), instance(), instance());
        ExecutorService pool = Executors.newFixedThreadPool(stores.size());
        try {
            for (int round = 0; round < 20; round++) {
                String groupId = String.format("race%02dAAAAAAAAAA", round);
                List<Future<SecretKey>> made = new ArrayList<>();
                for (MongoGroupKeyStore store : stores) {
                    made.add(pool.submit((Callable<SecretKey>) () -> store.create(groupId)));
                }
                byte[] first = made.get(0).get().getEncoded();
                for (Future<SecretKey> key : made) {
                    assertThat(key.get().getEncoded()).isEqualTo(first);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesWhatIsNotAGroupId() {
        assertThatThrownBy(() -> instance().find("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
