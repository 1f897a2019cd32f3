package chat.groups.query;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class GroupWriteBatch {

    private enum Kind { CREATED, CHANGED, DELETED }

    private static final class Pending {
        Kind kind;
        Document fields; // the whole document when CREATED, the assigned fields when CHANGED
        long version;

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
            Document fields = GroupDocuments.fieldsSetBy(event);
            Pending group = pending.get(groupId);
            if (group == null) {
                pending.put(groupId, new Pending(Kind.CHANGED, fields, sequence));
            } else if (group.kind != Kind.DELETED) {
                group.fields.putAll(fields);
                group.version = sequence;
                if (group.kind == Kind.CREATED) {
                    group.fields.put(VERSION, sequence);
                }
            }
        }
    }

    /** How many events were added. */
    public int events() {
        return events;
    }

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
            writes.add(switch (group.kind) {
                case CREATED -> new ReplaceOneModel<>(olderThanThis, group.fields, new ReplaceOptions().upsert(true));
                case CHANGED -> new UpdateOneModel<Document>(olderThanThis, assignments(group));
                case DELETED -> new DeleteOneModel<Document>(olderThanThis);
            });
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
