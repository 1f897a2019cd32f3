package chat.groups.common.error;

import chat.groups.api.ClientText;
import java.io.IOException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import tools.jackson.databind.json.JsonMapper;

/** Builds error bodies in the API's shape, for controllers and for filters that answer before them. */
@Component
public class ApiErrors {

    private final String documentationRoot;
    private final JsonMapper json;
    private final ObjectProvider<RequestMappingInfoHandlerMapping> routes;

    @Autowired
    public ApiErrors(@Value("${groups.api.documentation-url}") String documentationRoot, JsonMapper json,
                     ObjectProvider<RequestMappingInfoHandlerMapping> routes) {
        this.documentationRoot = documentationRoot(documentationRoot);
        this.json = json;
        this.routes = routes;
    }

    /** Without Spring MVC's routes (unit tests): refused answers are written without looking up their route. */
    public ApiErrors(String documentationRoot, JsonMapper json) {
        this(documentationRoot, json, null);
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

    /**
     * Answers a request that a filter refuses before Spring MVC routes it (401, 403, 429), and
     * first finds the route Spring MVC would have taken, so that metrics tag the answer with its
     * template ({@code uri="/v1/groups/{id}"}) like every other answer, not {@code UNKNOWN}.
     * Routing costs a lookup, so it is done only here, for refused requests; a path that is no
     * route stays {@code UNKNOWN}.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
            throws IOException {
        tagRoute(request);
        write(response, code, message);
    }

    /** Sets the route template on the request's observation, as Spring MVC's handler lookup does. */
    private void tagRoute(HttpServletRequest request) {
        if (routes == null || ServerHttpObservationFilter.findObservationContext(request).isEmpty()) {
            return;
        }
        try {
            if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            for (RequestMappingInfoHandlerMapping mapping : routes.orderedStream().toList()) {
                if (mapping.getHandler(request) != null) {
                    return;
                }
            }
        } catch (Exception noRoute) {
            // e.g. a method the path does not allow: the answer stays without a route, as before
        }
    }

    public void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        response.setStatus(code.status().value());
        // Plain application/json, as every other answer says: JSON is UTF-8 by definition (RFC 8259) and
        // Jackson writes UTF-8 bytes; a charset parameter would only make 401/403/429 look different.
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        byte[] body = json.writeValueAsBytes(body(code.status(), code, null, message));
        response.setContentLength(body.length); // one socket write, as SizedJsonResponses does for the other answers
        response.getOutputStream().write(body);
    }

    /** @deprecated give the error its {@link ErrorCode}: {@link #write(HttpServletResponse, ErrorCode, String)}. */
    @Deprecated
    public void write(HttpServletResponse response, HttpStatus status, DocTopic topic, String message) throws IOException {
        write(response, ErrorCode.forStatus(status.value()), message);
    }
}
