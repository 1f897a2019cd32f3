package chat.groups.standalone.webhooks;

import static chat.groups.standalone.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.ServerProcess;
import chat.groups.standalone.support.TestServer;
import chat.groups.standalone.support.WebhookReceiver;
import chat.groups.standalone.support.WebhookReceiver.Received;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the server while it writes and delivers webhooks: after a restart on the same data
 * directory, every acknowledged write's webhook arrives (some maybe twice), and an event keeps
 * its id across the crash.
 */
class WebhookHardKillTest {

    private static final String[] WEBHOOK_SETTINGS = {"--logging.level.root=WARN",
            "--groups.webhooks.allow-insecure-urls=true", "--groups.webhooks.initial-backoff=100ms",
            "--groups.webhooks.max-backoff=500ms", "--groups.webhooks.poll-interval=100ms"};

    @Test
    void noWebhookOfAnAcknowledgedWriteIsLostWhenTheServerIsKilledMidDelivery() throws Exception {
        Path dataDir = TestServer.tempDir("groups-webhook-kill");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.delayAnswers(Duration.ofMillis(20)); // deliveries are in flight when the kill comes
            ServerProcess server = ServerProcess.start(dataDir, WEBHOOK_SETTINGS);
            Api api = server.client("alice");
            Response endpoint = api.post("/v1/webhook_endpoints", form("url", receiver.url("/kill"),
                    "enabled_events[0]", "group.created"));
            assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);

            ExecutorService writers = Executors.newFixedThreadPool(2);
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.submit(() -> writeUntilTheServerDies(api, "w" + writer, acknowledged));
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while ((acknowledged.size() < 40 || receiver.received().size() < 10) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            server.kill();
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            int beforeRestart = receiver.received().size();
            assertThat(acknowledged).as("writes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(40);
            assertThat(beforeRestart).as("webhooks received before the kill").isGreaterThanOrEqualTo(10);

            try (ServerProcess restarted = ServerProcess.start(dataDir, WEBHOOK_SETTINGS)) {
                Instant until = Instant.now().plus(Duration.ofSeconds(90));
                while (!missing(receiver, acknowledged).isEmpty() && Instant.now().isBefore(until)) {
                    Thread.sleep(100);
                }
                assertThat(missing(receiver, acknowledged)).as("acknowledged groups without their webhook").isEmpty();
            }

            Map<String, Set<String>> eventIdsByGroup = receiver.received().stream().collect(Collectors.groupingBy(
                    r -> r.json().at("/payload/id").asText(), Collectors.mapping(Received::eventIdHeader, Collectors.toSet())));
            assertThat(eventIdsByGroup.values()).as("one event id per group.created, across the crash")
                    .allSatisfy(ids -> assertThat(ids).hasSize(1));
        }
    }

    private static Set<String> missing(WebhookReceiver receiver, Set<String> acknowledged) {
        Set<String> arrived = receiver.received().stream().filter(Received::accepted)
                .map(r -> r.json().at("/payload/id").asText()).collect(Collectors.toSet());
        return acknowledged.stream().filter(id -> !arrived.contains(id)).collect(Collectors.toSet());
    }

    private static void writeUntilTheServerDies(Api api, String writer, Set<String> acknowledged) {
        try {
            for (int i = 0; ; i++) {
                Response created = api.post("/v1/groups", form("name", writer + "-" + i));
                if (created.status() != 201) {
                    return;
                }
                acknowledged.add(created.json().get("id").asText());
            }
        } catch (UncheckedIOException serverGone) {
            // the kill
        }
    }
}
