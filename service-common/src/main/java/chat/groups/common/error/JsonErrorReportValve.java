package chat.groups.common.error;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;

/**
 * Tomcat refuses some requests before any application code runs (a request line with
 * characters that must be percent-encoded, a header value with a control character, a
 * path with an encoded slash or NUL, a request line or headers over the size limit) and
 * would answer them with its own HTML page, and with 400 even for a URL or headers that are
 * only too long. This valve answers them in the API's error shape instead, those over the
 * limit with 414 URI Too Long or 431 Request Header Fields Too Large. Errors the application
 * handles never reach it: it reports only when nothing has been written yet, as Tomcat's own does.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    /** Set by {@link TomcatErrorShape} from configuration (Tomcat creates the valve by class name). */
    static volatile String documentationRoot = "";

    private static final String URL_TOO_LONG = "The URL is too long";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String tooLarge = status == 400 ? tooLarge(request, throwable) : null;
        if (tooLarge != null) {
            status = tooLarge.startsWith(URL_TOO_LONG) ? 414 : 431;
            response.setStatus(status);
        }
        String type = status >= 500 ? ApiError.API_ERROR : ApiError.INVALID_REQUEST;
        ErrorCode code = status == 400 ? ErrorCode.REQUEST_MALFORMED : ErrorCode.forStatus(status);
        String message = tooLarge != null ? tooLarge : status >= 500
                ? "Something went wrong on our side. Please try again; if it keeps failing, contact support."
                : "The request could not be read (HTTP " + status + "): its URL or headers contain characters that "
                        + "must be percent-encoded (such as [ ] { } | or spaces), an encoded slash or NUL in the path, "
                        + "or a control character in a header. Encode them as UTF-8 percent-escapes and retry.";
        try {
            // Plain application/json, as every other answer says (see ApiErrors.write): with no charset
            // Tomcat's writer is ISO-8859-1, so the body is kept ASCII, anything else as JSON escapes.
            response.setContentType("application/json");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ascii("{\"type\":\"" + type + "\",\"code\":\"" + code.code()
                        + "\",\"message\":\"" + message.replace("\"", "\\\"")
                        + "\",\"documentation_url\":\"" + ApiErrors.documentationUrl(documentationRoot, code) + "\"}"));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the response committed; nothing more to say
        }
    }

    /**
     * What is too large when Tomcat refused the request head for its size, else null. Tomcat 11
     * answers both with 400 and one exception: the request line and the headers together may
     * take at most {@code maxHttpRequestHeaderSize} bytes ({@code server.max-http-request-header-size}),
     * and at most {@code maxHeaderCount} headers. The URL is what is too long (414) when Tomcat
     * gave up before the end of it, or when it takes more than half of the limit; otherwise the
     * headers are (431). Messages are compared in Tomcat's own words, in its locale.
     */
    static String tooLarge(Request request, Throwable throwable) {
        if (throwable == null || throwable.getMessage() == null) {
            return null;
        }
        Object limit = request.getConnector().getProperty("maxHttpRequestHeaderSize");
        if (throwable instanceof IllegalArgumentException && limit instanceof Integer bytes && throwable.getMessage()
                .equals(StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error"))) {
            String path = request.getRequestURI();
            String query = request.getQueryString();
            int urlLength = path == null ? -1 : path.length() + (query == null ? 0 : query.length() + 1);
            if (urlLength < 0 || urlLength > bytes / 2) {
                return URL_TOO_LONG + ": the URL and the headers together may be at most " + size(bytes)
                        + (urlLength < 0 ? "" : ", and this URL alone is " + size(urlLength)) + ". Shorten the URL: "
                        + "send filters in fewer or shorter query parameters, or page through results with a cursor.";
            }
            return "The request headers are too large: the URL and the headers together may be at most " + size(bytes)
                    + " (this URL takes " + size(urlLength) + " of it). Send fewer or smaller headers "
                    + "(a large Cookie, or a token in more than one header, is the usual cause).";
        }
        Object count = request.getConnector().getProperty("maxHeaderCount");
        if (throwable instanceof IllegalStateException && count instanceof Integer most && throwable.getMessage()
                .equals(StringManager.getManager("org.apache.tomcat.util.http").getString("headers.maxCountFail", most))) {
            return "The request has too many headers: at most " + most + " are read. Send fewer headers.";
        }
        return null;
    }

    private static String ascii(String json) {
        StringBuilder out = new StringBuilder(json.length());
        json.chars().forEach(c -> out.append(c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    private static String size(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
