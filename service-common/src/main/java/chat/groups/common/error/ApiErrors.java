package chat.groups.common.error;

import java.io.IOException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Builds error bodies in the API's shape, for controllers and for filters that answer before them. */
@Component
public class ApiErrors {

    private final String documentationRoot;
    private final JsonMapper json;

    public ApiErrors(@Value("${groups.api.documentation-url}") String documentationRoot, JsonMapper json) {
        this.documentationRoot = documentationRoot.replaceAll("/+$", "");
        this.json = json;
    }

    public ApiError body(HttpStatusCode status, DocTopic topic, String message) {
        String type = status.is5xxServerError() ? ApiError.API_ERROR : ApiError.INVALID_REQUEST;
        return new ApiError(type, message, documentationRoot + topic.path());
    }

    public ResponseEntity<ApiError> response(HttpStatusCode status, DocTopic topic, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(status, topic, message));
    }

    public void write(HttpServletResponse response, HttpStatus status, DocTopic topic, String message) throws IOException {
        response.setStatus(status.value());
        // Plain application/json, as every other answer says: JSON is UTF-8 by definition (RFC 8259) and
        // Jackson writes UTF-8 bytes; a charset parameter would only make 401/403/429 look different.
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(status, topic, message));
    }
}
