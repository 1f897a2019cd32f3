package chat.groups.common.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB for one test class, reached over the wire protocol with the real driver.
 * <p>
 * By default an in-memory server ({@code mongo-java-server}) on 127.0.0.1 and a random
 * port; when the environment variable {@code MONGODB_URI} is set, that MongoDB instead.
 * Either way the class gets a database of its own, with a random name, emptied before
 * each test (unless {@link #sharedByAllTests()}) and dropped after the class.
 * {@code @Nested} classes share the database of their outer class.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestMongo mongo = new TestMongo();
 * </pre>
 */
public final class TestMongo implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static {
        quiet("de.bwaldvogel", "ERROR"); // e.g. "adding secondary index ... is not yet implemented"
        quiet("org.mongodb.driver", "WARN");
    }

    private final boolean emptiedBeforeEachTest;
    private String owner; // the test class that started it (nested classes share it)
    private MongoServer server;
    private String uri;
    private MongoClient client;
    private MongoDatabase database;

    /** A database emptied before each test. */
    public TestMongo() {
        this(true);
    }

    private TestMongo(boolean emptiedBeforeEachTest) {
        this.emptiedBeforeEachTest = emptiedBeforeEachTest;
    }

    /** A database the tests of the class share, e.g. with an application running on it throughout. */
    public static TestMongo sharedByAllTests() {
        return new TestMongo(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        owner = context.getUniqueId();
        String external = System.getenv("MONGODB_URI");
        if (external != null && !external.isBlank()) {
            uri = external;
        } else {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            InetSocketAddress address = server.getLocalAddress();
            uri = "mongodb://127.0.0.1:" + address.getPort();
        }
        client = MongoClients.create(uri);
        database = client.getDatabase("groups_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!emptiedBeforeEachTest) {
            return;
        }
        for (String collection : database.listCollectionNames()) {
            database.getCollection(collection).drop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        owner = null;
        try {
            if (database != null) {
                database.drop();
            }
        } finally {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.shutdownNow();
            }
            server = null;
            client = null;
            database = null;
        }
    }

    /** Turns down a chatty logger, if the logging backend is Logback (as in Spring Boot). */
    private static void quiet(String loggerName, String level) {
        if (LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }

    /** The connection string of the server. */
    public String uri() {
        return uri;
    }

    public MongoClient client() {
        return client;
    }

    /** This test class's database. */
    public MongoDatabase database() {
        return database;
    }
}
