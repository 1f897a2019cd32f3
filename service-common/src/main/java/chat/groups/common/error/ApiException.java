package chat.groups.common.error;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses: its {@link ErrorCode} (which fixes the status), the parameter at
 * fault if one is, and a message that tells the caller how to fix it.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String param;

    public ApiException(ErrorCode code, String param, String message) {
        super(message);
        this.code = code;
        this.param = param;
    }

    public ApiException(ErrorCode code, String message) {
        this(code, null, message);
    }

    /** @deprecated give the error its {@link ErrorCode}; this one derives a generic code from the status. */
    @Deprecated
    public ApiException(HttpStatus status, DocTopic topic, String message) {
        this(ErrorCode.forStatus(status.value()), null, message);
        if (code.status() != status) {
            throw new IllegalArgumentException("No generic error code answers " + status + ": give this error its "
                    + "own ErrorCode (" + message + ")");
        }
    }

    /** {@code parameter_invalid}: {@code param} is present but its value is not acceptable. */
    public static ApiException invalid(String param, String message) {
        return new ApiException(ErrorCode.PARAMETER_INVALID, param, message);
    }

    /** {@code parameter_missing}: the required {@code param} is absent or blank. */
    public static ApiException missing(String param, String message) {
        return new ApiException(ErrorCode.PARAMETER_MISSING, param, message);
    }

    /** {@code parameter_unknown}: {@code param} is not accepted here. */
    public static ApiException unknown(String param, String message) {
        return new ApiException(ErrorCode.PARAMETER_UNKNOWN, param, message);
    }

    public static ApiException groupNotFound(String message) {
        return new ApiException(ErrorCode.GROUP_NOT_FOUND, message);
    }

    /** @deprecated use {@link #invalid}, {@link #missing}, {@link #unknown} or a specific {@link ErrorCode}. */
    @Deprecated
    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.REQUEST_INVALID, message);
    }

    /** @deprecated use {@link #groupNotFound} or a specific {@link ErrorCode}. */
    @Deprecated
    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public HttpStatus status() {
        return code.status();
    }

    public ErrorCode code() {
        return code;
    }

    public String param() {
        return param;
    }
}
