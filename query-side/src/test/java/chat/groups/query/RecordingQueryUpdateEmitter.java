package chat.groups.query;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupView;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;

/**
 * Axon's own {@link SimpleQueryUpdateEmitter}, which also remembers what it was asked to
 * emit and complete, so a test can ask what a given subscription would have received.
 * (Registering a live subscription needs Project Reactor, which this module does not ship.)
 */
final class RecordingQueryUpdateEmitter extends SimpleQueryUpdateEmitter {

    private record Emission(Predicate<SubscriptionQueryMessage<?, ?, ?>> filter, Object update) {
    }

    private final List<Emission> emissions = new CopyOnWriteArrayList<>();
    private final List<Predicate<SubscriptionQueryMessage<?, ?, ?>>> completions = new CopyOnWriteArrayList<>();

    RecordingQueryUpdateEmitter() {
        super(SimpleQueryUpdateEmitter.builder());
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <U> void emit(Predicate<SubscriptionQueryMessage<?, ?, U>> filter, SubscriptionQueryUpdateMessage<U> update) {
        emissions.add(new Emission((Predicate) filter, update.getPayload()));
        super.emit(filter, update);
    }

    @Override
    public void complete(Predicate<SubscriptionQueryMessage<?, ?, ?>> filter) {
        completions.add(filter);
        super.complete(filter);
    }

    /** The updates a subscriber to {@code FindGroupQuery(accountId, groupId)} received, in order. */
    List<GroupView> updatesFor(String accountId, String groupId) {
        SubscriptionQueryMessage<?, ?, ?> subscription = subscription(accountId, groupId);
        return emissions.stream()
                .filter(emission -> emission.filter().test(subscription))
                .map(emission -> (GroupView) emission.update())
                .toList();
    }

    /** Whether a subscription to {@code FindGroupQuery(accountId, groupId)} was completed. */
    boolean completedFor(String accountId, String groupId) {
        SubscriptionQueryMessage<?, ?, ?> subscription = subscription(accountId, groupId);
        return completions.stream().anyMatch(filter -> filter.test(subscription));
    }

    /** Whether anything at all was emitted or completed. */
    boolean isSilent() {
        return emissions.isEmpty() && completions.isEmpty();
    }

    void forget() {
        emissions.clear();
        completions.clear();
    }

    private static SubscriptionQueryMessage<?, ?, ?> subscription(String accountId, String groupId) {
        return new GenericSubscriptionQueryMessage<>(new FindGroupQuery(accountId, groupId),
                ResponseTypes.optionalInstanceOf(GroupView.class), ResponseTypes.instanceOf(GroupView.class));
    }
}
