package chat.groups.query.webhooks;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.MetadataKeys;
import chat.groups.api.PublicIds;
import chat.groups.common.history.GroupHistory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Turns group events into webhook deliveries: for each event, one delivery per endpoint of
 * the group's account that subscribes to its type, written to the outbox before the
 * processor's token moves past the event (a crash re-dispatches, and the deterministic
 * delivery ids make that harmless). It sends nothing itself ({@link DeliveryWorker} does).
 * <p>
 * Runs in the tracking processor {@value #PROCESSING_GROUP}, with its token in MongoDB next to
 * the outbox. It never runs during a replay ({@link DisallowReplay}); projection rebuilds use
 * processors of their own and never reach it.
 */
@ProcessingGroup(WebhookDispatcher.PROCESSING_GROUP)
public class WebhookDispatcher {

    public static final String PROCESSING_GROUP = "webhook-dispatcher";

    private static final String SUBSCRIPTIONS = WebhookDispatcher.class.getName() + "#subscriptions";

    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final GroupHistory history;
    private final WebhookSettings settings;
    private final Runnable newDeliveries;

    public WebhookDispatcher(WebhookEndpoints endpoints, WebhookOutbox outbox, GroupHistory history,
                             WebhookSettings settings, Runnable newDeliveries) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.history = history;
        this.settings = settings;
        this.newDeliveries = newDeliveries;
    }

    /**
     * Takes the message, not the event: the event's type, group and account are readable
     * without decrypting its payload, which is only decrypted when the account has a subscriber
     * (most accounts have none, and decrypting every event cost a tenth of a write's CPU).
     */
    @EventHandler(payloadType = GroupEvent.class)
    @DisallowReplay
    void on(DomainEventMessage<?> message) {
        WebhookEventType type = WebhookEventType.of(message.getPayloadType());
        String accountId = accountOf(message);
        long createdAt = message.getTimestamp().toEpochMilli();
        List<WebhookEndpoint> subscribers = subscribers(accountId, type, createdAt);
        if (subscribers.isEmpty()) {
            return;
        }
        outbox.enqueue(subscribers, eventIdOf(message.getIdentifier()), type, message.getAggregateIdentifier(),
                message.getSequenceNumber(), createdAt, createdAt + settings.retryFor().toMillis());
        newDeliveries.run();
    }

    /**
     * The endpoints of a batch's accounts are read once, with the batch's first event: one query per
     * batch rather than per event (it was a third of the dispatcher's time under load). They are
     * read at most a batch's processing time after the events happened, as they were per event.
     */
    private List<WebhookEndpoint> subscribers(String accountId, WebhookEventType type, long eventMillis) {
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            WebhookEndpoints.Subscriptions batch = unitOfWork.root()
                    .getOrComputeResource(SUBSCRIPTIONS, key -> endpoints.of(accountsOf(unitOfWork, accountId)));
            if (batch.covers(accountId)) {
                return batch.subscribers(accountId, type, eventMillis);
            }
        }
        return endpoints.subscribers(accountId, type, eventMillis);
    }

    /** The accounts the batch's events name in their metadata, and {@code accountId}. */
    private static Set<String> accountsOf(UnitOfWork<?> unitOfWork, String accountId) {
        Set<String> accounts = new HashSet<>();
        accounts.add(accountId);
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
            for (Message<?> message : batch.getMessages()) {
                if (message.getMetaData().get(MetadataKeys.ACCOUNT) instanceof String account) {
                    accounts.add(account);
                }
            }
        }
        return accounts;
    }

    /** The webhook event id: derived from the stored event's identifier, so it is the same on every attempt and instance. */
    public static String eventIdOf(String axonEventIdentifier) {
        return "evt_" + PublicIds.derived("webhook-event:" + axonEventIdentifier);
    }

    /** From the event's audit metadata; for an event without it, from the group's creation. */
    private String accountOf(DomainEventMessage<?> message) {
        Object account = message.getMetaData().get(MetadataKeys.ACCOUNT);
        if (account instanceof String value) {
            return value;
        }
        if (message.getPayload() instanceof GroupCreatedEvent created) {
            return created.accountId();
        }
        return history.events(message.getAggregateIdentifier()).stream()
                .map(DomainEventMessage::getPayload)
                .filter(GroupCreatedEvent.class::isInstance)
                .map(created -> ((GroupCreatedEvent) created).accountId())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Group " + message.getAggregateIdentifier() + " has no creation event"));
    }
}
