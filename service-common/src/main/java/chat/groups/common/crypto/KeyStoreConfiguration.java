package chat.groups.common.crypto;

import chat.groups.common.config.ConfigurationMistake;
import chat.groups.common.mongo.MongoConnections;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses where the per-group keys live: a MongoDB database of their own when
 * {@code groups.keys.mongodb.uri} is set (the split deployment, any number of hosts), else
 * the file {@code keys.slots} in the directory {@code groups.keys.dir} (standalone: {@code <data dir>/keys}),
 * which {@link FileGroupKeyStore} imports a directory of the former file-per-key layout into.
 */
@Configuration(proxyBeanMethods = false)
public class KeyStoreConfiguration {

    @Bean
    public GroupKeyStore groupKeyStore(@Value("${groups.keys.mongodb.uri:}") String mongoUri,
                                       @Value("${groups.keys.mongodb.database:groups_keys}") String database,
                                       @Value("${groups.keys.dir:}") String directory) {
        if (!mongoUri.isBlank()) {
            return new MongoGroupKeyStore(MongoConnections.create(mongoUri, "GROUPS_KEYS_MONGODB_URI"), database);
        }
        if (!directory.isBlank()) {
            return new FileGroupKeyStore(Path.of(directory));
        }
        throw new ConfigurationMistake("GROUPS_KEYS_MONGODB_URI", "is not set, nor GROUPS_KEYS_DIR, so the "
                + "per-group encryption keys have no store", "set GROUPS_KEYS_MONGODB_URI to a MongoDB that every "
                + "command-side and query-side instance reaches (e.g. mongodb://mongo:27017), or GROUPS_KEYS_DIR to a "
                + "directory they all share");
    }
}
