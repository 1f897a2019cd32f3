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
        return errors.response(e);
    }

    @ExceptionHandler(HandlerExecutionException.class)
    ResponseEntity<ApiError> rejected(HandlerExecutionException e, HttpServletRequest request) {
        return Rejection.of(e)
                .map(rejection -> switch (rejection.reason()) {
                    case GROUP_NOT_FOUND -> errors.response(ErrorCode.GROUP_NOT_FOUND, rejection.message());
                    case CONTACT_NOT_MEMBER -> errors.response(ErrorCode.CONTACT_NOT_MEMBER, rejection.message());
                    case GROUP_ALREADY_ARCHIVED -> errors.response(ErrorCode.GROUP_ALREADY_ARCHIVED, rejection.message());
                    case GROUP_NOT_ARCHIVED -> errors.response(ErrorCode.GROUP_NOT_ARCHIVED, rejection.message());
                    case MEMBER_CAP_REACHED -> errors.response(ErrorCode.MEMBER_CAP_REACHED, rejection.message());
                    case CONTACT_AMBIGUOUS -> errors.response(ErrorCode.CONTACT_AMBIGUOUS, rejection.message());
                    case INVALID_ARCHIVED_AT -> errors.response(new ApiException(ErrorCode.PARAMETER_INVALID,
                            "archived_at", rejection.message()));
                    case UNKNOWN_CURSOR -> errors.response(new ApiException(ErrorCode.CURSOR_NOT_FOUND,
                            cursorParameter(request), rejection.message()));
                    case VERSION_MISMATCH -> errors.response(ErrorCode.VERSION_MISMATCH, rejection.message());
                    case IDEMPOTENCY_KEY_REUSED -> errors.response(ErrorCode.IDEMPOTENCY_KEY_REUSED, rejection.message());
                })
                .orElseGet(() -> unexpected(e));
    }

    /** A list takes one cursor (both are refused before the query), so the one sent is the one at fault. */
    private static String cursorParameter(HttpServletRequest request) {
        return request.getParameter("ending_before") != null ? "ending_before" : "starting_after";
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
        return answer.body(errors.body(e));
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
                .body(errors.body(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED, null,
                        "The " + e.getMethod() + " method is not allowed on " + request.getRequestURI()
                                + ". Allowed methods: " + names + "."));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return errors.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type '" + e.getContentType() + "' is not supported. Send application/x-www-form-urlencoded or application/json.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noSuchPath(NoResourceFoundException e, HttpServletRequest request) {
        return errors.response(ErrorCode.NOT_FOUND,
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
            return errors.response(mvc.getStatusCode(), ErrorCode.forStatus(mvc.getStatusCode().value()),
                    detail == null ? e.getMessage() : detail);
        }
        log.error("Request failed unexpectedly", e);
        return errors.response(ErrorCode.INTERNAL_ERROR,
                "Something went wrong on our side. Please try again; if it keeps failing, contact support.");
    }
}
