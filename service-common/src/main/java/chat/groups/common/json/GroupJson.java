package chat.groups.common.json;

import chat.groups.api.Contact;
import chat.groups.api.GroupView;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A group as clients see it: exactly the documented keys, snake_case, nulls shown, Unix seconds. */
public record GroupJson(
        String id,
        String name,
        String description,
        @JsonProperty("avatar_url") String avatarUrl,
        @JsonProperty("conversation_id") String conversationId,
        List<ContactJson> contacts,
        @JsonProperty("created_at") Long createdAt,
        @JsonProperty("archived_at") Long archivedAt) {

    public record ContactJson(
            String id,
            String username,
            @JsonProperty("phone_number") String phoneNumber,
            @JsonProperty("avatar_url") String avatarUrl,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("conversation_id") String conversationId,
            @JsonProperty("last_active_at") Long lastActiveAt,
            @JsonProperty("created_at") Long createdAt) {

        public static ContactJson of(Contact c) {
            return new ContactJson(c.id(), c.username(), c.phoneNumber(), c.avatarUrl(), c.displayName(),
                    c.conversationId(), c.lastActiveAt(), c.createdAt());
        }
    }

    public static GroupJson of(GroupView group) {
        return new GroupJson(group.id(), group.name(), group.description(), group.avatarUrl(), group.conversationId(),
                group.contacts().stream().map(ContactJson::of).toList(),
                seconds(group.createdAt()), seconds(group.archivedAt()));
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
