package chat.groups.query.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One attempt: a POST of the body to the endpoint's URL, signed, with the event's id and type
 * in headers; redirects are not followed, the answer is read only up to a few KB.
 */
public class WebhookSender {

    public static final String EVENT_ID_HEADER = "Groups-Event-Id";
    public static final String EVENT_TYPE_HEADER = "Groups-Event-Type";
    public static final String USER_AGENT = "Groups-Webhooks/1.0";

    /** What came of one attempt: a status code (null when none came back) and, unless 2xx, why it failed. */
    public record Outcome(Integer statusCode, String error) {
        public boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final ScheduledExecutorService CUT_OFF = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-response-cut-off");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http;
    private final Duration timeout;
    private final boolean allowInsecure;

    public WebhookSender(Duration timeout, boolean allowInsecure) {
        this.timeout = timeout;
        this.allowInsecure = allowInsecure;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Outcome send(String url, List<String> secrets, String eventId, String eventType, byte[] body,
                        long timestampSeconds) {
        URI uri = URI.create(url);
        try {
            Optional<InetAddress> blocked = WebhookUrls.blockedAddress(uri, allowInsecure);
            if (blocked.isPresent()) {
                return new Outcome(null, "The URL's host resolves to " + blocked.get().getHostAddress()
                        + ", a non-public address; webhooks are only sent to public addresses");
            }
        } catch (UnknownHostException e) {
            return new Outcome(null, "Unknown host " + uri.getHost());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.HEADER, WebhookSignature.header(timestampSeconds, body, secrets))
                .header(EVENT_ID_HEADER, eventId)
                .header(EVENT_TYPE_HEADER, eventType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String answer = readBounded(response.body());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(status, null);
            }
            String error = status >= 300 && status < 400
                    ? "Redirect to " + response.headers().firstValue("Location").orElse("?") + " not followed"
                    : "HTTP " + status + (answer.isBlank() ? "" : ": " + answer.strip());
            return new Outcome(status, clip(error));
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "No answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return new Outcome(null, "Connection refused or unreachable");
        } catch (IOException e) {
            return new Outcome(null, clip("Connection failed: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "Interrupted (server shutting down)");
        }
    }

    /**
     * At most {@link WebhookSettings#MAX_RESPONSE_BYTES} of the answer, and for at most the timeout: a
     * receiver that drips its body slowly loses its connection instead of holding a worker.
     */
    private String readBounded(InputStream body) {
        ScheduledFuture<?> cutOff = CUT_OFF.schedule(() -> closeQuietly(body), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (body) {
            return new String(body.readNBytes(WebhookSettings.MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } finally {
            cutOff.cancel(false);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is going anyway
        }
    }

    private static String clip(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ");
        return line.length() <= WebhookSettings.ERROR_CHARS ? line : line.substring(0, WebhookSettings.ERROR_CHARS) + "…";
    }
}
