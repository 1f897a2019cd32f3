package chat.groups.command.web;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupView;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.Outages;
import chat.groups.common.history.GroupHistory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.Sinks;

/**
 * Holds a write's answer until the read model shows it, so a client's next read sees its
 * own write. It subscribes to the group in the read model (an Axon subscription query,
 * which works the same in one JVM and across services through Axon Server) and waits,
 * within a bounded time, for the version the command produced.
 * <p>
 * The write is stored before the wait starts, so a wait that cannot succeed (the query side
 * is down or lagging, or Axon Server cannot route the subscription) never turns the answer
 * into an error: the group is then folded from its events up to the version the write
 * produced, and the answer says that reads do not show it yet ({@link Written#visible()}).
 * <p>
 * Every type asked for here crosses Axon Server in the split deployment, so each is one that
 * survives its serialization: the initial result is asked as a plain {@link GroupView}
 * ({@code null}, so an empty result, when the read model has no such group). An
 * {@code Optional} would come back through Axon Server as an {@code Optional} of a map,
 * because subscription queries' initial results are not converted to the asked type.
 */
@Component
class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    /** The group as a write left it, and whether reads already show it. */
    record Written(GroupView group, boolean visible) {
    }

    private final QueryGateway queries;
    private final GroupHistory history;
    private final Duration timeout;

    ReadYourWrites(QueryGateway queries, GroupHistory history,
                   @Value("${groups.read-your-writes.timeout}") Duration timeout) {
        this.queries = queries;
        this.history = history;
        this.timeout = timeout;
    }

    /** The group once the read model holds {@code version} of it, or as its events left it if reads lag. */
    Written atVersion(String accountId, String groupId, long version) {
        Optional<Optional<GroupView>> seen = await(accountId, groupId,
                group -> group.isPresent() && group.get().version() >= version);
        if (seen.isPresent()) {
            return new Written(seen.get().orElseThrow(() -> ApiException.groupNotFound(
                    "Group '" + groupId + "' was deleted by another request while this one was applied.")), true);
        }
        return new Written(fromEvents(groupId, version), false);
    }

    /**
     * Whether the read model already shows the deletion (false: it will, shortly). The read
     * model ends the subscription on a deletion, and through Axon Server that can come before
     * the initial result is asked for ("already completed"): then one plain query tells.
     */
    boolean deleted(String accountId, String groupId) {
        return await(accountId, groupId, Optional::isEmpty).isPresent() || absent(accountId, groupId);
    }

    private boolean absent(String accountId, String groupId) {
        try {
            return queries.query(new FindGroupQuery(accountId, groupId), ResponseTypes.instanceOf(GroupView.class))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS) == null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * The first state that passes {@code reached} (empty inside when the read model ends the
     * subscription: a deletion), or nothing when the read model could not tell in time.
     */
    private Optional<Optional<GroupView>> await(String accountId, String groupId,
                                                Predicate<Optional<GroupView>> reached) {
        SubscriptionQueryResult<GroupView, GroupView> subscription;
        try {
            subscription = queries.subscriptionQuery(new FindGroupQuery(accountId, groupId),
                    ResponseTypes.instanceOf(GroupView.class), ResponseTypes.instanceOf(GroupView.class));
        } catch (RuntimeException e) {
            return unconfirmed(groupId, e);
        }
        try {
            Optional<GroupView> state = subscription.initialResult().map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .concatWith(subscription.updates().map(Optional::of))
                    .filter(reached)
                    .next()
                    .timeout(timeout)
                    .blockOptional()
                    .orElse(Optional.empty());
            return Optional.of(state);
        } catch (RuntimeException e) {
            return unconfirmed(groupId, e);
        } finally {
            close(subscription);
        }
    }

    private Optional<Optional<GroupView>> unconfirmed(String groupId, RuntimeException e) {
        Throwable cause = Exceptions.unwrap(e);
        if (cause instanceof TimeoutException) {
            log.warn("Read model did not show the write to group {} within {} s; answering from the event store",
                    groupId, timeout.toSeconds());
        } else if (Outages.isOutage(cause)) {
            log.warn("Read model unreachable for group {} ({}); answering from the event store", groupId,
                    Outages.describe(cause));
        } else {
            throw e;
        }
        return Optional.empty();
    }

    /** The group as the events up to {@code version} left it: the write's own result, stored but not yet read back. */
    private GroupView fromEvents(String groupId, long version) {
        try {
            return GroupHistory.fold(history.events(groupId), event -> event.getSequenceNumber() <= version).view();
        } catch (RuntimeException e) {
            if (!Outages.isOutage(e)) {
                throw e;
            }
            throw Outages.savedButUnconfirmed(groupId, e);
        }
    }

    private static void close(SubscriptionQueryResult<?, ?> subscription) {
        try {
            subscription.close();
        } catch (Sinks.EmissionException alreadyCompleted) {
            // The read model completed the subscription (a deletion); Axon 4.13 throws when it is then cancelled.
        } catch (RuntimeException unreachable) {
            // Cancelling tells Axon Server; when it is unreachable there is nothing left to cancel.
        }
    }
}
