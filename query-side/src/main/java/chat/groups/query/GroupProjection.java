package chat.groups.query;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.stereotype.Component;

/**
 * Keeps the live version of the read model in step with the group events, and tells
 * subscribers of {@link FindGroupQuery} the group's state once it reflects them (the HTTP
 * layer waits on those updates for read-your-writes).
 * <p>
 * Runs in its own streaming processor (see {@link QuerySideMongoConfiguration}). The events of
 * a processor batch are folded into a {@link GroupWriteBatch} and written with one bulk write
 * when the batch's last event is handled, before the processor stores its token; then each
 * group the batch touched is read back once and its state sent, unless the write had its
 * document in hand ({@link GroupStore#write}: under a steady load of writes a batch is one
 * event, and that read was one of a write's six MongoDB commands). One round trip per event cost
 * the live projection most of its time (it caught up at a seventh of a rebuild's rate).
 * <p>
 * Events may arrive more than once, which {@link GroupStore#write} makes harmless. A stale or
 * repeated event changes nothing and re-sends the group's current state, which already includes
 * it: after a rebuild switches the live collection, the events the rebuild had applied already
 * reach this projection again, and their writers are still waiting to hear of them.
 * The store is resolved per batch; it can only change between batches ({@link LiveProjectionGate}).
 */
@Component
@ProcessingGroup(GroupProjection.PROCESSING_GROUP)
public class GroupProjection {

    /** The processing group, and the name of the event processor that runs this projection. */
    public static final String PROCESSING_GROUP = "groups-projection";

    private static final String BATCH = GroupProjection.class.getName() + "#batch";

    private final Supplier<GroupStore> live;
    private final QueryUpdateEmitter emitter;

    public GroupProjection(Supplier<GroupStore> live, QueryUpdateEmitter emitter) {
        this.live = live;
        this.emitter = emitter;
    }

    /**
     * Adds the event to its batch, and writes the batch at its last event. Outside a processor's
     * batch (no unit of work, or one of a single event) it writes at once.
     */
    @EventHandler
    public void on(GroupEvent event, @SequenceNumber long sequence) {
        if (!CurrentUnitOfWork.isStarted()) {
            GroupWriteBatch single = new GroupWriteBatch();
            single.add(event, sequence);
            write(single);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        GroupWriteBatch batch = unitOfWork.root().getOrComputeResource(BATCH, key -> new GroupWriteBatch());
        batch.add(event, sequence);
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
            unitOfWork.root().resources().remove(BATCH);
            write(batch);
        }
    }

    /**
     * A replay in place starts from an empty read model. (A rebuild does not reset this
     * processor: it fills a new collection and switches to it, see {@code ProjectionRebuilds}.)
     */
    @ResetHandler
    public void onReset() {
        GroupStore store = live.get();
        store.drop();
        store.ensureIndexes();
    }

    private void write(GroupWriteBatch batch) {
        GroupStore store = live.get();
        Map<String, GroupView> states = new HashMap<>(store.write(batch));
        Set<String> notInHand = new HashSet<>(batch.groupIds());
        notInHand.removeAll(states.keySet());
        if (!notInHand.isEmpty()) {
            states.putAll(store.views(notInHand));
        }
        for (String groupId : batch.groupIds()) {
            GroupView state = states.get(groupId);
            if (batch.deletes(groupId)) {
                if (state == null) {
                    emitter.complete(FindGroupQuery.class, query -> query.groupId().equals(groupId));
                }
            } else if (state != null) {
                emit(state);
            }
            // else the group is not there (deleted before): nobody to tell
        }
    }

    /**
     * Sends the new state to the subscribers of that group. The account must match too: a
     * subscription for another account's group id must not learn anything about it.
     */
    private void emit(GroupView view) {
        emitter.emit(FindGroupQuery.class,
                query -> query.groupId().equals(view.id()) && query.accountId().equals(view.accountId()),
                view);
    }
}
