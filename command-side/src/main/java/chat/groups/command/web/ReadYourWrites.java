package chat.groups.command.web;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupView;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.Sinks;

/**
 * Holds a write's answer until the read model shows it, so a client's next read sees its
 * own write. It subscribes to the group in the read model (an Axon subscription query,
 * which works the same in one JVM and across services through Axon Server) and waits,
 * within a bounded time, for the version the command produced.
 */
@Component
class ReadYourWrites {

    private final QueryGateway queries;
    private final Duration timeout;

    ReadYourWrites(QueryGateway queries, @Value("${groups.read-your-writes.timeout}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    /** The group as the read model holds it once it reached {@code version}. */
    GroupView atVersion(String accountId, String groupId, long version) {
        Optional<GroupView> state = await(accountId, groupId,
                group -> group.isPresent() && group.get().version() >= version);
        return state.orElseThrow(() -> ApiException.groupNotFound(
                "Group '" + groupId + "' was deleted by another request while this one was applied."));
    }

    void deleted(String accountId, String groupId) {
        await(accountId, groupId, Optional::isEmpty);
    }

    /** The first state that passes {@code reached}; empty when the read model ends the subscription (a deletion). */
    private Optional<GroupView> await(String accountId, String groupId,
                                      Predicate<Optional<GroupView>> reached) {
        SubscriptionQueryResult<Optional<GroupView>, GroupView> subscription = queries.subscriptionQuery(
                new FindGroupQuery(accountId, groupId),
                ResponseTypes.optionalInstanceOf(GroupView.class),
                ResponseTypes.instanceOf(GroupView.class));
        try {
            return subscription.initialResult().flux()
                    .concatWith(subscription.updates().map(Optional::of))
                    .filter(reached)
                    .next()
                    .timeout(timeout)
                    .blockOptional()
                    .flatMap(state -> state);
        } catch (RuntimeException e) {
            if (!(Exceptions.unwrap(e) instanceof TimeoutException)) {
                throw e;
            }
            throw new ApiException(ErrorCode.WRITE_NOT_YET_VISIBLE,
                    "The change to group '" + groupId + "' was saved, but reads do not show it yet (waited "
                            + timeout.toSeconds() + " s). Retrieve the group again in a moment; do not repeat the request.");
        } finally {
            close(subscription);
        }
    }

    private static void close(SubscriptionQueryResult<?, ?> subscription) {
        try {
            subscription.close();
        } catch (Sinks.EmissionException alreadyCompleted) {
            // The read model completed the subscription (a deletion); Axon 4.13 throws when it is then cancelled.
        }
    }
}
