package chat.groups.query;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.GroupView;
import chat.groups.api.Members;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;

/**
 * The shape of a group in the {@code groups} collection, mapped by hand.
 *
 * <pre>
 * { _id: "l7cGNIBKZiNJ6wqF",          // the group id
 *   accountId, name, description, avatarUrl, conversationId,
 *   contacts: [ { id, username, phoneNumber, avatarUrl, displayName,
 *                 conversationId, lastActiveAt, createdAt } ],
 *   contactKeys: [ "c1d2...", "hector" ],  // the members' ids and usernames, each once: the contact filter
 *   createdAt: 692233200000,          // epoch millis (Int64)
 *   archivedAt: null | epoch millis,
 *   archived: false,                  // for the list indexes
 *   version: 3 }                      // sequence number of the last applied event
 * </pre>
 *
 * Absent values are always stored as explicit {@code null}s, never omitted, so every
 * document has every field. A missing contact list is stored as an empty list.
 */
final class GroupDocuments {

    static final String ID = "_id";
    static final String ACCOUNT_ID = "accountId";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String AVATAR_URL = "avatarUrl";
    static final String CONVERSATION_ID = "conversationId";
    static final String CONTACTS = "contacts";
    static final String CONTACT_KEYS = "contactKeys";
    static final String CREATED_AT = "createdAt";
    static final String ARCHIVED_AT = "archivedAt";
    static final String ARCHIVED = "archived";
    static final String VERSION = "version";

    private static final String CONTACT_ID = "id";
    private static final String CONTACT_USERNAME = "username";
    private static final String CONTACT_PHONE_NUMBER = "phoneNumber";
    private static final String CONTACT_AVATAR_URL = "avatarUrl";
    private static final String CONTACT_DISPLAY_NAME = "displayName";
    private static final String CONTACT_CONVERSATION_ID = "conversationId";
    private static final String CONTACT_LAST_ACTIVE_AT = "lastActiveAt";
    private static final String CONTACT_CREATED_AT = "createdAt";

    private GroupDocuments() {
    }

    /** The document of a newly created group, at version {@code sequence}. */
    static Document created(GroupCreatedEvent event, long sequence) {
        Objects.requireNonNull(event.createdAt(), () -> "GroupCreatedEvent of group '" + event.groupId()
                + "' has no createdAt; the list order needs one");
        return new Document(ID, event.groupId())
                .append(ACCOUNT_ID, event.accountId())
                .append(NAME, event.name())
                .append(DESCRIPTION, event.description())
                .append(AVATAR_URL, event.avatarUrl())
                .append(CONVERSATION_ID, event.conversationId())
                .append(CONTACTS, contacts(event.contacts()))
                .append(CONTACT_KEYS, contactKeys(event.contacts()))
                .append(CREATED_AT, millis(event.createdAt()))
                .append(ARCHIVED_AT, null)
                .append(ARCHIVED, false)
                .append(VERSION, sequence);
    }

    /**
     * The fields a change event sets, all of them plain assignments, so the same change can be
     * applied as a {@code $set} or to a document in memory. Creation and deletion are not changes.
     */
    static Document fieldsSetBy(GroupEvent event) {
        if (event instanceof GroupRenamedEvent e) {
            return new Document(NAME, e.name());
        } else if (event instanceof GroupDescriptionChangedEvent e) {
            return new Document(DESCRIPTION, e.description());
        } else if (event instanceof GroupAvatarChangedEvent e) {
            return new Document(AVATAR_URL, e.avatarUrl());
        } else if (event instanceof GroupContactsChangedEvent e) {
            return members(e.contacts());
        } else if (event instanceof GroupArchivedEvent e) {
            return new Document(ARCHIVED_AT, millis(Objects.requireNonNull(e.archivedAt(), "archivedAt")))
                    .append(ARCHIVED, true);
        } else if (event instanceof GroupUnarchivedEvent) {
            return new Document(ARCHIVED_AT, null).append(ARCHIVED, false);
        }
        throw new IllegalArgumentException(event.getClass().getSimpleName() + " of group '" + event.groupId()
                + "' is not a change of fields");
    }

