package chat.groups.standalone;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
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
 * <p>Durability: the H2 backend commits in the background about once a second, so a hard
 * kill can lose the last second of the projection. The tracking tokens live in the same
 * store and are written after the documents they cover, so they lose the same second and
 * the projection re-applies those events from the event store on the next start.
 */
public class EmbeddedMongo implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    static final String FILE_NAME = "projection.mv.db";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (!env.getProperty("groups.mongodb.uri", "").isBlank()) {
            return;
        }
        Path file = Path.of(env.getRequiredProperty("groups.data-dir")).toAbsolutePath().resolve(FILE_NAME);
        MongoServer server = start(file);
        InetSocketAddress address = server.getLocalAddress();
        String uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        env.getPropertySources().addFirst(new MapPropertySource("embeddedMongo", Map.of("groups.mongodb.uri", uri)));
        log.info("Embedded MongoDB serving {} on {}", file, uri);
        // Registered before any other bean, so destroyed after all of them: the projection and
        // its tokens are flushed to the store before the store is closed.
        ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("embeddedMongoServer", server::shutdown);
    }

    private static MongoServer start(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + file.getParent(), e);
        }
        MVStore store = new MVStore.Builder().fileName(file.toString()).compress().open();
        MongoServer server = new MongoServer(new H2Backend(store));
        server.bind("127.0.0.1", 0);
        return server;
    }
}
