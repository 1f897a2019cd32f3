package chat.groups.common.mongo;

import chat.groups.common.config.ConfigurationMistake;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;

/** MongoDB clients of the Groups services, made the same way wherever they are needed. */
public final class MongoConnections {

    /**
     * How long an operation waits for a reachable server before failing (and the request is
     * answered 503). The driver's default, 30 s, would hold every request that long during an
     * outage; a connection string's own {@code serverSelectionTimeoutMS} wins.
     */
    static final long SERVER_SELECTION_TIMEOUT_SECONDS = 5;

    private MongoConnections() {
    }

    /** A client for {@code uri}; {@code setting} names the setting it came from, for a mistake's message. */
    public static MongoClient create(String uri, String setting) {
        ConnectionString connection;
        try {
            connection = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationMistake(setting, "is not a MongoDB connection string (" + e.getMessage() + ")",
                    "set it to one, e.g. mongodb://mongo:27017");
        }
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(connection);
        if (connection.getServerSelectionTimeout() == null) {
            settings.applyToClusterSettings(cluster ->
                    cluster.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        return MongoClients.create(settings.build());
    }
}
