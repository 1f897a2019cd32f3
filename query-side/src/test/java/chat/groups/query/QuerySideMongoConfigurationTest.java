package chat.groups.query;

import chat.groups.common.testing.TestMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupView;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.Configuration;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/** The MongoDB beans of the query side and the Axon processor that runs the projection. */
class QuerySideMongoConfigurationTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    static final String ACCOUNT = "acct_owner";
    static final Instant CREATED_AT = Instant.parse("2024-03-01T12:00:00Z");

    @Nested
    class SpringBeans {

        final ApplicationContextRunner context = new ApplicationContextRunner()
                .withUserConfiguration(QuerySideMongoConfiguration.class)
                .withBean("serializer", Serializer.class, JacksonSerializer::defaultSerializer);

        @Test
        void refuse_to_start_without_a_mongodb_uri_and_say_which_property_is_missing() {
            context.run(started -> {
                assertThat(started).hasFailed();
                assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("groups.mongodb.uri")
                        .hasMessageContaining("mongodb://");
            });
        }

        @Test
        void connect_to_the_configured_uri_and_database() {
            context.withPropertyValues(
                            "groups.mongodb.uri=" + mongo.uri(),
                            "groups.mongodb.database=" + mongo.database().getName())
                    .run(started -> {
                        assertThat(started).hasNotFailed();
                        assertThat(started).hasSingleBean(MongoClient.class);
                        assertThat(started.getBean("groupsMongoDatabase", MongoDatabase.class).getName())
                                .isEqualTo(mongo.database().getName());
                        assertThat(started.getBean("tokenStore")).isInstanceOf(MongoTokenStore.class);
                        assertThat(started).hasSingleBean(LiveGroupStore.class);
                        assertThat(started.getBean(LiveGroupStore.class).get().collectionName())
                                .isEqualTo(GroupStore.COLLECTION);
                        assertThat(started).hasSingleBean(ConfigurerModule.class);
                    });
        }

        @Test
        void create_the_list_indexes_at_start_up() {
            context.withPropertyValues(
                            "groups.mongodb.uri=" + mongo.uri(),
                            "groups.mongodb.database=" + mongo.database().getName())
                    .run(started -> assertThat(mongo.database().getCollection(GroupStore.COLLECTION).listIndexes()
                            .map(index -> index.get("key", Document.class).keySet().toString()))
                            .contains("[accountId, createdAt, _id]", "[accountId, archived, createdAt, _id]"));
        }

        @Test
        void the_database_is_called_groups_unless_configured_otherwise() {
            MongoDatabase database = new QuerySideMongoConfiguration()
                    .groupsMongoDatabase(mongo.client(), new MockEnvironment());

            assertThat(database.getName()).isEqualTo("groups");
        }
    }

    /** The processor wired by {@link QuerySideMongoConfiguration#groupsProjectionProcessing}, on a real Axon. */
    @Nested
    class TheProjectionProcessor {

        Configuration axon;

        @AfterEach
        void stop() {
            if (axon != null) {
                axon.shutdown();
            }
        }

        void start(GroupStore store) {
            start(store, NoTransactionManager.instance());
        }

        /** {@code transactions}: the application's transaction manager (standalone has a JDBC one for its events). */
        void start(GroupStore store, TransactionManager transactions) {
            store.ensureIndexes();
            TokenStore tokenStore = QuerySideMongoConfiguration.mongoTokenStore(
                    mongo.database(), JacksonSerializer.defaultSerializer());
            Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                    .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                    .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                    .configureTransactionManager(c -> transactions);
            new QuerySideMongoConfiguration().groupsProjectionProcessing(tokenStore, 1, 100,
                    new LiveProjectionGate(), new StaticListableBeanFactory().getBeanProvider(ProjectionDurability.class))
                    .configureModule(configurer);
            configurer.eventProcessing()
                    .registerEventHandler(c -> new GroupProjection(() -> store, c.queryUpdateEmitter()));
            axon = configurer.start();
        }

        void publish(String groupId, GroupEvent... events) {
            for (int sequence = 0; sequence < events.length; sequence++) {
                axon.eventStore().publish(new GenericDomainEventMessage<>("Group", groupId, sequence, events[sequence]));
            }
        }

        GroupCreatedEvent created(String groupId) {
            return new GroupCreatedEvent(groupId, ACCOUNT, null, "Plaza Hotel", null, null, List.of(), CREATED_AT);
        }

        @Test
        void runs_the_projection_in_a_tracking_processor_that_keeps_its_tokens_in_mongodb() {
            GroupStore store = new GroupStore(mongo.database());
            start(store);

            publish("g1", created("g1"), new GroupRenamedEvent("g1", "Renamed"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(store.find(ACCOUNT, "g1")).map(GroupView::name).contains("Renamed"));
            assertThat(axon.eventProcessingConfiguration()
                    .eventProcessor(GroupProjection.PROCESSING_GROUP, TrackingEventProcessor.class))
                    .isPresent();
            assertThat(mongo.database().getCollection("trackingtokens")
                    .countDocuments(Filters.eq("processorName", GroupProjection.PROCESSING_GROUP)))
                    .isPositive();
        }

        @Test
        void retries_an_event_whose_handling_failed_instead_of_skipping_it() {
            AtomicInteger failures = new AtomicInteger();
            GroupStore failingTwice = failingTwice(failures);
            start(failingTwice);

            publish("g1", created("g1"), new GroupRenamedEvent("g1", "Renamed"));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(failingTwice.find(ACCOUNT, "g1")).map(GroupView::name).contains("Renamed"));
            assertThat(failures).hasValue(2);
        }

        /**
         * With a transaction manager that the MongoDB token store takes no part in (standalone's JDBC
         * one), Axon would by default store the token before handling the batch; a failure would then
         * skip the events for good. The projection's processor must not let that happen.
         */
        @Test
        void retries_a_failed_event_even_when_the_application_has_a_transaction_manager_for_other_stores() {
            AtomicInteger failures = new AtomicInteger();
            GroupStore failingTwice = failingTwice(failures);
            start(failingTwice, () -> new Transaction() {
                @Override
                public void commit() {
                }

                @Override
                public void rollback() {
                }
            });

            publish("g1", created("g1"), new GroupRenamedEvent("g1", "Renamed"));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(failingTwice.find(ACCOUNT, "g1")).map(GroupView::name).contains("Renamed"));
            assertThat(failures).hasValue(2);
        }

        /** A store whose first two batch writes fail, as during an outage of MongoDB. */
        GroupStore failingTwice(AtomicInteger failures) {
            return new GroupStore(mongo.database()) {
                @Override
                public java.util.Map<String, GroupView> write(GroupWriteBatch batch) {
                    if (failures.get() < 2) {
                        failures.incrementAndGet();
                        throw new MongoException("simulated outage");
                    }
                    return super.write(batch);
                }
            };
        }
    }
}
