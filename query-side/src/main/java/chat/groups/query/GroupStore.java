package chat.groups.query;

import static chat.groups.query.GroupDocuments.ACCOUNT_ID;
import static chat.groups.query.GroupDocuments.ARCHIVED;
import static chat.groups.query.GroupDocuments.CONTACTS;
import static chat.groups.query.GroupDocuments.CONTACT_KEYS;
import static chat.groups.query.GroupDocuments.CREATED_AT;
import static chat.groups.query.GroupDocuments.ID;
import static chat.groups.query.GroupDocuments.VERSION;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import chat.groups.api.GroupView;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The groups read model: one document per group in one collection ({@code groups}, or the
 * collection of another version of the projection, see {@code ProjectionVersions}); see
 * {@link GroupDocuments} for the document's shape.
 * <p>
 * Events are written in batches ({@link #write}, by the live projection and by rebuilds), and
 * every write is idempotent so that events may be delivered more than once (a processor that
 * crashed before storing its token replays them): a change applies only when the document's
 * {@code version} is lower than the event's sequence number, and sets the version to it. A
 * create of a group that already exists is ignored. After a batch, {@link #views} reads back
 * the state of the groups it touched.
 */
public class GroupStore {

    /** The name of the collection holding the groups. */
    public static final String COLLECTION = "groups";

    /** Newest first, ties broken by id, descending: the order of every list. */
    static final Bson LIST_ORDER = Sorts.descending(CREATED_AT, ID);
    private static final Bson REVERSE_LIST_ORDER = Sorts.ascending(CREATED_AT, ID);

    private final MongoDatabase database;
    private final MongoCollection<Document> groups;

    /** The store of the first version of the projection, in collection {@value #COLLECTION}. */
    public GroupStore(MongoDatabase database) {
        this(database, COLLECTION);
    }

    public GroupStore(MongoDatabase database, String collection) {
        this.database = database;
        this.groups = database.getCollection(collection);
    }

    public String collectionName() {
        return groups.getNamespace().getCollectionName();
    }

    /**
     * Creates the indexes the list queries need: one account's groups in list order, with
     * and without the archived filter, and the same for the groups of one contact (multikey on
     * the members' ids and usernames, {@code contactKeys}). Idempotent; called at start-up and
     * after a reset.
     */
    public void ensureIndexes() {
        groups.createIndex(Indexes.compoundIndex(
                        Indexes.ascending(ACCOUNT_ID), Indexes.descending(CREATED_AT), Indexes.descending(ID)));
        groups.createIndex(Indexes.compoundIndex(
                        Indexes.ascending(ACCOUNT_ID), Indexes.ascending(ARCHIVED),
                        Indexes.descending(CREATED_AT), Indexes.descending(ID)));
        groups.createIndex(Indexes.compoundIndex(
                        Indexes.ascending(ACCOUNT_ID), Indexes.ascending(CONTACT_KEYS),
                        Indexes.descending(CREATED_AT), Indexes.descending(ID)));
        groups.createIndex(Indexes.compoundIndex(
                        Indexes.ascending(ACCOUNT_ID), Indexes.ascending(CONTACT_KEYS), Indexes.ascending(ARCHIVED),
                        Indexes.descending(CREATED_AT), Indexes.descending(ID)));
    }

    // ---------------------------------------------------------------- writes

    /**
     * Applies a batch of events with one bulk write. Writes that find their document already
     * at or past their version change nothing.
     * <p>
     * A batch that changes one group alone (a batch under a steady load of writes holds one event)
     * is written with {@code findOneAndUpdate}, which answers the document it leaves: the same one
     * round trip, and no reading back.
     *
     * @return the state each group is left in, for the groups whose document this write had in
     *         hand (the ones it created, changed alone, or whose members it changed); the others
     *         need reading back
     */
    public Map<String, GroupView> write(GroupWriteBatch batch) {
        if (batch.isEmpty()) {
            return Map.of();
        }
        Map<String, Document> stored = new HashMap<>(batch.createdDocuments());
        List<WriteModel<Document>> writes = batch.writes();
        if (writes.size() == 1 && writes.get(0) instanceof UpdateOneModel<Document> change) {
            Document after = groups.findOneAndUpdate(change.getFilter(), change.getUpdate(),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (after != null) { // else the document is newer, or not there
                stored.put(after.getString(ID), after);
            }
        } else if (!writes.isEmpty()) {
            try {
                groups.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                for (BulkWriteError error : e.getWriteErrors()) {
                    if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    // A creation of a group whose document is already newer: nothing to do, and its
                    // state is the stored one.
                    stored.remove(((ReplaceOneModel<Document>) writes.get(error.getIndex())).getReplacement().getString(ID));
                }
            }
        }
        batch.membersChanged().forEach((groupId, events) ->
                applyToDocument(groupId, events).ifPresent(document -> stored.put(groupId, document)));
        Map<String, GroupView> views = new HashMap<>(stored.size() * 2);
        stored.forEach((groupId, document) -> views.put(groupId, GroupDocuments.toView(document)));
        return views;
    }

    /**
     * Applies to a group's document those of {@code events} it does not reflect yet, in order, and
     * writes it back if it is still the one read (else reads it again). A group that is not there
     * (deleted) stays so.
     *
     * @return the document the group is left with, unless it is not there
     */
    private Optional<Document> applyToDocument(String groupId, List<GroupWriteBatch.Sequenced> events) {
        long last = events.get(events.size() - 1).sequence();
        while (true) {
            Document current = groups.find(eq(ID, groupId)).first();
            if (current == null || ((Number) current.get(VERSION)).longValue() >= last) {
                return Optional.ofNullable(current);
            }
            Object readVersion = current.get(VERSION);
            long version = ((Number) readVersion).longValue();
            Document next = new Document(current);
            for (GroupWriteBatch.Sequenced sequenced : events) {
                if (sequenced.sequence() > version) {
                    next.putAll(GroupDocuments.changesMembers(sequenced.event())
                            ? GroupDocuments.membersAfter(GroupDocuments.toContacts(next.getList(CONTACTS, Document.class)),
                                    sequenced.event())
                            : GroupDocuments.fieldsSetBy(sequenced.event()));
                }
            }
            next.put(VERSION, last);
            if (groups.replaceOne(and(eq(ID, groupId), eq(VERSION, readVersion)), next).getMatchedCount() > 0) {
                return Optional.of(next);
            }
        }
    }

    /**
     * Removes the collection, indexes and all: for a replay from the first event, or a version
     * of the projection no longer used. Dropping a collection that is not there does nothing.
     */
    public void drop() {
        if (database.listCollectionNames().into(new ArrayList<>()).contains(collectionName())) {
            groups.drop();
        }
    }

    public long count() {
        return groups.countDocuments();
    }

    // ---------------------------------------------------------------- reads

    /** The group with this id if {@code accountId} owns it. */
    public Optional<GroupView> find(String accountId, String groupId) {
        Document document = groups.find(and(eq(ID, groupId), eq(ACCOUNT_ID, accountId))).first();
        return Optional.ofNullable(document).map(GroupDocuments::toView);
    }

    /** The groups of these ids that are there, whoever owns them, by id: one round trip. */
    public Map<String, GroupView> views(Collection<String> groupIds) {
        Map<String, GroupView> views = new HashMap<>(groupIds.size() * 2);
        for (Document document : groups.find(in(ID, groupIds))) {
            GroupView view = GroupDocuments.toView(document);
            views.put(view.id(), view);
        }
        return views;
    }

    /** Where a group of {@code accountId} sits in list order, if the account has that group. */
    public Optional<ListPosition> positionOf(String accountId, String groupId) {
        Document document = groups.find(and(eq(ID, groupId), eq(ACCOUNT_ID, accountId)))
                .projection(Projections.include(CREATED_AT))
                .first();
        return Optional.ofNullable(document)
                .map(d -> new ListPosition(((Number) d.get(CREATED_AT)).longValue(), groupId));
    }

    /**
     * Up to {@code max} of the account's groups that come after {@code after} in list order
     * (all of them from the top when {@code after} is {@code null}), in list order.
     *
     * @param archived {@code true} only archived groups, {@code false} only active ones, {@code null} both
     */
    public List<GroupView> listAfter(String accountId, Boolean archived, ListPosition after, int max) {
        return listAfter(accountId, archived, null, after, max);
    }

    /**
     * As {@link #listAfter(String, Boolean, ListPosition, int)}, only the groups with a member whose
     * id or username is {@code contact} (all groups when it is {@code null}).
     */
    public List<GroupView> listAfter(String accountId, Boolean archived, String contact, ListPosition after, int max) {
        List<Bson> filters = accountFilter(accountId, archived, contact);
        if (after != null) {
            filters.add(or(
                    lt(CREATED_AT, after.createdAtMillis()),
                    and(eq(CREATED_AT, after.createdAtMillis()), lt(ID, after.groupId()))));
        }
        return list(and(filters), LIST_ORDER, max);
    }

    /**
     * Up to {@code max} of the account's groups that come before {@code before} in list
     * order, <em>nearest first</em>, i.e. in reverse list order (oldest of them first).
     *
     * @param archived {@code true} only archived groups, {@code false} only active ones, {@code null} both
     */
    public List<GroupView> listBefore(String accountId, Boolean archived, ListPosition before, int max) {
        return listBefore(accountId, archived, null, before, max);
    }

    /**
     * As {@link #listBefore(String, Boolean, ListPosition, int)}, only the groups with a member whose
     * id or username is {@code contact} (all groups when it is {@code null}).
     */
    public List<GroupView> listBefore(String accountId, Boolean archived, String contact, ListPosition before, int max) {
        Objects.requireNonNull(before, "before");
        List<Bson> filters = accountFilter(accountId, archived, contact);
        filters.add(or(
                gt(CREATED_AT, before.createdAtMillis()),
                and(eq(CREATED_AT, before.createdAtMillis()), gt(ID, before.groupId()))));
        return list(and(filters), REVERSE_LIST_ORDER, max);
    }

    private static List<Bson> accountFilter(String accountId, Boolean archived, String contact) {
        List<Bson> filters = new ArrayList<>();
        filters.add(eq(ACCOUNT_ID, accountId));
        if (contact != null) {
            filters.add(eq(CONTACT_KEYS, contact)); // matches an element of the array: multikey index
        }
        if (archived != null) {
            filters.add(eq(ARCHIVED, archived));
        }
        return filters;
    }

    private List<GroupView> list(Bson filter, Bson order, int max) {
        List<GroupView> views = new ArrayList<>(max);
        for (Document document : groups.find(filter).sort(order).limit(max)) {
            views.add(GroupDocuments.toView(document));
        }
        return views;
    }

    /** A place in list order: the sort key (creation time, then id) of one group. */
    public record ListPosition(long createdAtMillis, String groupId) {
    }
}
