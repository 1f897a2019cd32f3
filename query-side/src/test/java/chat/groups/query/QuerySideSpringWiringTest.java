package chat.groups.query;

import chat.groups.common.testing.TestMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import chat.groups.common.testing.ServiceTesting;
import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupPage;
import chat.groups.api.GroupView;
import chat.groups.api.ListGroupsQuery;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration;
import org.axonframework.springboot.autoconfig.InfraConfiguration;
import org.axonframework.springboot.autoconfig.InterceptorAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.axonframework.springboot.autoconfig.MetricsAutoConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.XStreamAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The query side as Spring Boot and Axon's auto-configuration assemble it (without the web
 * layer and Axon Server, and with an in-memory event store standing in for the command
 * side's): events published to the event store reach the read model through the
 * configured processor, and queries sent through Axon's gateway are answered from it.
 */
class QuerySideSpringWiringTest {

    @RegisterExtension
    static final TestMongo mongo = TestMongo.sharedByAllTests();

    static final String ACCOUNT = "acct_owner";
    static final Duration WAIT = Duration.ofSeconds(30);

    static ConfigurableApplicationContext context;

    /** Axon's auto-configuration and the query side's beans, nothing of the other modules. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
            AxonAutoConfiguration.class, AxonServerAutoConfiguration.class, AxonServerBusAutoConfiguration.class,
            AxonTracingAutoConfiguration.class, EventProcessingAutoConfiguration.class, InfraConfiguration.class,
            InterceptorAutoConfiguration.class, JdbcAutoConfiguration.class, JpaAutoConfiguration.class,
            JpaEventStoreAutoConfiguration.class, MetricsAutoConfiguration.class,
            NoOpTransactionAutoConfiguration.class, ObjectMapperAutoConfiguration.class,
            TransactionAutoConfiguration.class, XStreamAutoConfiguration.class})
    @Import({QuerySideMongoConfiguration.class, GroupProjection.class, GroupQueryHandlers.class})
    static class QuerySide {

        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        /** Axon's general serializer, as the services configure it: JSON rather than XStream. */
        @Bean
        @Primary
        Serializer serializer() {
            return JacksonSerializer.defaultSerializer();
        }
    }

    @BeforeAll
    static void start() {
        System.setProperty("disable-axoniq-console-message", "true");
        context = new SpringApplicationBuilder(QuerySide.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "axon.axonserver.enabled=false",
                        "groups.keys.dir=" + ServiceTesting.tempKeysDir(),
                        "groups.mongodb.uri=" + mongo.uri(),
                        "groups.mongodb.database=" + mongo.database().getName())
                .run();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    static void publish(String groupId, long sequence, Object event) {
        context.getBean(EventStore.class).publish(new GenericDomainEventMessage<>("Group", groupId, sequence, event));
    }

    static <R> R query(Object query, Class<R> type) throws Exception {
        return context.getBean(QueryGateway.class).query(query, ResponseTypes.instanceOf(type)).get();
    }

    @Test
    void the_projection_runs_in_a_tracking_processor_with_its_tokens_in_mongodb() {
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        assertThat(processing.eventProcessor(GroupProjection.PROCESSING_GROUP, TrackingEventProcessor.class))
                .isPresent();
        assertThat(processing.tokenStore(GroupProjection.PROCESSING_GROUP)).isInstanceOf(MongoTokenStore.class);
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(MongoTokenStore.class);
        await().atMost(WAIT).untilAsserted(() -> assertThat(mongo.database().getCollection("trackingtokens")
                .countDocuments(Filters.eq("processorName", GroupProjection.PROCESSING_GROUP))).isPositive());
    }

    @Test
    void a_failing_event_handler_stops_the_segment_for_a_retry_instead_of_being_logged_and_skipped() {
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);

        assertThat(processing.listenerInvocationErrorHandler(GroupProjection.PROCESSING_GROUP))
                .isSameAs(PropagatingErrorHandler.instance());
        assertThat(processing.errorHandler(GroupProjection.PROCESSING_GROUP)).isInstanceOf(RetryingErrorHandler.class);
    }

    @Test
    void published_events_reach_the_read_model_and_queries_answer_from_it() throws Exception {
        publish("wired1", 0, new GroupCreatedEvent("wired1", ACCOUNT, "conv", "Plaza Hotel", null, null,
                List.of(), Instant.parse("2024-03-01T12:00:00Z")));
        publish("wired1", 1, new GroupRenamedEvent("wired1", "Plaza"));

        await().atMost(WAIT).untilAsserted(() -> {
            Optional<GroupView> group = context.getBean(QueryGateway.class)
                    .query(new FindGroupQuery(ACCOUNT, "wired1"), ResponseTypes.optionalInstanceOf(GroupView.class))
                    .get();
            assertThat(group).map(GroupView::version).contains(1L);
        });
        GroupPage page = query(new ListGroupsQuery(ACCOUNT, 10, null, null, null), GroupPage.class);
        assertThat(page.data()).extracting(GroupView::name).contains("Plaza");
    }

    @Test
    void an_unknown_cursor_reaches_the_caller_as_a_rejection() {
        Throwable failure = catchThrowable(() -> query(
                new ListGroupsQuery(ACCOUNT, 10, "no_such_group", null, null), GroupPage.class));

        assertThat(Rejection.of(failure)).map(Rejection::reason).contains(Reason.UNKNOWN_CURSOR);
    }
}
