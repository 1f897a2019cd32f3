package chat.groups.query;

import static chat.groups.query.GroupDocuments.ACCOUNT_ID;
import static chat.groups.query.GroupDocuments.ARCHIVED;
import static chat.groups.query.GroupDocuments.ARCHIVED_AT;
import static chat.groups.query.GroupDocuments.AVATAR_URL;
import static chat.groups.query.GroupDocuments.CONTACTS;
import static chat.groups.query.GroupDocuments.CONTACT_KEYS;
import static chat.groups.query.GroupDocuments.CREATED_AT;
import static chat.groups.query.GroupDocuments.DESCRIPTION;
import static chat.groups.query.GroupDocuments.ID;
import static chat.groups.query.GroupDocuments.NAME;
import static chat.groups.query.GroupDocuments.VERSION;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupView;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
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
 * Every write is idempotent so that events may be delivered more than once (a processor
 * that crashed before storing its token replays them): a change applies only when the
 * document's {@code version} is lower than the event's sequence number, and sets the
 * version to it. A create of a group that already exists is ignored. Writers get back the
 * group's state once the event is reflected: the new state, or for a repeated or stale event
 * the current state (which already includes it); {@code null} when the group is not there.
 */
public class GroupStore {

    /** The name of the collection holding the groups. */
    public static final String COLLECTION = "groups";

    /** Newest first, ties broken by id, descending: the order of every list. */
    static final Bson LIST_ORDER = Sorts.descending(CREATED_AT, ID);
    private static final Bson REVERSE_LIST_ORDER = Sorts.ascending(CREATED_AT, ID);

    private static final FindOneAndUpdateOptions RETURN_NEW_STATE =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

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
     * Stores a new group at version {@code sequence}.
     *
     * @return the stored group; when it already existed (a replayed create), its current state
     */
    public GroupView create(GroupCreatedEvent event, long sequence) {
        Document document = GroupDocuments.created(event, sequence);
        try {
            groups.insertOne(document);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return reflecting(event.groupId(), sequence);
            }
            throw e;
        }
        return GroupDocuments.toView(document);
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView rename(String groupId, String name, long sequence) {
        return apply(groupId, sequence, set(NAME, name));
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView changeDescription(String groupId, String description, long sequence) {
        return apply(groupId, sequence, set(DESCRIPTION, description));
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView changeAvatar(String groupId, String avatarUrl, long sequence) {
        return apply(groupId, sequence, set(AVATAR_URL, avatarUrl));
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView changeContacts(String groupId, List<Contact> contacts, long sequence) {
        return apply(groupId, sequence, assignments(GroupDocuments.members(contacts)));
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView addContacts(String groupId, List<Contact> contacts, long sequence) {
        return changeMembers(groupId, new GroupContactsAddedEvent(groupId, contacts), sequence);
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView removeContact(String groupId, Contact contact, long sequence) {
        return changeMembers(groupId, new GroupContactRemovedEvent(groupId, contact), sequence);
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView archive(String groupId, Instant archivedAt, long sequence) {
        Objects.requireNonNull(archivedAt, "archivedAt");
        return apply(groupId, sequence, combine(set(ARCHIVED_AT, GroupDocuments.millis(archivedAt)), set(ARCHIVED, true)));
    }

    /** @return the group once it reflects the event, or {@code null} if the group is not there */
    public GroupView unarchive(String groupId, long sequence) {
        return apply(groupId, sequence, combine(set(ARCHIVED_AT, null), set(ARCHIVED, false)));
    }

    /**
     * Removes a group, unless the document is already at or past {@code sequence}.
     *
     * @return whether the group is gone now (removed by this call or before it)
     */
    public boolean delete(String groupId, long sequence) {
        return groups.deleteOne(and(eq(ID, groupId), lt(VERSION, sequence))).getDeletedCount() > 0
                || groups.find(eq(ID, groupId)).projection(Projections.include(ID)).first() == null;
    }

    /**
     * Applies a batch of events with one bulk write. Writes that find their document already
     * at or past their version change nothing.
     */
    public void write(GroupWriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = batch.writes();
        try {
            if (!writes.isEmpty()) {
                groups.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            }
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            // Only creations of groups whose documents are already newer: nothing to do.
        }
        batch.membersChanged().forEach(this::applyToDocument);
    }

    /**
     * Applies to a group's document those of {@code events} it does not reflect yet, in order, and
     * writes it back if it is still the one read (else reads it again). A group that is not there
     * (deleted) stays so.
     */
    private void applyToDocument(String groupId, List<GroupWriteBatch.Sequenced> events) {
        long last = events.get(events.size() - 1).sequence();
        while (true) {
            Document current = groups.find(eq(ID, groupId)).first();
            if (current == null || ((Number) current.get(VERSION)).longValue() >= last) {
                return;
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
                return;
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

    /**
     * An add or a remove of members: the event names only the members it changes, so the new list
     * is computed from the document's (by the one fold's rules) and written only if the document is
     * still the one read, at a version below the event's; else it is read again.
     */
    private GroupView changeMembers(String groupId, GroupEvent event, long sequence) {
        while (true) {
            Document current = groups.find(eq(ID, groupId)).first();
            if (current == null) {
                return null;
            }
            if (((Number) current.get(VERSION)).longValue() >= sequence) {
                return GroupDocuments.toView(current);
            }
            Document updated = groups.findOneAndUpdate(
                    and(eq(ID, groupId), eq(VERSION, current.get(VERSION))),
                    combine(assignments(GroupDocuments.membersAfter(
                            GroupDocuments.toContacts(current.getList(CONTACTS, Document.class)), event)),
                            set(VERSION, sequence)),
                    RETURN_NEW_STATE);
            if (updated != null) {
                return GroupDocuments.toView(updated);
            }
        }
    }

    static Bson assignments(Document fields) {
        List<Bson> sets = new ArrayList<>(fields.size());
        fields.forEach((field, value) -> sets.add(set(field, value)));
        return combine(sets);
    }

    private GroupView apply(String groupId, long sequence, Bson change) {
        Document updated = groups.findOneAndUpdate(
                and(eq(ID, groupId), lt(VERSION, sequence)),
                combine(change, set(VERSION, sequence)),
                RETURN_NEW_STATE);
        return updated == null ? reflecting(groupId, sequence) : GroupDocuments.toView(updated);
    }

    /** The group's current state if it already reflects the event at {@code sequence}. */
    private GroupView reflecting(String groupId, long sequence) {
        Document current = groups.find(eq(ID, groupId)).first();
        if (current == null || ((Number) current.get(VERSION)).longValue() < sequence) {
            return null;
        }
        return GroupDocuments.toView(current);
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
        if (groupIds.size() == 1) {
            String groupId = groupIds.iterator().next();
            Document document = groups.find(eq(ID, groupId)).first();
            if (document != null) {
                views.put(groupId, GroupDocuments.toView(document));
            }
            return views;
        }
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
