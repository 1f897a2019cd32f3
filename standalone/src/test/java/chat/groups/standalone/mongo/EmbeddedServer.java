package chat.groups.standalone.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.slf4j.LoggerFactory;

/**
 * A mongo-java-server on an H2 MVStore, reached with the real driver over loopback: either
 * with {@link IndexedH2Backend} or with the library's plain {@link H2Backend} (the oracle the
 * indexed one must agree with). The store is opened as the standalone server opens it:
 * without background commits.
 */
final class EmbeddedServer implements AutoCloseable {

    static {
        quiet("de.bwaldvogel", "ERROR"); // e.g. the plain backend's "secondary index ... not yet implemented"
        quiet("org.mongodb.driver", "WARN");
    }

    final MVStore store;
    final MongoBackend backend;
    private final MongoServer server;
    final MongoClient client;

    private EmbeddedServer(MVStore store, boolean indexed) {
        this.store = store;
        this.backend = indexed ? new IndexedH2Backend(store) : new H2Backend(store);
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        this.client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    static EmbeddedServer indexed() {
        return new EmbeddedServer(new MVStore.Builder().autoCommitDisabled().open(), true);
    }

    static EmbeddedServer plain() {
        return new EmbeddedServer(new MVStore.Builder().autoCommitDisabled().open(), false);
    }

    static EmbeddedServer indexed(Path file) {
        return new EmbeddedServer(open(file), true);
    }

    static EmbeddedServer plain(Path file) {
        return new EmbeddedServer(open(file), false);
    }

    private static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).compress().autoCommitDisabled().open();
    }

    MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    IndexedH2Collection.Statistics statistics(String database, String collection) {
        return ((IndexedH2Backend) backend).statistics(database, collection);
    }

    /** Commits the store, as a projection checkpoint does. */
    void checkpoint() {
        store.commit();
    }

    /** A crash: everything since the last checkpoint is lost, nothing more is written. */
    void crash() {
        client.close();
        store.closeImmediately();
        server.shutdownNow();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
        if (!store.isClosed()) {
            store.close();
        }
    }

    private static void quiet(String loggerName, String level) {
        if (LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }
}
