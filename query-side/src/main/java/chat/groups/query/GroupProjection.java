package chat.groups.query;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.GroupView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Keeps the live version of the read model in step with the group events, and tells
 * subscribers of {@link FindGroupQuery} the group's state after every event it handles (the
 * HTTP layer waits on those updates for read-your-writes).
 * <p>
 * Runs in its own streaming processor (see {@link QuerySideMongoConfiguration}); events
 * may arrive more than once, which {@link GroupStore} makes harmless. A stale or repeated
 * event changes nothing and re-sends the group's current state, which already includes it:
 * after a rebuild switches the live collection, the events the rebuild had applied already
 * reach this projection again, and their writers are still waiting to hear of them.
 * The store is resolved per event; it can only change between batches ({@link LiveProjectionGate}).
 */
@Component
@ProcessingGroup(GroupProjection.PROCESSING_GROUP)
public class GroupProjection {

    /** The processing group, and the name of the event processor that runs this projection. */
    public static final String PROCESSING_GROUP = "groups-projection";

    private final Supplier<GroupStore> live;
    private final QueryUpdateEmitter emitter;

    public GroupProjection(Supplier<GroupStore> live, QueryUpdateEmitter emitter) {
        this.live = live;
        this.emitter = emitter;
    }

    @EventHandler
    public void on(GroupCreatedEvent event, @SequenceNumber long sequence) {
        emit(live.get().create(event, sequence));
    }

    @EventHandler
    public void on(GroupRenamedEvent event, @SequenceNumber long sequence) {
        emit(live.get().rename(event.groupId(), event.name(), sequence));
    }

    @EventHandler
    public void on(GroupDescriptionChangedEvent event, @SequenceNumber long sequence) {
        emit(live.get().changeDescription(event.groupId(), event.description(), sequence));
    }

    @EventHandler
    public void on(GroupAvatarChangedEvent event, @SequenceNumber long sequence) {
        emit(live.get().changeAvatar(event.groupId(), event.avatarUrl(), sequence));
    }

    @EventHandler
    public void on(GroupContactsChangedEvent event, @SequenceNumber long sequence) {
        emit(live.get().changeContacts(event.groupId(), event.contacts(), sequence));
    }

    @EventHandler
    public void on(GroupContactsAddedEvent event, @SequenceNumber long sequence) {
        emit(live.get().addContacts(event.groupId(), event.contacts(), sequence));
    }

    @EventHandler
    public void on(GroupContactRemovedEvent event, @SequenceNumber long sequence) {
        emit(live.get().removeContact(event.groupId(), event.contact(), sequence));
    }

    @EventHandler
    public void on(GroupArchivedEvent event, @SequenceNumber long sequence) {
        emit(live.get().archive(event.groupId(), event.archivedAt(), sequence));
    }

    @EventHandler
    public void on(GroupUnarchivedEvent event, @SequenceNumber long sequence) {
        emit(live.get().unarchive(event.groupId(), sequence));
    }

    @EventHandler
    public void on(GroupDeletedEvent event, @SequenceNumber long sequence) {
        String groupId = event.groupId();
        if (live.get().delete(groupId, sequence)) {
            emitter.complete(FindGroupQuery.class, query -> query.groupId().equals(groupId));
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

    /**
     * Sends the new state to the subscribers of that group. The account must match too: a
     * subscription for another account's group id must not learn anything about it.
     */
    private void emit(GroupView view) {
        if (view == null) {
            return; // the group is not there (deleted)
        }
        emitter.emit(FindGroupQuery.class,
                query -> query.groupId().equals(view.id()) && query.accountId().equals(view.accountId()),
                view);
    }
}
