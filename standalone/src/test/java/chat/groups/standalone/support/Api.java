package chat.groups.standalone.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An HTTP client for one account, speaking to the server exactly as curl does. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON_TYPE = "application/json";

    private final URI base;
    private final String token;
    private final String account;
    private final Duration timeout;

    public Api(URI base, String token, String account) {
        this(base, token, account, Duration.ofSeconds(30));
    }

    private Api(URI base, String token, String account, Duration timeout) {
        this.base = base;
        this.token = token;
        this.account = account;
        this.timeout = timeout;
    }

    /** The same client, waiting up to {@code timeout} for each answer (for requests queued behind many others). */
    public Api withTimeout(Duration timeout) {
        return new Api(base, token, account, timeout);
    }

    /** The account this client's key belongs to. */
    public String account() {
        return account;
    }

    public Api withToken(String otherToken) {
        return new Api(base, otherToken, account);
    }

    public Api withoutToken() {
        return new Api(base, null, null);
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** {@code curl -d a=1 -d b=2}: pairs in order, each URL-encoded. */
    public static String form(String... pairs) {
        List<String> encoded = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            encoded.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", encoded);
    }

    public static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String query(String... pairs) {
        return pairs.length == 0 ? "" : "?" + form(pairs);
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response post(String path, String form) {
        return send("POST", path, FORM, form);
    }

    public Response postJson(String path, String json) {
        return send("POST", path, JSON_TYPE, json);
    }

    public Response put(String path, String form) {
        return send("PUT", path, FORM, form);
    }

    public Response putJson(String path, String json) {
        return send("PUT", path, JSON_TYPE, json);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** Creates a group from form pairs and returns its JSON, failing the test on anything but 201. */
    public JsonNode create(String... pairs) {
        Response response = post("/v1/groups", form(pairs));
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response);
        }
        return response.json();
    }

    /** Like {@link #send}, but streams the body without a Content-Length header (chunked transfer encoding). */
    public Response sendChunked(String method, String path, String contentType, String body) {
        return sendPublished(method, path, contentType,
                BodyPublishers.fromPublisher(BodyPublishers.ofString(body, StandardCharsets.UTF_8)), body);
    }

    /** Sends the bytes exactly as given, e.g. text that is not UTF-8. */
    public Response sendBytes(String method, String path, String contentType, byte[] body) {
        return sendPublished(method, path, contentType, BodyPublishers.ofByteArray(body),
                new String(body, StandardCharsets.ISO_8859_1));
    }

    public Response send(String method, String path, String contentType, String body, String... headers) {
        return sendPublished(method, path, contentType,
                body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8), body, headers);
    }

    private Response sendPublished(String method, String path, String contentType, HttpRequest.BodyPublisher body,
                                   String bodyText, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpRequest sent = request.build();
            HttpResponse<String> response = HTTP.send(sent, BodyHandlers.ofString());
            ErrorContract.check(method, path, response.statusCode(), response.body());
            OpenApiContract.check(method, sent.uri(), sent.headers().map(), bodyText, response.statusCode(),
                    response.headers().map(), response.body());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
