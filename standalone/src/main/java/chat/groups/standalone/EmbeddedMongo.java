package chat.groups.standalone;

import chat.groups.standalone.mongo.IndexedH2Backend;
import chat.groups.standalone.storage.Compaction;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Unless {@code MONGODB_URI} names a real MongoDB, starts a MongoDB wire-protocol server in
 * this JVM (mongo-java-server, H2 backend, one file under the data directory) on a loopback
 * port, and points {@code groups.mongodb.uri} at it. The query side then talks to it with
 * the same driver code it uses against a real MongoDB.
 *
 * <p>Durability: the store (an H2 MVStore file) never commits in the background, because a
 * background commit is not an atomic snapshot of all collections while writes are in flight:
 * it could keep a tracking token and lose the documents written before it, and the
 * projection would then never re-apply those events. {@link ProjectionCheckpoints} commits
 * it instead, after each projection batch, when documents and token agree. A hard kill
 * loses at most the batches since the last checkpoint, and the token with them, so the
 * projection re-applies those events from the event store on the next start.
 */
public class EmbeddedMongo implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    static final String FILE_NAME = "projection.mv.db";
    /** The bean name of the embedded server's {@link MVStore}, present only when the embedded server runs. */
    static final String PROJECTION_STORE = "embeddedProjectionStore";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (!env.getProperty("groups.mongodb.uri", "").isBlank()) {
            return;
        }
        Path file = Path.of(env.getRequiredProperty("groups.data-dir")).toAbsolutePath().resolve(FILE_NAME);
        MVStore store = open(file);
        MongoServer server = new MongoServer(new IndexedH2Backend(store)); // H2 backend with real secondary indexes
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        String uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        env.getPropertySources().addFirst(new MapPropertySource("embeddedMongo", Map.of("groups.mongodb.uri", uri)));
        log.info("Embedded MongoDB serving {} on {}", file, uri);
        // Registered before any other bean, so destroyed after all of them: the projection and
        // its tokens are flushed to the store before the store is closed.
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerDisposableBean("embeddedMongoServer", server::shutdown);
        beans.registerSingleton(PROJECTION_STORE, store);
    }

    static MVStore open(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + file.getParent(), e);
        }
        // autoCommitBufferSize(0): without it a file store still commits by itself once ~19 MB of
        // changes are pending, which could persist a document without its index entry or token.
        // cacheSize(128): the page cache holds ~100k groups; at the 16 MB default, list pages
        // spent most of their time deserializing pages evicted between queries.
        // autoCompactFillRate(0) and an auto-commit delay that never elapses: H2's background writer
        // neither commits nor compacts by itself (either could store a batch half-way), but its
        // serialization thread exists, so a checkpoint can capture a version under the batch lock and
        // have it written after releasing it (ProjectionCheckpoints).
        MVStore store = new MVStore.Builder().fileName(file.toString()).compress().autoCommitDisabled()
                .autoCommitBufferSize(0).autoCompactFillRate(0).cacheSize(128).open();
        store.setAutoCommitDelay(Integer.MAX_VALUE);
        store.setRetentionTime(Compaction.RETENTION_MILLIS); // compacted at checkpoints: see ProjectionCheckpoints
        return store;
    }
}
