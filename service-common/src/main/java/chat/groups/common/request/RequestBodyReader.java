package chat.groups.common.request;

import chat.groups.api.ClientText;
import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a write request's body, form-encoded or JSON, into one tree of maps, lists and
 * scalars, so that both encodings go through the same validation. The size cap applies
 * before anything is parsed.
 */
@Component
public class RequestBodyReader {

    private final int maxBytes;
    private final ObjectReader json;

    public RequestBodyReader(@Value("${groups.api.max-body-bytes}") int maxBytes, JsonMapper mapper) {
        this.maxBytes = maxBytes;
        this.json = mapper.readerFor(Object.class).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * The parameters of a write, from its body. A write takes none in the query string: one
     * there is refused (400, naming it) rather than silently ignored.
     */
    public Params read(HttpServletRequest request) throws IOException {
        String inQuery = firstQueryParameter(request);
        if (inQuery != null) {
            throw ApiException.badRequest("'" + ClientText.printable(inQuery) + "' was sent in the query string. "
                    + request.getMethod() + " " + request.getRequestURI() + " takes its parameters in the body (form "
                    + "or JSON) and none in the query string.");
        }
        return readBody(request);
    }

    /**
     * For an endpoint that takes no parameters: refuses any in the query string or the body
     * (400, naming the first), rather than silently ignoring them.
     */
    public void requireNone(HttpServletRequest request) throws IOException {
        String name = firstQueryParameter(request);
        if (name == null) {
            Params body;
            try {
                body = readBody(request);
            } catch (ApiException unreadable) {
                throw takesNone(request, "a body");
            }
            if (body.isEmpty()) {
                return;
            }
            name = body.names().iterator().next();
        }
        throw takesNone(request, "'" + ClientText.printable(name) + "'");
    }

    private static ApiException takesNone(HttpServletRequest request, String what) {
        return ApiException.badRequest(request.getMethod() + " " + request.getRequestURI() + " takes no parameters, "
                + "but " + what + " was sent. Send the request without a body or query string.");
    }

    private static String firstQueryParameter(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return null;
        }
        Map<String, Object> parameters = FormBody.parse(query, StandardCharsets.UTF_8);
        return parameters.isEmpty() ? query : parameters.keySet().iterator().next();
    }

    private Params readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        byte[] body = readCapped(request.getInputStream());
        if (request.getContentType() == null) {
            if (body.length == 0) {
                return new Params(new LinkedHashMap<>());
            }
            throw unsupported(null);
        }
        MediaType type = contentType(request);
        if (MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
            if (looksLikeJson(body)) {
                throw ApiException.badRequest("The body looks like JSON but its Content-Type is "
                        + "application/x-www-form-urlencoded (what curl -d sends unless told otherwise). "
                        + "Send it with the header Content-Type: application/json.");
            }
            Charset charset = charset(type, request.getContentType());
            return new Params(FormBody.parse(new String(body, StandardCharsets.ISO_8859_1), charset));
        }
        if (MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json")) {
            return new Params(body.length == 0 ? new LinkedHashMap<>() : parseJson(body));
        }
        throw unsupported(request.getContentType());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parseJson(byte[] body) {
        Object tree;
        try {
            tree = json.readValue(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(ErrorCode.BODY_MALFORMED, "The JSON body is malformed" + where + " ("
                    + ClientText.printable(e.getOriginalMessage()) + "). Send a JSON object such as {\"name\": \"Plaza Hotel\"}.");
        }
        if (!(tree instanceof Map)) {
            throw new ApiException(ErrorCode.BODY_MALFORMED, "The JSON body must be an object such as {\"name\": \"Plaza Hotel\"}.");
        }
        return (Map<String, Object>) tree;
    }

    /** A form body never starts with { or [ (they would be percent-encoded); a JSON object or array does. */
    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    private static Charset charset(MediaType type, String contentType) {
        try {
            return type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        } catch (IllegalArgumentException unknownCharset) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The charset of Content-Type '"
                    + ClientText.printable(contentType) + "' is not supported. Send UTF-8.");
        }
    }

    private byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return body;
    }

    private static MediaType contentType(HttpServletRequest request) {
        try {
            return MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            throw unsupported(request.getContentType());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.BODY_TOO_LARGE,
                "The request body is larger than " + maxBytes + " bytes. Send fewer or shorter values.");
    }

    private static ApiException unsupported(String contentType) {
        return new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                (contentType == null ? "The request has a body but no Content-Type."
                        : "Content-Type '" + ClientText.printable(contentType) + "' is not supported.")
                        + " Send application/x-www-form-urlencoded (as curl -d does) or application/json.");
    }
}
