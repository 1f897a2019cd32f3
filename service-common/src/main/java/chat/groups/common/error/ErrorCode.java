package chat.groups.common.error;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * The stable, machine-readable {@code code} of every error the API answers, with the status it
 * always comes with. Clients branch on the code, never on the message. Each code has its own
 * anchor in docs/api.md ("Error codes") and is listed in the OpenAPI document; renaming one
 * breaks clients, so codes are only ever added.
 */
public enum ErrorCode {
    PARAMETER_MISSING(HttpStatus.BAD_REQUEST),
    PARAMETER_INVALID(HttpStatus.BAD_REQUEST),
    PARAMETER_UNKNOWN(HttpStatus.BAD_REQUEST),
    PARAMETER_REPEATED(HttpStatus.BAD_REQUEST),
    PARAMETERS_EXCLUSIVE(HttpStatus.BAD_REQUEST),
    CURSOR_NOT_FOUND(HttpStatus.BAD_REQUEST),
    BODY_MALFORMED(HttpStatus.BAD_REQUEST),
    HEADER_INVALID(HttpStatus.BAD_REQUEST),
    REQUEST_MALFORMED(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    GROUP_NOT_FOUND(HttpStatus.NOT_FOUND),
    CONTACT_NOT_MEMBER(HttpStatus.NOT_FOUND),
    WEBHOOK_ENDPOINT_NOT_FOUND(HttpStatus.NOT_FOUND),
    DELIVERY_NOT_FOUND(HttpStatus.NOT_FOUND),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    GROUP_ALREADY_ARCHIVED(HttpStatus.CONFLICT),
    GROUP_NOT_ARCHIVED(HttpStatus.CONFLICT),
    MEMBER_CAP_REACHED(HttpStatus.CONFLICT),
    CONTACT_AMBIGUOUS(HttpStatus.CONFLICT),
    WEBHOOK_ENDPOINT_DISABLED(HttpStatus.CONFLICT),
    IDEMPOTENCY_KEY_GROUP_DELETED(HttpStatus.CONFLICT),
    REBUILD_IN_PROGRESS(HttpStatus.CONFLICT),
    REBUILD_NOT_RUNNING(HttpStatus.NOT_FOUND),
    VERSION_MISMATCH(HttpStatus.PRECONDITION_FAILED),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    URL_TOO_LONG(HttpStatus.URI_TOO_LONG),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    REQUEST_INVALID(HttpStatus.BAD_REQUEST),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;
    private final String code;

    ErrorCode(HttpStatus status) {
        this.status = status;
        this.code = name().toLowerCase(Locale.ROOT);
    }

    /** The identifier clients see, e.g. {@code group_not_found}; also its anchor in the documentation. */
    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    /** The code for an error only known by its status (the container's, Spring MVC's own 4xx, legacy call sites). */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 412 -> VERSION_MISMATCH;
            case 413 -> BODY_TOO_LARGE;
            case 414 -> URL_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : REQUEST_INVALID;
        };
    }
}
