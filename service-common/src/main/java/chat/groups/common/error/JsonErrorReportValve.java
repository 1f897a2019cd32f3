package chat.groups.common.error;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat refuses some requests before any application code runs (a request line with
 * characters that must be percent-encoded, a header value with a control character, a
 * path with an encoded slash or NUL) and would answer them with its own HTML page. This
 * valve answers them in the API's error shape instead. Errors the application handles
 * never reach it: it reports only when nothing has been written yet, as Tomcat's own does.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    /** Set by {@link TomcatErrorShape} from configuration (Tomcat creates the valve by class name). */
    static volatile String documentationRoot = "";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String type = status >= 500 ? ApiError.API_ERROR : ApiError.INVALID_REQUEST;
        ErrorCode code = status == 400 ? ErrorCode.REQUEST_MALFORMED : ErrorCode.forStatus(status);
        String message = status >= 500
                ? "Something went wrong on our side. Please try again; if it keeps failing, contact support."
                : "The request could not be read (HTTP " + status + "): its URL or headers contain characters that "
                        + "must be percent-encoded (such as [ ] { } | or spaces), an encoded slash or NUL in the path, "
                        + "or a control character in a header. Encode them as UTF-8 percent-escapes and retry.";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"" + type + "\",\"code\":\"" + code.code()
                        + "\",\"message\":\"" + message.replace("\"", "\\\"")
                        + "\",\"documentation_url\":\"" + ApiErrors.documentationUrl(documentationRoot, code) + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the response committed; nothing more to say
        }
    }
}
