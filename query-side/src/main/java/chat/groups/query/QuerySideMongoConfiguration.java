package chat.groups.query;

import chat.groups.common.config.ConfigurationMistake;
import com.mongodb.client.MongoClient;
import chat.groups.common.mongo.MongoConnections;
import com.mongodb.client.MongoDatabase;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import chat.groups.query.rebuild.ProjectionVersions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * MongoDB for the query side: the client, the database, the groups read model, and the
 * Axon wiring of the projection.
 * <p>
 * Properties:
 * <ul>
 *   <li>{@code groups.mongodb.uri} (required): the MongoDB connection string.</li>
 *   <li>{@code groups.mongodb.database} (default {@code groups}): the database holding
 *       the {@code groups} collection and Axon's {@code trackingtokens}.</li>
 * </ul>
 * The projection's tracking tokens live in the same database as the projection, so after
 * a crash both are behind together and the (idempotent) projection simply catches up.
 * The projection runs in a tracking processor named {@value GroupProjection#PROCESSING_GROUP}
 * ({@code groups.projection.segments}, default 1, one thread each; {@code
 * groups.projection.batch-size}, default 100 events per transaction). A tracking processor
 * waits on the event stream and wakes as soon as an event is stored; Axon's pooled processor
 * re-polls the embedded event store every 500 ms instead, which made every write wait about
 * half a second for read-your-writes. A failing event handler is never skipped
 * (Axon's default would log and move on, silently losing the update) but propagated, so
 * the processor retries the events after a back-off.
 */
@Configuration(proxyBeanMethods = false)
public class QuerySideMongoConfiguration {

    public static final String URI_PROPERTY = "groups.mongodb.uri";
    public static final String DATABASE_PROPERTY = "groups.mongodb.database";
    public static final String DEFAULT_DATABASE = "groups";

    @Bean
    public MongoClient groupsMongoClient(Environment environment) {
        String uri = environment.getProperty(URI_PROPERTY);
        if (uri == null || uri.isBlank()) {
            throw new ConfigurationMistake("MONGODB_URI", "is not set, and the query side needs MongoDB",
                    "set it (or " + URI_PROPERTY + ") to a MongoDB connection string, e.g. mongodb://localhost:27017");
        }
        return MongoConnections.create(uri, "MONGODB_URI (" + URI_PROPERTY + ")");
    }

    @Bean
    public MongoDatabase groupsMongoDatabase(@Qualifier("groupsMongoClient") MongoClient groupsMongoClient,
                                             Environment environment) {
        String database = environment.getProperty(DATABASE_PROPERTY, DEFAULT_DATABASE);
        if (database.isBlank()) {
            throw new ConfigurationMistake(DATABASE_PROPERTY, "is blank",
                    "leave it out to use '" + DEFAULT_DATABASE + "', or name the MongoDB database of the query side");
        }
        return groupsMongoClient.getDatabase(database);
    }

    @Bean
    public ProjectionVersions projectionVersions(@Qualifier("groupsMongoDatabase") MongoDatabase groupsMongoDatabase) {
        return new ProjectionVersions(groupsMongoDatabase);
    }

    /** The live version of the read model; its indexes are created (idempotently) at start-up. */
    @Bean
    public LiveGroupStore liveGroupStore(@Qualifier("groupsMongoDatabase") MongoDatabase groupsMongoDatabase,
                                         ProjectionVersions projectionVersions) {
        int version = projectionVersions.load().live();
        GroupStore store = new GroupStore(groupsMongoDatabase, ProjectionVersions.collectionOf(version));
        store.ensureIndexes();
        return new LiveGroupStore(version, store);
    }

    @Bean
    public LiveProjectionGate liveProjectionGate() {
        return new LiveProjectionGate();
    }

    /**
     * Axon's token store, in the {@code trackingtokens} collection of the projection's
     * database. Named {@code tokenStore} so that it is Axon's default token store too (and
     * Axon's JPA/JDBC token stores back off).
     *
     * @param serializer Axon's general serializer (the primary {@code serializer} bean)
     * @param nodeId     the owner name of this process's segment claims ({@code groups.projection.node-id});
     *                   blank: Axon's default, unique per process. A process that is the only one ever
     *                   to run on its data (standalone) names itself, so after a crash it takes its
     *                   claims back at once instead of waiting for the dead process's claims to expire.
     */
    @Bean
    public TokenStore tokenStore(@Qualifier("groupsMongoDatabase") MongoDatabase groupsMongoDatabase,
                                 Serializer serializer,
                                 @Value("${groups.projection.node-id:}") String nodeId) {
        MongoTokenStore.Builder builder = mongoTokenStoreBuilder(groupsMongoDatabase, serializer);
        return new RecentClaimTokenStore(nodeId.isBlank() ? builder : builder.nodeId(nodeId), RecentClaimTokenStore.FRESH);
    }

    /** Registers the projection's processor, see {@link #configureProjectionProcessor}. */
    @Bean
    public ConfigurerModule groupsProjectionProcessing(@Qualifier("tokenStore") TokenStore tokenStore,
                                                       @Value("${groups.projection.segments:1}") int segments,
                                                       @Value("${groups.projection.batch-size:100}") int batchSize,
                                                       LiveProjectionGate gate,
                                                       ObjectProvider<ProjectionDurability> durability) {
        return configurer -> configurer.eventProcessing(processing -> {
            configureProjectionProcessor(processing, tokenStore, segments, batchSize);
            // The gate first: a batch waits at it before it takes any lock of the durability's.
            processing.registerHandlerInterceptor(GroupProjection.PROCESSING_GROUP, configuration -> gate.interceptor())
                    .registerHandlerInterceptor(GroupProjection.PROCESSING_GROUP, configuration ->
                            durability.getIfAvailable(() -> ProjectionDurability.ACKNOWLEDGED).batchInterceptor());
        });
    }

    /** A token store in the {@code trackingtokens} collection of {@code database}. */
    public static TokenStore mongoTokenStore(MongoDatabase database, Serializer serializer) {
        return mongoTokenStoreBuilder(database, serializer).build();
    }

    private static MongoTokenStore.Builder mongoTokenStoreBuilder(MongoDatabase database, Serializer serializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer);
    }

    /**
     * The processor of {@link GroupProjection}: tracking (from the first event on a fresh
     * token store), {@code segments} segments with a thread each, its tokens in {@code
     * tokenStore}, handler failures propagated rather than logged and skipped, and
     * propagated failures retried by the processor.
     */
    public static void configureProjectionProcessor(EventProcessingConfigurer processing, TokenStore tokenStore,
                                                    int segments, int batchSize) {
        processing.registerTrackingEventProcessor(GroupProjection.PROCESSING_GROUP,
                        org.axonframework.config.Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                                .andInitialSegmentsCount(segments)
                                .andBatchSize(batchSize))
                .registerTokenStore(GroupProjection.PROCESSING_GROUP, configuration -> tokenStore)
                // The projection and its tokens live in MongoDB, outside any JDBC transaction. With a real
                // transaction manager Axon would store the token *before* handling a batch (it assumes the
                // token shares the handlers' transaction), so a crash or a failing handler would skip events.
                // Without one, the token is stored after the batch's documents: at-least-once, made
                // harmless by the projection's version checks.
                .registerTransactionManager(GroupProjection.PROCESSING_GROUP,
                        configuration -> NoTransactionManager.instance())
                .registerListenerInvocationErrorHandler(GroupProjection.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance())
                .registerErrorHandler(GroupProjection.PROCESSING_GROUP, configuration -> new RetryingErrorHandler());
    }
}