    /** Whether {@code event} changes the members relative to the current ones (an add or a remove), not by assignment. */
    static boolean changesMembers(GroupEvent event) {
        return event instanceof GroupContactsAddedEvent || event instanceof GroupContactRemovedEvent;
    }

    /** The member fields after {@code event} (see {@link #changesMembers}) changed {@code current}, as the one fold does. */
    static Document membersAfter(List<Contact> current, GroupEvent event) {
        if (event instanceof GroupContactsAddedEvent e) {
            return members(Members.plus(current, e.contacts()));
        } else if (event instanceof GroupContactRemovedEvent e) {
            return members(Members.minus(current, e.contact()));
        }
        throw new IllegalArgumentException(event.getClass().getSimpleName() + " does not add or remove members");
    }

    /** The member fields of a group with these members: the list and its keys. */
    static Document members(List<Contact> contacts) {
        return new Document(CONTACTS, contacts(contacts)).append(CONTACT_KEYS, contactKeys(contacts));
    }

    /** The members' ids and usernames, each once: what {@code GET /v1/groups?contact=} matches. */
    static List<String> contactKeys(List<Contact> contacts) {
        Set<String> keys = new LinkedHashSet<>();
        if (contacts != null) {
            for (Contact contact : contacts) {
                if (contact.id() != null) {
                    keys.add(contact.id());
                }
                if (contact.username() != null) {
                    keys.add(contact.username());
                }
            }
        }
        return new ArrayList<>(keys);
    }

    static List<Document> contacts(List<Contact> contacts) {
        List<Document> documents = new ArrayList<>();
        if (contacts != null) {
            for (Contact contact : contacts) {
                documents.add(new Document(CONTACT_ID, contact.id())
                        .append(CONTACT_USERNAME, contact.username())
                        .append(CONTACT_PHONE_NUMBER, contact.phoneNumber())
                        .append(CONTACT_AVATAR_URL, contact.avatarUrl())
                        .append(CONTACT_DISPLAY_NAME, contact.displayName())
                        .append(CONTACT_CONVERSATION_ID, contact.conversationId())
                        .append(CONTACT_LAST_ACTIVE_AT, contact.lastActiveAt())
                        .append(CONTACT_CREATED_AT, contact.createdAt()));
            }
        }
        return documents;
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static GroupView toView(Document document) {
        return new GroupView(
                document.getString(ID),
                document.getString(ACCOUNT_ID),
                document.getString(NAME),
                document.getString(DESCRIPTION),
                document.getString(AVATAR_URL),
                document.getString(CONVERSATION_ID),
                toContacts(document.getList(CONTACTS, Document.class)),
                instant(document.get(CREATED_AT)),
                instant(document.get(ARCHIVED_AT)),
                asLong(document.get(VERSION)));
    }

    static List<Contact> toContacts(List<Document> documents) {
        if (documents == null) {
            return List.of();
        }
        List<Contact> contacts = new ArrayList<>(documents.size());
        for (Document contact : documents) {
            contacts.add(new Contact(
                    contact.getString(CONTACT_ID),
                    contact.getString(CONTACT_USERNAME),
                    contact.getString(CONTACT_PHONE_NUMBER),
                    contact.getString(CONTACT_AVATAR_URL),
                    contact.getString(CONTACT_DISPLAY_NAME),
                    contact.getString(CONTACT_CONVERSATION_ID),
                    asNullableLong(contact.get(CONTACT_LAST_ACTIVE_AT)),
                    asNullableLong(contact.get(CONTACT_CREATED_AT))));
        }
        return List.copyOf(contacts);
    }

    private static Instant instant(Object epochMillis) {
        Long millis = asNullableLong(epochMillis);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** Numbers may come back as Int32 when another writer stored small values; accept any. */
    private static Long asNullableLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static long asLong(Object value) {
        return ((Number) value).longValue();
    }
}
