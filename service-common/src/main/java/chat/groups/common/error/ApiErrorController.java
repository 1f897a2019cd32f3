package chat.groups.common.error;

import chat.groups.api.ClientText;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by Tomcat, e.g. a malformed URL, or by a filter) reach
 * the container's error page; this keeps even those in the API's error shape.
 */
@RestController
public class ApiErrorController implements ErrorController {

    private final ApiErrors errors;

    public ApiErrorController(ApiErrors errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // Asked for directly, not forwarded by the container: /error is no endpoint of the API.
            return errors.response(ErrorCode.NOT_FOUND, "Unrecognized request URL ("
                    + ClientText.printable(request.getMethod()) + " " + request.getRequestURI()
                    + "). See the documentation for the available endpoints.");
        }
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String message = status.is5xxServerError()
                ? "Something went wrong on our side. Please try again; if it keeps failing, contact support."
                : "The request could not be understood (" + status.value() + " " + status.getReasonPhrase()
                        + "). Check the URL, headers and body against the documentation.";
        return errors.response(status, status == HttpStatus.BAD_REQUEST ? ErrorCode.REQUEST_MALFORMED
                : ErrorCode.forStatus(status.value()), message);
    }
}
