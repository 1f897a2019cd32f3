package chat.groups.command;

import chat.groups.api.ClaimIdempotencyKeyCommand;
import chat.groups.api.IdempotencyKeyClaimedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** A key's claim is created once, recording the request it serves; a second claim of the same id is refused. */
class IdempotencyKeyClaimTest {

    private final AggregateTestFixture<IdempotencyKeyClaim> fixture = new AggregateTestFixture<>(IdempotencyKeyClaim.class);

    @Test
    void aClaimRecordsTheRequestTheKeyServes() {
        fixture.givenNoPriorActivity()
                .when(new ClaimIdempotencyKeyCommand("key_1", "acme", "f1", "PUT /v1/groups/abc"))
                .expectEvents(new IdempotencyKeyClaimedEvent("key_1", "acme", "f1", "PUT /v1/groups/abc"));
    }

    @Test
    void aSecondClaimOfTheSameKeyFailsAndRecordsNothing() {
        fixture.given(new IdempotencyKeyClaimedEvent("key_1", "acme", "f1", "PUT /v1/groups/abc"))
                .when(new ClaimIdempotencyKeyCommand("key_1", "acme", "f2", "DELETE /v1/groups/xyz"))
                .expectException(Exception.class)
                .expectNoEvents();
    }
}
