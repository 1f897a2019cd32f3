package chat.groups.query;

import static chat.groups.query.GroupDocuments.ARCHIVED;
import static chat.groups.query.GroupDocuments.ARCHIVED_AT;
import static chat.groups.query.GroupDocuments.AVATAR_URL;
import static chat.groups.query.GroupDocuments.CONTACTS;
import static chat.groups.query.GroupDocuments.DESCRIPTION;
import static chat.groups.query.GroupDocuments.ID;
import static chat.groups.query.GroupDocuments.NAME;
import static chat.groups.query.GroupDocuments.VERSION;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupView;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The read model's writes one event at a time, each its own round trip: how the live projection
 * wrote before it wrote batches. Kept as an independent reference that {@link GroupWriteBatch}'s
 * folded writes are checked against ({@code GroupWriteBatchTest}): the same events, in any
 * batching, must leave the same documents.
 */
public final class OneEventWrites {

    private static final FindOneAndUpdateOptions RETURN_NEW_STATE =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final MongoCollection<Document> collection;

    public OneEventWrites(MongoDatabase database, String collection) {
        this.collection = database.getCollection(collection);
    }

    /** Applies one event of any kind. */
    public void apply(GroupEvent event, long sequence) {
        String id = event.groupId();
        if (event instanceof GroupCreatedEvent created) {
            create(created, sequence);
        } else if (event instanceof GroupEvent.GroupDeletedEvent) {
            delete(id, sequence);
        } else if (event instanceof GroupEvent.GroupRenamedEvent e) {
            rename(id, e.name(), sequence);
        } else if (event instanceof GroupEvent.GroupDescriptionChangedEvent e) {
            changeDescription(id, e.description(), sequence);
        } else if (event instanceof GroupEvent.GroupAvatarChangedEvent e) {
            changeAvatar(id, e.avatarUrl(), sequence);
        } else if (event instanceof GroupEvent.GroupContactsChangedEvent e) {
            changeContacts(id, e.contacts(), sequence);
        } else if (event instanceof GroupContactsAddedEvent e) {
            addContacts(id, e.contacts(), sequence);
        } else if (event instanceof GroupContactRemovedEvent e) {
            removeContact(id, e.contact(), sequence);
        } else if (event instanceof GroupEvent.GroupArchivedEvent e) {
            archive(id, e.archivedAt(), sequence);
        } else if (event instanceof GroupEvent.GroupUnarchivedEvent) {
            unarchive(id, sequence);
        }
    }

    /**
     * Stores a new group at version {@code sequence}.
     *
     * @return the stored group; when it already existed (a replayed create), its current state
     */
    public GroupView create(GroupCreatedEvent event, long sequence) {
        Document document = GroupDocuments.created(event, sequence);
        try {
            collection.insertOne(document);
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
        return collection.deleteOne(and(eq(ID, groupId), lt(VERSION, sequence))).getDeletedCount() > 0
                || collection.find(eq(ID, groupId)).projection(Projections.include(ID)).first() == null;
    }

    /**
     * An add or a remove of members: the event names only the members it changes, so the new list
     * is computed from the document's (by the one fold's rules) and written only if the document is
     * still the one read, at a version below the event's; else it is read again.
     */
    private GroupView changeMembers(String groupId, GroupEvent event, long sequence) {
        while (true) {
            Document current = collection.find(eq(ID, groupId)).first();
            if (current == null) {
                return null;
            }
            if (((Number) current.get(VERSION)).longValue() >= sequence) {
                return GroupDocuments.toView(current);
            }
            Document updated = collection.findOneAndUpdate(
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

    private static Bson assignments(Document fields) {
        List<Bson> sets = new ArrayList<>(fields.size());
        fields.forEach((field, value) -> sets.add(set(field, value)));
        return combine(sets);
    }

    private GroupView apply(String groupId, long sequence, Bson change) {
        Document updated = collection.findOneAndUpdate(
                and(eq(ID, groupId), lt(VERSION, sequence)),
                combine(change, set(VERSION, sequence)),
                RETURN_NEW_STATE);
        return updated == null ? reflecting(groupId, sequence) : GroupDocuments.toView(updated);
    }

    /** The group's current state if it already reflects the event at {@code sequence}. */
    private GroupView reflecting(String groupId, long sequence) {
        Document current = collection.find(eq(ID, groupId)).first();
        if (current == null || ((Number) current.get(VERSION)).longValue() < sequence) {
            return null;
        }
        return GroupDocuments.toView(current);
    }

}
