package chat.groups.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is the same member: a contact is known by its {@code id}, or, when it has none, by its
 * {@code username} (the rule create and update already apply to a list's duplicates). The
 * fold, the aggregate and the projection all use these, so they never disagree.
 */
public final class Members {

    /** How many members a group may have. */
    public static final int CAP = 250;

    private Members() {
    }

    /** The identity of a contact as a member: {@code id:<id>}, or {@code username:<username>} without an id. */
    public static String key(Contact contact) {
        return contact.id() != null ? "id:" + contact.id() : "username:" + contact.username();
    }

    /** {@code members} followed by those of {@code added} that are not members yet, each once. */
    public static List<Contact> plus(List<Contact> members, List<Contact> added) {
        List<Contact> result = new ArrayList<>(members == null ? List.of() : members);
        Set<String> keys = keys(result);
        if (added != null) {
            for (Contact contact : added) {
                if (keys.add(key(contact))) {
                    result.add(contact);
                }
            }
        }
        return List.copyOf(result);
    }

    /** {@code members} without the member {@code removed} is (by {@link #key}); unchanged when it is null (erased). */
    public static List<Contact> minus(List<Contact> members, Contact removed) {
        List<Contact> current = members == null ? List.of() : members;
        if (removed == null) {
            return current;
        }
        String key = key(removed);
        return current.stream().filter(member -> !key(member).equals(key)).toList();
    }

    /** The members that {@code reference} names: the one with that id, else those with that username. */
    public static List<Contact> named(List<Contact> members, String reference) {
        List<Contact> current = members == null ? List.of() : members;
        List<Contact> byId = current.stream().filter(member -> reference.equals(member.id())).toList();
        return byId.isEmpty() ? current.stream().filter(member -> reference.equals(member.username())).toList() : byId;
    }

    /** The identities of {@code members}. */
    public static Set<String> keys(List<Contact> members) {
        Set<String> keys = new LinkedHashSet<>();
        for (Contact member : members == null ? List.<Contact>of() : members) {
            keys.add(key(member));
        }
        return keys;
    }
}
