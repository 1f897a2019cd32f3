package chat.groups.api;

/**
 * A member of a group, as the contact object of the wider API describes it.
 * Clients identify a contact by {@code id} or {@code username}; the other fields are
 * optional and stored as given. Timestamps are Unix seconds.
 */
public record Contact(
        String id,
        String username,
        String phoneNumber,
        String avatarUrl,
        String displayName,
        String conversationId,
        Long lastActiveAt,
        Long createdAt) {
}
