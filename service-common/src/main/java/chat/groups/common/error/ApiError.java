package chat.groups.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The API's error body: {@code type} is {@code invalid_request} for the caller's mistakes and
 * {@code api_error} for ours; {@code code} is the stable identifier to branch on (see
 * {@link ErrorCode}); {@code param}, present only when one parameter or header is at fault,
 * names it as the request wrote it (e.g. {@code contacts[0][username]}).
 */
public record ApiError(
        String type,
        String code,
        String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) String param,
        @JsonProperty("documentation_url") String documentationUrl) {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String API_ERROR = "api_error";
}
