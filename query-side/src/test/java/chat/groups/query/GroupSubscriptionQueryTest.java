package chat.groups.query;

import chat.groups.common.testing.TestMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import chat.groups.api.Contact;
import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subscription query for one group, through Axon's {@link SimpleQueryBus}: the initial
 * answer comes from the query handler, the updates from the projection. This is how the
 * HTTP layer waits for its own writes to reach the read model.
 */
class GroupSubscriptionQueryTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    static final String ACCOUNT = "acct_owner";
    static final String GROUP = "l7cGNIBKZiNJ6wqF";
    static final Instant CREATED_AT = Instant.parse("2024-03-01T12:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(5);

    SimpleQueryBus queryBus;
    GroupProjection projection;

    @BeforeEach
    void setUp() {
        GroupStore store = new GroupStore(mongo.database());
        store.ensureIndexes();
        SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
        queryBus = SimpleQueryBus.builder().queryUpdateEmitter(emitter).build();
        new AnnotationQueryHandlerAdapter<>(new GroupQueryHandlers(() -> store)).subscribe(queryBus);
        projection = new GroupProjection(() -> store, emitter);
    }

    SubscriptionQueryResult<QueryResponseMessage<Optional<GroupView>>, SubscriptionQueryUpdateMessage<GroupView>>
            subscribe(String accountId, String groupId) {
        return queryBus.subscriptionQuery(new GenericSubscriptionQueryMessage<>(
                new FindGroupQuery(accountId, groupId),
                ResponseTypes.optionalInstanceOf(GroupView.class),
                ResponseTypes.instanceOf(GroupView.class)), 256);
    }

    static GroupCreatedEvent created() {
        return new GroupCreatedEvent(GROUP, ACCOUNT, "conv_1", "Plaza Hotel", null, null,
                List.of(new Contact("c1", "alice", null, null, null, null, null, null)), CREATED_AT);
    }

    @Test
    void a_subscriber_gets_the_current_state_then_every_change_until_the_group_is_deleted() {
        var result = subscribe(ACCOUNT, GROUP);
        assertThat(result.initialResult().block(WAIT).getPayload()).isEmpty();

        projection.on(created(), 0);
        projection.on(new GroupRenamedEvent(GROUP, "Plaza"), 1);
        projection.on(new GroupRenamedEvent(GROUP, "Plaza"), 1); // redelivered: the same state again
        projection.on(new GroupDeletedEvent(GROUP, CREATED_AT.plusSeconds(60)), 2);

        List<GroupView> updates = result.updates().map(Message::getPayload).collectList().block(WAIT);
        assertThat(updates).extracting(GroupView::version, GroupView::name)
                .containsExactly(tuple(0L, "Plaza Hotel"),
                        tuple(1L, "Plaza"),
                        tuple(1L, "Plaza"));
    }

    @Test
    void a_subscriber_to_an_existing_group_gets_it_as_the_initial_result() {
        projection.on(created(), 0);

        var result = subscribe(ACCOUNT, GROUP);

        assertThat(result.initialResult().block(WAIT).getPayload())
                .hasValueSatisfying(group -> assertThat(group.version()).isZero());
        result.cancel();
    }

    @Test
    void a_subscriber_of_another_account_gets_neither_the_group_nor_its_updates() {
        var intruder = subscribe("acct_intruder", GROUP);
        assertThat(intruder.initialResult().block(WAIT).getPayload()).isEmpty();

        projection.on(created(), 0);
        projection.on(new GroupRenamedEvent(GROUP, "Plaza"), 1);
        projection.on(new GroupDeletedEvent(GROUP, CREATED_AT.plusSeconds(60)), 2);

        assertThat(intruder.updates().map(Message::getPayload).collectList().block(WAIT)).isEmpty();
    }
}
