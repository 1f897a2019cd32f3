package chat.groups.query;

import static chat.groups.query.GroupDocuments.CONTACTS;
import static chat.groups.query.GroupDocuments.ID;
import static chat.groups.query.GroupDocuments.VERSION;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The events of one batch folded into one write per group, for {@link GroupStore#write}: a
 * rebuild writes thousands of events a second and cannot afford a round trip for each.
 * <p>
 * Every change event is a plain assignment of fields ({@link GroupDocuments#fieldsSetBy}), so
 * the events of a group fold into a single {@code $set} at the sequence of the last one, or,
 * when the batch created the group, into its whole document. Each write keeps the store's
 * version guard ({@code version < sequence}), so a batch written twice (after a crash) or
 * over a document that is already newer changes nothing; and because a document at version
 * {@code v} reflects all of the group's events up to {@code v}, a folded write over a
 * partly-written document leaves exactly the state at the batch's last sequence.
 * <p>
 * Adds and removes of members are no assignments: they change the member list the document
 * has. On a group the batch created they apply to its document in memory; on an older group
 * they need its document, so {@link GroupStore#write} reads it and applies the group's events
 * of this batch that it does not reflect yet ({@link #membersChanged}).
 */
public final class GroupWriteBatch {

    private enum Kind { CREATED, CHANGED, MEMBERS_CHANGED, DELETED }

    /** An event of a batch and its sequence number. */
    record Sequenced(GroupEvent event, long sequence) {
    }

    private static final class Pending {
        Kind kind;
        Document fields; // the whole document when CREATED, the assigned fields when CHANGED
        long version;
        final List<Sequenced> events = new ArrayList<>(); // when CHANGED or MEMBERS_CHANGED: all of them, in order

        Pending(Kind kind, Document fields, long version) {
            this.kind = kind;
            this.fields = fields;
            this.version = version;
        }
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private int events;

    /** Adds an event; the events of each group must come in sequence order, as a processor delivers them. */
    public void add(GroupEvent event, long sequence) {
        events++;
        String groupId = event.groupId();
        if (event instanceof GroupCreatedEvent created) {
            pending.put(groupId, new Pending(Kind.CREATED, GroupDocuments.created(created, sequence), sequence));
        } else if (event instanceof GroupDeletedEvent) {
            pending.put(groupId, new Pending(Kind.DELETED, null, sequence));
        } else {
            Pending group = pending.computeIfAbsent(groupId, id -> new Pending(Kind.CHANGED, new Document(), sequence));
            if (group.kind == Kind.DELETED) {
                return;
            }
            if (group.kind == Kind.CREATED) {
                group.fields.putAll(GroupDocuments.changesMembers(event)
                        ? GroupDocuments.membersAfter(GroupDocuments.toContacts(group.fields.getList(CONTACTS, Document.class)), event)
                        : GroupDocuments.fieldsSetBy(event));
                group.fields.put(VERSION, sequence);
            } else {
                group.events.add(new Sequenced(event, sequence));
                if (GroupDocuments.changesMembers(event)) {
                    group.kind = Kind.MEMBERS_CHANGED;
                } else {
                    group.fields.putAll(GroupDocuments.fieldsSetBy(event));
                }
            }
            group.version = sequence;
        }
    }

    /**
     * The groups, not created by this batch, whose members it adds or removes, each with its
     * events of this batch in order: these are left out of {@link #writes()}.
     */
    Map<String, List<Sequenced>> membersChanged() {
        Map<String, List<Sequenced>> changed = new LinkedHashMap<>();
        pending.forEach((groupId, group) -> {
            if (group.kind == Kind.MEMBERS_CHANGED) {
                changed.put(groupId, group.events);
            }
        });
        return changed;
    }

    /**
     * The whole document of each group the batch creates, at the batch's last event for it (the
     * replacement {@link #writes()} upserts). Must not be changed.
     */
    Map<String, Document> createdDocuments() {
        Map<String, Document> created = new LinkedHashMap<>();
        pending.forEach((groupId, group) -> {
            if (group.kind == Kind.CREATED) {
                created.put(groupId, group.fields);
            }
        });
        return created;
    }

    /** The groups the batch's events are about, in the order of their first event. */
    public Set<String> groupIds() {
        return Collections.unmodifiableSet(pending.keySet());
    }

    /** Whether the batch deletes this group (its last event for the group is the deletion). */
    public boolean deletes(String groupId) {
        Pending group = pending.get(groupId);
        return group != null && group.kind == Kind.DELETED;
    }

    /** How many events were added. */
    public int events() {
        return events;
    }

    /** Whether the batch has nothing to write. */
    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /**
     * One write per group. A creation is an upsert guarded by version; when the document is
     * already at or past it, the upsert fails with a duplicate key, which {@link GroupStore#write}
     * takes as "already applied".
     */
    List<WriteModel<Document>> writes() {
        List<WriteModel<Document>> writes = new ArrayList<>(pending.size());
        pending.forEach((groupId, group) -> {
            Bson olderThanThis = and(eq(ID, groupId), lt(VERSION, group.version));
            switch (group.kind) {
                case CREATED -> writes.add(new ReplaceOneModel<>(olderThanThis, group.fields, new ReplaceOptions().upsert(true)));
                case CHANGED -> writes.add(new UpdateOneModel<Document>(olderThanThis, assignments(group)));
                case DELETED -> writes.add(new DeleteOneModel<Document>(olderThanThis));
                case MEMBERS_CHANGED -> {
                    // written by GroupStore#write from the group's document
                }
            }
        });
        return writes;
    }

    private static Bson assignments(Pending group) {
        List<Bson> sets = new ArrayList<>(group.fields.size() + 1);
        group.fields.forEach((field, value) -> sets.add(Updates.set(field, value)));
        sets.add(Updates.set(VERSION, group.version));
        return Updates.combine(sets);
    }
}
