package chat.groups.standalone.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * A real HTTP receiver of webhooks on a loopback port (the JDK's HttpServer): records every
 * request it gets and answers each with the status {@link #answerWith} says (200 by default).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received, and what it was answered. */
    public record Received(String signature, String eventIdHeader, String eventTypeHeader, String contentType,
                           byte[] body, int answered, Instant at) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile IntSupplier status = () -> 200;
    private volatile Duration delay = Duration.ZERO;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            sleep(delay);
            int answer = status.getAsInt();
            var headers = exchange.getRequestHeaders();
            received.add(new Received(headers.getFirst("Groups-Signature"), headers.getFirst("Groups-Event-Id"),
                    headers.getFirst("Groups-Event-Type"), headers.getFirst("Content-Type"), body, answer, Instant.now()));
            byte[] reply = (answer < 300 ? "ok" : "receiver says no").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answerWith(IntSupplier status) {
        this.status = status;
    }

    public void delayAnswers(Duration delay) {
        this.delay = delay;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests so far that match, waiting (bounded) until at least {@code count} have. */
    public List<Received> await(int count, Predicate<Received> matching, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Received> matches = received.stream().filter(matching).toList();
            if (matches.size() >= count || Instant.now().isAfter(deadline)) {
                return matches;
            }
            sleep(Duration.ofMillis(50));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
