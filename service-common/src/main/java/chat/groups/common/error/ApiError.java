package chat.groups.common.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The API's error body: {@code invalid_request} for the caller's mistakes, {@code api_error} for ours. */
public record ApiError(String type, String message, @JsonProperty("documentation_url") String documentationUrl) {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String API_ERROR = "api_error";
}
