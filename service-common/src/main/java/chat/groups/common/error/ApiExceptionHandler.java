package chat.groups.common.error;

import chat.groups.api.Rejection;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.HandlerExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The one place where failures become HTTP statuses and error bodies. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ApiErrors errors;

    public ApiExceptionHandler(ApiErrors errors) {
        this.errors = errors;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return errors.response(e.status(), e.topic(), e.getMessage());
    }

    @ExceptionHandler(HandlerExecutionException.class)
    ResponseEntity<ApiError> rejected(HandlerExecutionException e) {
        return Rejection.of(e)
                .map(rejection -> switch (rejection.reason()) {
                    case GROUP_NOT_FOUND, CONTACT_NOT_MEMBER -> errors.response(HttpStatus.NOT_FOUND, DocTopic.GROUPS, rejection.message());
                    case GROUP_ALREADY_ARCHIVED, GROUP_NOT_ARCHIVED, MEMBER_CAP_REACHED, CONTACT_AMBIGUOUS ->
                            errors.response(HttpStatus.CONFLICT, DocTopic.GROUPS, rejection.message());
                    case INVALID_ARCHIVED_AT -> errors.response(HttpStatus.BAD_REQUEST, DocTopic.GROUPS, rejection.message());
                    case UNKNOWN_CURSOR -> errors.response(HttpStatus.BAD_REQUEST, DocTopic.PAGINATION, rejection.message());
                    case VERSION_MISMATCH -> errors.response(HttpStatus.PRECONDITION_FAILED, DocTopic.GROUPS, rejection.message());
                    case IDEMPOTENCY_KEY_REUSED ->
                            errors.response(HttpStatus.UNPROCESSABLE_CONTENT, DocTopic.ERRORS, rejection.message());
                })
                .orElseGet(() -> unexpected(e));
    }

    /**
     * An engine (Axon Server, the other side through it, MongoDB, the event store) could not be
     * reached: an outage, not a bug. One line in the log, no stack trace; {@code Retry-After}
     * only when repeating the request is safe.
     */
    @ExceptionHandler(Outages.Outage.class)
    ResponseEntity<ApiError> outage(Outages.Outage e) {
        log.warn("Answered 503: {}", Outages.describe(e.getCause() == null ? e : e.getCause()));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON);
        if (e.retry()) {
            answer.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return answer.body(errors.body(HttpStatus.SERVICE_UNAVAILABLE, e.topic(), e.getMessage()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        Set<HttpMethod> allowed = new java.util.LinkedHashSet<>(
                e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods());
        // Spring MVC also answers HEAD wherever GET works, and OPTIONS everywhere: the Allow header says so too.
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        allowed.add(HttpMethod.OPTIONS);
        String names = allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .allow(allowed.toArray(HttpMethod[]::new))
                .contentType(MediaType.APPLICATION_JSON)
                .body(errors.body(HttpStatus.METHOD_NOT_ALLOWED, DocTopic.ERRORS,
                        "The " + e.getMethod() + " method is not allowed on " + request.getRequestURI()
                                + ". Allowed methods: " + names + "."));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return errors.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE, DocTopic.ERRORS,
                "Content-Type '" + e.getContentType() + "' is not supported. Send application/x-www-form-urlencoded or application/json.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noSuchPath(NoResourceFoundException e, HttpServletRequest request) {
        return errors.response(HttpStatus.NOT_FOUND, DocTopic.ERRORS,
                "Unrecognized request URL (" + request.getMethod() + " " + request.getRequestURI()
                        + "). See the documentation for the available endpoints.");
    }

    /** Spring MVC's own 4xx (missing parameter, bad header, ...) keep their status, reworded into the API's shape. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (Outages.isOutage(e)) {
            return outage(Outages.unavailable(e));
        }
        if (e instanceof ErrorResponse mvc && mvc.getStatusCode().is4xxClientError()) {
            String detail = mvc.getBody().getDetail();
            return errors.response(mvc.getStatusCode(), DocTopic.ERRORS, detail == null ? e.getMessage() : detail);
        }
        log.error("Request failed unexpectedly", e);
        return errors.response(HttpStatus.INTERNAL_SERVER_ERROR, DocTopic.ERRORS,
                "Something went wrong on our side. Please try again; if it keeps failing, contact support.");
    }
}
