package chat.groups.common.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every list response of the API: {@code {"has_more": ..., "data": [...]}}. */
public record ListJson<T>(@JsonProperty("has_more") boolean hasMore, List<T> data) {
}
