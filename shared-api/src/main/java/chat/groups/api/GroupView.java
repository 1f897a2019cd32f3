package chat.groups.api;

import java.time.Instant;
import java.util.List;

/** A group as the read model holds it; {@code version} is the sequence number of its last applied event. */
public record GroupView(
        String id,
        String accountId,
        String name,
        String description,
        String avatarUrl,
        String conversationId,
        List<Contact> contacts,
        Instant createdAt,
        Instant archivedAt,
        long version) {
}
