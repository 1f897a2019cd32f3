package chat.groups.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.common.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The token store skips a claim extension only while the claim is certainly its own, and
 * still notices a claim another process took. MongoDB's commands are counted by the driver's
 * command listener.
 */
class RecentClaimTokenStoreTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    private static final String PROCESSOR = "groups-projection";
    private static final Set<String> WRITES = Set.of("update", "findAndModify");

    private final AtomicInteger writes = new AtomicInteger();
    private MongoClient client;

    @BeforeEach
    void countingClient() {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.uri()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (WRITES.contains(event.getCommandName())) {
                            writes.incrementAndGet();
                        }
                    }
                })
                .build());
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void anExtensionRightAfterAClaimOrAStoredTokenAsksMongoDbNothing() {
        RecentClaimTokenStore store = store("node-a", Duration.ofSeconds(10), Duration.ofSeconds(10));
        store.initializeTokenSegments(PROCESSOR, 1);
        store.fetchToken(PROCESSOR, 0);
        int afterClaim = writes.get();

        store.extendClaim(PROCESSOR, 0);
        store.extendClaim(PROCESSOR, 0);
        assertThat(writes.get()).as("extensions right after the claim").isEqualTo(afterClaim);

        store.storeToken(new GlobalSequenceTrackingToken(5), PROCESSOR, 0);
        assertThat(writes.get()).as("the stored token").isEqualTo(afterClaim + 1);
        store.extendClaim(PROCESSOR, 0);
        assertThat(writes.get()).as("an extension right after it").isEqualTo(afterClaim + 1);
        assertThat(store.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(5));
    }

    @Test
    void anExtensionOnceTheClaimIsNoLongerFreshAsksMongoDb() throws InterruptedException {
        RecentClaimTokenStore store = store("node-a", Duration.ofMillis(50), Duration.ofSeconds(10));
        store.initializeTokenSegments(PROCESSOR, 1);
        store.fetchToken(PROCESSOR, 0);
        int afterClaim = writes.get();

        Thread.sleep(60);
        store.extendClaim(PROCESSOR, 0);
        assertThat(writes.get()).isEqualTo(afterClaim + 1);
        store.extendClaim(PROCESSOR, 0);
        assertThat(writes.get()).as("fresh again after that extension").isEqualTo(afterClaim + 1);
    }

    /** Another process may take a claim after its timeout; the first process's next extension then fails, as in Axon. */
    @Test
    void aClaimAnotherProcessTookIsNoticedOnceItCouldHaveBeenTaken() throws InterruptedException {
        RecentClaimTokenStore first = claimedThenTakenOver(Duration.ofMillis(50));
        assertThatThrownBy(() -> first.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> first.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    /** A store that fails because the claim is gone forgets it: the next extension asks MongoDB, and fails too. */
    @Test
    void aFailedStoreForgetsTheClaim() throws InterruptedException {
        RecentClaimTokenStore first = claimedThenTakenOver(Duration.ofSeconds(10));
        assertThatThrownBy(() -> first.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        int afterStore = writes.get();
        assertThatThrownBy(() -> first.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThat(writes.get()).as("the extension asked MongoDB").isEqualTo(afterStore + 1);
    }

    @Test
    void aReleasedClaimIsForgotten() {
        RecentClaimTokenStore store = store("node-a", Duration.ofSeconds(10), Duration.ofSeconds(10));
        store.initializeTokenSegments(PROCESSOR, 1);
        store.fetchToken(PROCESSOR, 0);
        store.releaseClaim(PROCESSOR, 0);

        assertThatThrownBy(() -> store.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
    }

    /** A claim of a store keeping claims {@code fresh}, taken over 60 ms later by a store whose claim timeout is 20 ms. */
    private RecentClaimTokenStore claimedThenTakenOver(Duration fresh) throws InterruptedException {
        RecentClaimTokenStore first = store("node-a", fresh, Duration.ofSeconds(10));
        first.initializeTokenSegments(PROCESSOR, 1);
        first.fetchToken(PROCESSOR, 0);
        Thread.sleep(60);
        store("node-b", fresh, Duration.ofMillis(20)).fetchToken(PROCESSOR, 0);
        return first;
    }

    private RecentClaimTokenStore store(String nodeId, Duration fresh, Duration claimTimeout) {
        return new RecentClaimTokenStore(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(client.getDatabase(mongo.database().getName())).build())
                .serializer(JacksonSerializer.defaultSerializer())
                .nodeId(nodeId)
                .claimTimeout(claimTimeout), fresh);
    }
}
