package chat.groups.command;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.predicate;

import chat.groups.api.Change;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.UpdateGroupCommand;
import chat.groups.common.audit.AuditMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who asked for a change travels from the command onto every event it causes. */
class GroupAuditMetadataTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Map<String, Object> AUDIT = Map.of(
            AuditMetadata.ACCOUNT, "acme",
            AuditMetadata.API_KEY_ID, "key_0123456789ab",
            AuditMetadata.REQUEST_ID, "req_trace",
            AuditMetadata.IDEMPOTENCY_KEY, "retry-1");

    private AggregateTestFixture<Group> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Group.class);
        fixture.registerCommandHandlerInterceptor(new CorrelationDataInterceptor<>(AuditMetadata.correlationDataProvider()));
    }

    @Test
    void aCreatedEventCarriesTheAccountKeyRequestAndIdempotencyKey() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupCommand("g1", "acme", "conv1", "Plaza", null, null, List.of(), NOW), AUDIT)
                .expectEventsMatching(exactSequenceOf(
                        predicate(event ->
                                event.getPayload() instanceof GroupCreatedEvent
                                        && event.getMetaData().entrySet().containsAll(AUDIT.entrySet())),
                        andNoMore()));
    }

    @Test
    void everyEventOfAnUpdateCarriesTheSameRequest() {
        fixture.given(new GroupCreatedEvent("g1", "acme", "conv1", "Plaza", null, null, List.of(), NOW))
                .when(new UpdateGroupCommand("g1", "acme", Change.to("The Plaza"), Change.to("Finest."), null, null, null),
                        AUDIT)
                .expectEvents(new GroupRenamedEvent("g1", "The Plaza"), new GroupDescriptionChangedEvent("g1", "Finest."))
                .expectEventsMatching(exactSequenceOf(
                        predicate(event ->
                                event.getMetaData().get(AuditMetadata.REQUEST_ID).equals("req_trace")),
                        predicate(event ->
                                event.getMetaData().get(AuditMetadata.REQUEST_ID).equals("req_trace")),
                        andNoMore()));
    }
}
