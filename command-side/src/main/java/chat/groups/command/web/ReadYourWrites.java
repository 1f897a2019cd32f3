package chat.groups.command.web;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupView;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.Outages;
import chat.groups.common.history.GroupHistory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Holds a write's answer until the read model shows it, so a client's next read sees its
 * own write. Before the write is sent, it subscribes to the group in the read model (an Axon
 * subscription query, which works the same in one JVM and across services through Axon
 * Server); after, it waits, within a bounded time, for the version the command produced.
 * <p>
 * Subscribing first means the read model's update for the write reaches the subscription, so
 * the wait needs no query of its own. In one JVM that is certain: the subscription is
 * registered before the command is sent. Through Axon Server the subscription travels apart
 * from the command and could, in principle, reach the query side after the update was sent;
 * so when no update has shown the version after {@link #READS_AFTER its first delay}, the wait
 * also asks the read model directly, a few times, further apart. A subscription's initial
 * query (a round trip through the query bus and MongoDB, and through Axon Server in the split
 * deployment) was a tenth of a write's request thread: it is never run, and a create reads
 * nothing unless its update is late. A write to an existing group may change nothing and so
 * send no update: it reads the group at once too ({@link #watch}).
 * <p>
 * The write is stored before the wait starts, so a wait that cannot succeed (the query side
 * is down or lagging, or Axon Server cannot route the subscription) never turns the answer
 * into an error: the group is then folded from its events up to the version the write
 * produced, and the answer says that reads do not show it yet ({@link Written#visible()}).
 * <p>
 * Every type asked for here crosses Axon Server in the split deployment, so each is one that
 * survives its serialization: a group is asked as a plain {@link GroupView} ({@code null}, so
 * an empty result, when the read model has no such group). An {@code Optional} would come back
 * through Axon Server as an {@code Optional} of a map.
 */
@Component
class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    /**
     * When a watch that has seen no update showing the write reads the read model itself: each
     * delay after the previous read. A read before the update arrives is wasted, so the first
     * comes after the write → visible time under load (p99 106 ms standalone; in a split
     * deployment on one 2-core machine, 37 of 60 parallel creates had not seen their update after
     * 50 ms, measured); the later ones keep a lagging read model from being asked more than three
     * times per write. Only a subscription that reached the query side after the update (split
     * deployment) waits for a read.
     */
    static final List<Duration> READS_AFTER = List.of(Duration.ofMillis(200), Duration.ofMillis(800),
            Duration.ofMillis(3200));

    /** A write to an existing group reads it at once too: it may change nothing and so send no update. */
    private static final List<Duration> AT_ONCE_THEN_READS_AFTER = Stream.concat(Stream.of(Duration.ZERO),
            READS_AFTER.stream()).toList();

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

    /**
     * Watches a group that is being created: open it before sending the create, close it after.
     * A create always makes an event, so the read model's update answers it; no read at once.
     */
    Watch watchNew(String accountId, String groupId) {
        return watch(accountId, groupId, READS_AFTER);
    }

    /**
     * Watches an existing group: open it before sending the write, close it after. A write that
     * changes nothing (a repeated PUT, a member already there) makes no event and so no update:
     * the read model is also read at once, as the subscription's initial query did, so such a
     * write answers without waiting for {@link #READS_AFTER the first delay} (200 ms).
     */
    Watch watch(String accountId, String groupId) {
        return watch(accountId, groupId, AT_ONCE_THEN_READS_AFTER);
    }

    private Watch watch(String accountId, String groupId, List<Duration> readsAfter) {
        try {
            return new Watch(accountId, groupId, readsAfter, queries.subscriptionQuery(
                    new FindGroupQuery(accountId, groupId),
                    ResponseTypes.instanceOf(GroupView.class), ResponseTypes.instanceOf(GroupView.class)), null);
        } catch (RuntimeException e) {
            return new Watch(accountId, groupId, readsAfter, null, e);
        }
    }

    /** One group in the read model, watched from before a write to after its answer. */
    final class Watch implements AutoCloseable {

        private final String accountId;
        private final String groupId;
        private final List<Duration> readsAfter;
        private final SubscriptionQueryResult<GroupView, GroupView> subscription;
        private final RuntimeException unsubscribed;

        private Watch(String accountId, String groupId, List<Duration> readsAfter,
                      SubscriptionQueryResult<GroupView, GroupView> subscription, RuntimeException unsubscribed) {
            this.accountId = accountId;
            this.groupId = groupId;
            this.readsAfter = readsAfter;
            this.subscription = subscription;
            this.unsubscribed = unsubscribed;
        }

        List<Duration> readsAfter() {
            return readsAfter;
        }

        /** The group once the read model holds {@code version} of it, or as its events left it if reads lag. */
        Written atVersion(long version) {
            Optional<Optional<GroupView>> seen = await(
                    update -> update.isEmpty() || update.get().version() >= version,
                    read -> read.isPresent() && read.get().version() >= version);
            if (seen.isPresent()) {
                return new Written(seen.get().orElseThrow(() -> ApiException.groupNotFound(
                        "Group '" + groupId + "' was deleted by another request while this one was applied.")), true);
            }
            return new Written(fromEvents(groupId, version), false);
        }

        /**
         * Whether the read model already shows the deletion (false: it will, shortly). The read
         * model ends the subscription on a deletion; a read that finds no group tells it too.
         */
        boolean deleted() {
            return await(Optional::isEmpty, Optional::isEmpty).isPresent();
        }

        /**
         * The first state that passes: an update passing {@code byUpdate} (an empty one when the
         * read model ends the subscription, on a deletion), or a direct read passing
         * {@code byRead} (empty when the read model has no such group); nothing when the read
         * model could not tell in time.
         */
        private Optional<Optional<GroupView>> await(Predicate<Optional<GroupView>> byUpdate,
                                                    Predicate<Optional<GroupView>> byRead) {
            if (subscription == null) {
                return unconfirmed(groupId, unsubscribed);
            }
            Flux<Optional<GroupView>> updates = subscription.updates().map(Optional::of)
                    .concatWith(Mono.just(Optional.empty()))
                    .filter(byUpdate);
            Flux<Optional<GroupView>> reads = Flux.fromIterable(readsAfter)
                    .concatMap(delay -> Mono.delay(delay).then(read()))
                    .filter(byRead);
            try {
                return Optional.of(Flux.merge(updates, reads).next().timeout(timeout).blockOptional()
                        .orElse(Optional.empty()));
            } catch (RuntimeException e) {
                return unconfirmed(groupId, e);
            }
        }

        private Mono<Optional<GroupView>> read() {
            return Mono.fromFuture(() -> queries.query(new FindGroupQuery(accountId, groupId),
                            ResponseTypes.instanceOf(GroupView.class)))
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty());
        }

        @Override
        public void close() {
            if (subscription == null) {
                return;
            }
            try {
                subscription.close();
            } catch (Sinks.EmissionException alreadyCompleted) {
                // The read model completed the subscription (a deletion); Axon 4.13 throws when it is then cancelled.
            } catch (RuntimeException unreachable) {
                // Cancelling tells Axon Server; when it is unreachable there is nothing left to cancel.
            }
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
}
