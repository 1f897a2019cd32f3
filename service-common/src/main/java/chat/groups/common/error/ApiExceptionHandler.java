package chat.groups.common.error;

import chat.groups.api.Rejection;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
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
                    case GROUP_ALREADY_ARCHIVED -> errors.response(ErrorCode.GROUP_ALREADY_ARCHIVED, rejection.message());
                    case GROUP_NOT_ARCHIVED -> errors.response(ErrorCode.GROUP_NOT_ARCHIVED, rejection.message());
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

    /** The other side, or Axon Server between them, is not there right now: an outage, not a bug. */
    @ExceptionHandler({NoHandlerForCommandException.class, NoHandlerForQueryException.class, AxonServerException.class})
    ResponseEntity<ApiError> unavailable(Exception e) {
        log.warn("Request could not be routed: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_JSON)
                .body(errors.body(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, null,
                        "The service is temporarily unavailable. Please retry in a few seconds."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        Set<HttpMethod> allowed = e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
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
