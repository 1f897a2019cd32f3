package chat.groups.command;

import chat.groups.api.ArchiveGroupCommand;
import chat.groups.api.Change;
import chat.groups.api.DeleteGroupCommand;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.MetadataKeys;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import chat.groups.api.UnarchiveGroupCommand;
import chat.groups.api.UpdateGroupCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Optimistic concurrency (If-Match) and idempotent retries (Idempotency-Key), as the aggregate rules them. */
class GroupConcurrencyControlTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    private static final GroupCreatedEvent CREATED_EVENT =
            new GroupCreatedEvent("g1", "acme", "conv1", "Plaza", null, null, List.of(), CREATED);

    private AggregateTestFixture<Group> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Group.class);
    }

    private static org.hamcrest.Matcher<Rejection> rejectedFor(Reason reason) {
        return Matchers.predicate(rejection -> rejection.reason() == reason);
    }

    private static UpdateGroupCommand rename(String name, Long expectedVersion) {
        return new UpdateGroupCommand("g1", "acme", Change.to(name), null, null, null, null, expectedVersion);
    }

    @Nested
    class IfMatch {

        @Test
        void aWriteAtTheExpectedVersionApplies() {
            fixture.given(CREATED_EVENT, new GroupRenamedEvent("g1", "The Plaza"))
                    .when(rename("Plaza Hotel", 1L))
                    .expectEvents(new GroupRenamedEvent("g1", "Plaza Hotel"))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aWriteExpectingAnOlderVersionIsRefusedWithTheCurrentOne() {
            fixture.given(CREATED_EVENT, new GroupRenamedEvent("g1", "The Plaza"))
                    .when(rename("Plaza Hotel", 0L))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.VERSION_MISMATCH, "Group 'g1' is at version 1, not 0 as "
                            + "If-Match expects: it changed since you read it. Retrieve it again, reapply your change "
                            + "and send If-Match: \"1\"."))
                    .expectNoEvents();
        }

        @Test
        void aWriteExpectingAFutureVersionIsRefused() {
            fixture.given(CREATED_EVENT)
                    .when(rename("Plaza Hotel", 7L))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(rejectedFor(Reason.VERSION_MISMATCH))
                    .expectNoEvents();
        }

        @Test
        void archiveUnarchiveAndDeleteCheckTheVersionToo() {
            fixture.given(CREATED_EVENT).when(new ArchiveGroupCommand("g1", "acme", CREATED, 3L))
                    .expectException(CommandExecutionException.class).expectNoEvents();
            fixture.given(CREATED_EVENT, new GroupArchivedEvent("g1", CREATED))
                    .when(new UnarchiveGroupCommand("g1", "acme", 0L))
                    .expectException(CommandExecutionException.class).expectNoEvents();
            fixture.given(CREATED_EVENT).when(new DeleteGroupCommand("g1", "acme", CREATED, 0L))
                    .expectEvents(new GroupDeletedEvent("g1", CREATED));
        }

        @Test
        void anotherAccountLearnsNothingAboutTheVersion() {
            fixture.given(CREATED_EVENT)
                    .when(new UpdateGroupCommand("g1", "intruder", Change.to("x"), null, null, null, null, 5L))
                    .expectExceptionDetails(Rejection.groupNotFound("g1"))
                    .expectNoEvents();
        }
    }

    @Nested
    class IdempotencyKey {

        private final Map<String, Object> firstTry = Map.of(
                MetadataKeys.IDEMPOTENCY_KEY, "key-1", MetadataKeys.IDEMPOTENCY_FINGERPRINT, "fp-rename");

        private GenericDomainEventMessage<GroupRenamedEvent> renamedWith(Map<String, Object> metaData) {
            return new GenericDomainEventMessage<>("Group", "g1", 1, new GroupRenamedEvent("g1", "The Plaza"),
                    MetaData.from(metaData));
        }

        @Test
        void aRetryChangesNothingAndAnswersTheVersionTheFirstTryLeft() {
            fixture.given(CREATED_EVENT).andGiven(List.of(renamedWith(firstTry)))
                    .andGiven(new GroupRenamedEvent("g1", "Changed by someone else"))
                    .when(rename("The Plaza", null), firstTry)
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void aRetryIsAnsweredEvenIfItsIfMatchIsNowStale() {
            fixture.given(CREATED_EVENT).andGiven(List.of(renamedWith(firstTry)))
                    .when(rename("The Plaza", 0L), firstTry)
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void theSameKeyWithAnotherRequestIsRefused() {
            fixture.given(CREATED_EVENT).andGiven(List.of(renamedWith(firstTry)))
                    .when(rename("Something else", null),
                            Map.of(MetadataKeys.IDEMPOTENCY_KEY, "key-1", MetadataKeys.IDEMPOTENCY_FINGERPRINT, "fp-other"))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(rejectedFor(Reason.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
        }

        @Test
        void aNewKeyIsANewRequest() {
            fixture.given(CREATED_EVENT).andGiven(List.of(renamedWith(firstTry)))
                    .when(rename("Plaza Hotel", null),
                            Map.of(MetadataKeys.IDEMPOTENCY_KEY, "key-2", MetadataKeys.IDEMPOTENCY_FINGERPRINT, "fp-rename"))
                    .expectEvents(new GroupRenamedEvent("g1", "Plaza Hotel"));
        }

        @Test
        void afterTwentyFourHoursTheKeyIsForgottenAndTheRequestRunsAgain() {
            fixture.givenCurrentTime(CREATED).andGiven(CREATED_EVENT).andGiven(List.of(renamedWith(firstTry)))
                    .andGiven(new GroupRenamedEvent("g1", "Changed since"))
                    .andGivenCurrentTime(CREATED.plus(Duration.ofHours(25)))
                    .when(rename("The Plaza", null), firstTry)
                    .expectEvents(new GroupRenamedEvent("g1", "The Plaza"));
        }
    }
}
