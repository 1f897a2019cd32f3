package chat.groups.query.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.common.testing.TestMongo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox against a real MongoDB wire protocol: idempotent enqueue, atomic leased claims, state changes. */
class WebhookOutboxTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    private WebhookOutbox outbox;
    private WebhookEndpoints endpoints;

    @BeforeEach
    void setUp() {
        outbox = new WebhookOutbox(mongo.database());
        outbox.ensureIndexes();
        endpoints = new WebhookEndpoints(mongo.database());
        endpoints.ensureIndexes();
    }

    @Test
    void enqueuingAnEventTwiceKeepsOneDeliveryAndDoesNotResetItsProgress() {
        WebhookEndpoint endpoint = endpoint("acme");
        outbox.enqueue(List.of(endpoint), "evt_1", WebhookEventType.GROUP_CREATED, "g1", 0, 1_000, 10_000);
        Delivery claimed = outbox.claim(2_000, "w1", 30_000, List.of()).orElseThrow();
        outbox.delivered(claimed, 200, 2_100);

        outbox.enqueue(List.of(endpoint), "evt_1", WebhookEventType.GROUP_CREATED, "g1", 0, 1_000, 10_000);

        Delivery stored = outbox.find(endpoint.id(), "evt_1").orElseThrow();
        assertThat(stored.status()).isEqualTo(Delivery.DELIVERED);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(outbox.list(endpoint.id(), null, 10, null, null)).hasSize(1);
    }

    @Test
    void aClaimedDeliveryBelongsToOneWorkerUntilItsLeaseRunsOut() {
        WebhookEndpoint endpoint = endpoint("acme");
        outbox.enqueue(List.of(endpoint), "evt_1", WebhookEventType.GROUP_CREATED, "g1", 0, 1_000, 10_000);

        assertThat(outbox.claim(2_000, "w1", 30_000, List.of())).isPresent();
        assertThat(outbox.claim(2_001, "w2", 30_000, List.of())).as("leased to w1").isEmpty();
        Optional<Delivery> afterLease = outbox.claim(32_001, "w2", 30_000, List.of());
        assertThat(afterLease).as("w1 died: its lease ran out").isPresent();
    }

    @Test
    void busyEndpointsAreSkippedSoOthersFlow() {
        WebhookEndpoint slow = endpoint("acme");
        WebhookEndpoint fast = endpoint("acme");
        outbox.enqueue(List.of(slow), "evt_1", WebhookEventType.GROUP_CREATED, "g1", 0, 1_000, 10_000);
        outbox.enqueue(List.of(fast), "evt_2", WebhookEventType.GROUP_CREATED, "g2", 0, 1_001, 10_000);

        Delivery claimed = outbox.claim(2_000, "w1", 30_000, List.of(slow.id())).orElseThrow();
        assertThat(claimed.endpointId()).isEqualTo(fast.id());
    }

    @Test
    void aFailedAttemptWaitsForItsNextAttemptAndCountsIt() {
        WebhookEndpoint endpoint = endpoint("acme");
        outbox.enqueue(List.of(endpoint), "evt_1", WebhookEventType.GROUP_UPDATED, "g1", 3, 1_000, 100_000);
        Delivery claimed = outbox.claim(2_000, "w1", 30_000, List.of()).orElseThrow();
        outbox.retryLater(claimed, 500, "HTTP 500", 2_100, 5_000);

        assertThat(outbox.claim(4_999, "w1", 30_000, List.of())).isEmpty();
        Delivery again = outbox.claim(5_000, "w1", 30_000, List.of()).orElseThrow();
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastStatusCode()).isEqualTo(500);
        outbox.failed(again, null, "No answer", 5_100);
        assertThat(outbox.find(endpoint.id(), "evt_1").orElseThrow().status()).isEqualTo(Delivery.FAILED);
        assertThat(outbox.claim(1_000_000, "w1", 30_000, List.of())).isEmpty();

        assertThat(outbox.resend(endpoint.id(), "evt_1", 6_000, 200_000)).isPresent();
        assertThat(outbox.claim(6_000, "w1", 30_000, List.of())).isPresent();
    }

    @Test
    void pausedDeliveriesWaitUntilTheirEndpointIsEnabledAgain() {
        WebhookEndpoint endpoint = endpoint("acme");
        outbox.enqueue(List.of(endpoint), "evt_1", WebhookEventType.GROUP_CREATED, "g1", 0, 1_000, 10_000);
        outbox.pauseAll(endpoint.id());
        assertThat(outbox.claim(2_000, "w1", 30_000, List.of())).isEmpty();
        outbox.resumeAll(endpoint.id(), 3_000, 50_000);
        assertThat(outbox.claim(3_000, "w1", 30_000, List.of())).hasValueSatisfying(d ->
                assertThat(d.deadline()).isEqualTo(50_000));
    }

    @Test
    void subscribersAreTheAccountsEndpointsForTheTypeThatExistedAtTheEvent() {
        WebhookEndpoint all = endpoints.create("acme", "https://a.example.com", null, List.of("*"), 1_000);
        WebhookEndpoint created = endpoints.create("acme", "https://b.example.com", null, List.of("group.created"), 1_000);
        endpoints.create("other", "https://c.example.com", null, List.of("*"), 1_000);
        WebhookEndpoint later = endpoints.create("acme", "https://d.example.com", null, List.of("*"), 5_000);
        WebhookEndpoint off = endpoints.create("acme", "https://e.example.com", null, List.of("*"), 1_000);
        endpoints.update("acme", off.id(), null, null, null, true, 2_000);

        assertThat(endpoints.subscribers("acme", WebhookEventType.GROUP_CREATED, 3_000))
                .extracting(WebhookEndpoint::id).containsExactlyInAnyOrder(all.id(), created.id(), off.id());
        assertThat(endpoints.subscribers("acme", WebhookEventType.GROUP_DELETED, 6_000))
                .extracting(WebhookEndpoint::id).containsExactlyInAnyOrder(all.id(), later.id(), off.id());
    }

    /** The dispatcher reads the endpoints of a batch's accounts at once; the same rules hold per account. */
    @Test
    void theEndpointsOfSeveralAccountsReadAtOnceGiveEachAccountItsOwnSubscribers() {
        WebhookEndpoint acme = endpoints.create("acme", "https://a.example.com", null, List.of("group.created"), 1_000);
        WebhookEndpoint other = endpoints.create("other", "https://c.example.com", null, List.of("*"), 1_000);
        endpoints.create("third", "https://d.example.com", null, List.of("*"), 1_000);

        WebhookEndpoints.Subscriptions batch = endpoints.of(List.of("acme", "other", "none"));

        assertThat(batch.covers("third")).isFalse();
        assertThat(batch.subscribers("acme", WebhookEventType.GROUP_CREATED, 3_000))
                .extracting(WebhookEndpoint::id).containsExactly(acme.id());
        assertThat(batch.subscribers("acme", WebhookEventType.GROUP_DELETED, 3_000)).isEmpty();
        assertThat(batch.subscribers("other", WebhookEventType.GROUP_DELETED, 3_000))
                .extracting(WebhookEndpoint::id).containsExactly(other.id());
        assertThat(batch.subscribers("other", WebhookEventType.GROUP_DELETED, 500)).isEmpty();
        assertThat(batch.subscribers("none", WebhookEventType.GROUP_CREATED, 3_000)).isEmpty();
    }

    @Test
    void aDisabledEndpointsDeliveriesWaitPaused() {
        WebhookEndpoint off = endpoints.create("acme", "https://e.example.com", null, List.of("*"), 1_000);
        off = endpoints.update("acme", off.id(), null, null, null, true, 2_000).orElseThrow();
        outbox.enqueue(List.of(off), "evt_1", WebhookEventType.GROUP_CREATED, "g1", 0, 3_000, 10_000);
        assertThat(outbox.find(off.id(), "evt_1").orElseThrow().status()).isEqualTo(Delivery.PAUSED);
        assertThat(outbox.claim(4_000, "w1", 30_000, List.of())).isEmpty();
    }

    @Test
    void anEndpointFailingLongerThanAllowedIsDisabledOnceAndASuccessResetsTheClock() {
        WebhookEndpoint endpoint = endpoints.create("acme", "https://a.example.com", null, List.of("*"), 0);
        assertThat(endpoints.recordFailure(endpoint.id(), 1_000, 10_000)).isFalse();
        endpoints.recordSuccess(endpoint.id());
        assertThat(endpoints.recordFailure(endpoint.id(), 20_000, 10_000)).isFalse();
        assertThat(endpoints.byId(endpoint.id()).orElseThrow().failingSince()).isEqualTo(20_000);
        assertThat(endpoints.recordFailure(endpoint.id(), 29_999, 10_000)).isFalse();
        assertThat(endpoints.recordFailure(endpoint.id(), 30_000, 10_000)).isTrue();
        assertThat(endpoints.recordFailure(endpoint.id(), 30_001, 10_000)).as("already disabled").isFalse();
        WebhookEndpoint disabled = endpoints.byId(endpoint.id()).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).isEqualTo(WebhookEndpoint.REASON_FAILING);
    }

    private WebhookEndpoint endpoint(String account) {
        return endpoints.create(account, "https://example.com/hook", null, List.of("*"), 0);
    }
}
