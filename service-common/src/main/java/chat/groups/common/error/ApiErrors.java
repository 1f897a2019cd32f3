package chat.groups.common.error;

import chat.groups.api.ClientText;
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
        this.documentationRoot = documentationRoot(documentationRoot);
        this.json = json;
    }

    /** The configured root without trailing slashes; a code's page is the root with the code as its anchor. */
    static String documentationRoot(String configured) {
        return configured.replaceAll("/+$", "");
    }

    static String documentationUrl(String root, ErrorCode code) {
        return root + "#" + code.code();
    }

    public ApiError body(HttpStatusCode status, ErrorCode code, String param, String message) {
        String type = status.is5xxServerError() ? ApiError.API_ERROR : ApiError.INVALID_REQUEST;
        return new ApiError(type, code.code(), message, param(param), documentationUrl(documentationRoot, code));
    }

    /**
     * The parameter as the client wrote it, with control characters escaped and its length
     * capped as in messages; none when the client's name is blank (a form key {@code =x}),
     * since a blank {@code param} names nothing a client could act on.
     */
    private static String param(String param) {
        return param == null || param.isBlank() ? null : ClientText.printable(param);
    }

    public ApiError body(ApiException e) {
        return body(e.status(), e.code(), e.param(), e.getMessage());
    }

    public ResponseEntity<ApiError> response(HttpStatusCode status, ErrorCode code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(status, code, null, message));
    }

    public ResponseEntity<ApiError> response(ErrorCode code, String message) {
        return response(code.status(), code, message);
    }

    public ResponseEntity<ApiError> response(ApiException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(body(e));
    }

    public void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        response.setStatus(code.status().value());
        // Plain application/json, as every other answer says: JSON is UTF-8 by definition (RFC 8259) and
        // Jackson writes UTF-8 bytes; a charset parameter would only make 401/403/429 look different.
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(code.status(), code, null, message));
    }

    /** @deprecated give the error its {@link ErrorCode}: {@link #write(HttpServletResponse, ErrorCode, String)}. */
    @Deprecated
    public void write(HttpServletResponse response, HttpStatus status, DocTopic topic, String message) throws IOException {
        write(response, ErrorCode.forStatus(status.value()), message);
    }
}
