package chat.groups.command.web;

import chat.groups.api.AddContactsCommand;
import chat.groups.api.Change;
import chat.groups.api.Contact;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.Members;
import chat.groups.api.PublicIds;
import chat.groups.api.UpdateGroupCommand;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.request.Params;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shapes and sizes a group's fields may take, checked before any command is sent.
 * The limits are documented in docs/api.md; change both together.
 */
final class GroupInput {

    static final int NAME_MAX = 100;
    static final int DESCRIPTION_MAX = 1000;
    static final int URL_MAX = 2048;
    static final int CONTACTS_MAX = Members.CAP;
    /** Contacts one add-members request may name. */
    static final int ADD_CONTACTS_MAX = 100;
    static final int USERNAME_MAX = 64;
    static final int DISPLAY_NAME_MAX = 100;
    static final int PHONE_MAX = 32;
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "avatar_url", "contacts");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "description", "avatar_url", "contacts", "archived_at");
    private static final Set<String> ADD_CONTACTS_FIELDS = Set.of("contacts");
    private static final Set<String> CONTACT_FIELDS = Set.of("id", "username", "phone_number", "avatar_url",
            "display_name", "conversation_id", "last_active_at", "created_at");

    private GroupInput() {
    }

    static CreateGroupCommand create(Params params, String groupId, String accountId, Instant now) {
        params.allowOnly(CREATE_FIELDS);
        return new CreateGroupCommand(groupId, accountId, PublicIds.random(),
                params.requiredLine("name", NAME_MAX),
                params.optionalString("description", DESCRIPTION_MAX),
                url(params, "avatar_url"),
                contacts(params),
                now);
    }

    static UpdateGroupCommand update(Params params, String groupId, String accountId, Instant now, Long expectedVersion) {
        params.allowOnly(UPDATE_FIELDS);
        return new UpdateGroupCommand(groupId, accountId,
                params.has("name") ? Change.to(params.unclearableLine("name", NAME_MAX, "a group always has a name")) : null,
                params.has("description") ? Change.to(params.optionalString("description", DESCRIPTION_MAX)) : null,
                params.has("avatar_url") ? Change.to(url(params, "avatar_url")) : null,
                params.has("contacts") ? Change.to(contacts(params)) : null,
                params.has("archived_at") ? Change.to(archivedAt(params, now)) : null,
                expectedVersion);
    }

    /** {@code contacts}: 1 to {@value #ADD_CONTACTS_MAX} contacts, each valid as on create and named once. */
    static AddContactsCommand addContacts(Params params, String groupId, String accountId, Long expectedVersion) {
        params.allowOnly(ADD_CONTACTS_FIELDS);
        List<Contact> contacts = contacts(params, ADD_CONTACTS_MAX);
        if (contacts.isEmpty()) {
            throw ApiException.badRequest("'contacts' is required: send 1 to " + ADD_CONTACTS_MAX + " contacts to add, "
                    + "e.g. contacts[0][username]=Hector in a form or {\"contacts\": [{\"username\": \"Hector\"}]} in JSON.");
        }
        return new AddContactsCommand(groupId, accountId, contacts, expectedVersion);
    }

    private static Instant archivedAt(Params params, Instant now) {
        Long seconds = params.optionalTimestamp("archived_at");
        if (seconds == null) {
            return null;
        }
        Instant at = Instant.ofEpochSecond(seconds);
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw ApiException.invalid("archived_at", "'archived_at' is in the future. Send the time the group is archived, "
                    + "e.g. the current Unix time, or an empty value to unarchive.");
        }
        return at;
    }

    private static List<Contact> contacts(Params params) {
        return contacts(params, CONTACTS_MAX);
    }

    private static List<Contact> contacts(Params params, int max) {
        List<Params> items = params.objects("contacts", max);
        Set<String> seen = new HashSet<>();
        return items.stream().map(item -> {
            Contact contact = contact(item);
            String key = contact.id() != null ? "id:" + contact.id() : "username:" + contact.username();
            if (!seen.add(key)) {
                throw new ApiException(ErrorCode.PARAMETER_REPEATED, item.label(contact.id() != null ? "id" : "username"), "'" + item.label(contact.id() != null ? "id" : "username")
                        + "' repeats a contact already in the list. List each contact once.");
            }
            return contact;
        }).toList();
    }

    private static Contact contact(Params item) {
        item.allowOnly(CONTACT_FIELDS);
        String id = item.optionalLine("id", 16);
        String username = item.optionalLine("username", USERNAME_MAX);
        if (id == null && username == null) {
            throw ApiException.missing(item.label("username"), "'" + item.label("id") + "' or '" + item.label("username")
                    + "' is required: each contact needs at least one of them.");
        }
        if (id != null && !PublicIds.isWellFormed(id)) {
            throw ApiException.invalid(item.label("id"), "'" + item.label("id") + "' must be a 16-character alphanumeric contact id.");
        }
        String conversationId = item.optionalLine("conversation_id", 16);
        if (conversationId != null && !PublicIds.isWellFormed(conversationId)) {
            throw ApiException.invalid(item.label("conversation_id"), "'" + item.label("conversation_id")
                    + "' must be a 16-character alphanumeric conversation id.");
        }
        String phone = item.optionalLine("phone_number", PHONE_MAX);
        if (phone != null && !phone.matches("\\+?[0-9][0-9 ().-]{2,31}")) {
            throw ApiException.invalid(item.label("phone_number"), "'" + item.label("phone_number")
                    + "' must be a phone number of 3 to 32 characters: an optional +, a digit, then digits grouped as "
                    + "you like by spaces, hyphens, dots or parentheses, e.g. +12125551234 or +1 (212) 555-1234.");
        }
        return new Contact(id, username, phone, url(item, "avatar_url"),
                item.optionalLine("display_name", DISPLAY_NAME_MAX), conversationId,
                item.optionalTimestamp("last_active_at"), item.optionalTimestamp("created_at"));
    }

    /** An absolute http(s) URL. It is stored and shown, never fetched by this server. */
    private static String url(Params params, String name) {
        String text = params.optionalString(name, URL_MAX);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return text;
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw ApiException.invalid(params.label(name), "'" + params.label(name)
                + "' must be an absolute http or https URL, e.g. https://assets.example.com/avatar.jpg.");
    }
}
