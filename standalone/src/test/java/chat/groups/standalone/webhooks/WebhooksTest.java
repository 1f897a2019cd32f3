package chat.groups.standalone.webhooks;

import static chat.groups.standalone.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.query.webhooks.WebhookSignature;
import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import chat.groups.standalone.support.WebhookReceiver;
import chat.groups.standalone.support.WebhookReceiver.Received;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end: the standalone server, real HTTP receivers on loopback sockets, and the
 * API as clients use it. The server allows http to loopback (as in development) and retries
 * after 100-500 ms instead of 30 s-1 h.
 */
class WebhooksTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static TestServer server;
    static final AtomicInteger accounts = new AtomicInteger();

    WebhookReceiver receiver;
    Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.tempDir("groups-webhooks"), "--groups.webhooks.allow-insecure-urls=true",
                "--groups.webhooks.initial-backoff=100ms", "--groups.webhooks.max-backoff=500ms",
                "--groups.webhooks.poll-interval=100ms");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
        api = server.client("acct" + String.format("%02d", accounts.incrementAndGet()));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void everyEventTypeArrivesSignedWithItsIdAndTypeAndWhatChanged() throws Exception {
        JsonNode endpoint = subscribe(api, receiver.url("/hooks"), "*");
        String secret = endpoint.get("secret").asText();
        assertThat(secret).startsWith("whsec_");

        String id = api.create("name", "Plaza Hotel", "contacts[0][username]", "Hector").get("id").asText();
        assertThat(api.put("/v1/groups/" + id, form("name", "The Plaza")).status()).isEqualTo(200);
        assertThat(api.post("/v1/groups/" + id + "/archive", "").status()).isEqualTo(200);
        assertThat(api.post("/v1/groups/" + id + "/unarchive", "").status()).isEqualTo(200);
        assertThat(api.put("/v1/groups/" + id, form("contacts[0][username]", "Cedric")).status()).isEqualTo(200);
        List<Received> updates = receiver.await(5, r -> true, WAIT);
        assertThat(updates).hasSize(5);

        assertThat(api.delete("/v1/groups/" + id).status()).isEqualTo(200);
        List<Received> all = receiver.await(6, r -> true, WAIT);
        assertThat(all).hasSize(6);

        for (Received request : all) {
            assertThat(WebhookSignature.verify(request.signature(), request.body(), secret,
                    Instant.now().getEpochSecond(), 300)).as("signature of %s", request.bodyText()).isTrue();
            JsonNode body = request.json();
            assertThat(body.get("id").asText()).startsWith("evt_").isEqualTo(request.eventIdHeader());
            assertThat(body.get("type").asText()).isEqualTo(request.eventTypeHeader());
            assertThat(body.get("object").asText()).isEqualTo("event");
            assertThat(body.get("created").asLong()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
            assertThat(request.contentType()).startsWith("application/json");
        }
        assertThat(all.stream().map(r -> r.json().get("id").asText()).distinct()).hasSize(6);
        assertThat(all.stream().map(Received::eventTypeHeader).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("group.created", "group.updated", "group.deleted");

        JsonNode created = only(all, "group.created").get("payload");
        assertThat(created.get("id").asText()).isEqualTo(id);
        assertThat(created.get("name").asText()).isEqualTo("Plaza Hotel");
        assertThat(created.at("/contacts/0/username").asText()).isEqualTo("Hector");

        JsonNode renamed = updateChanging(all, "name");
        assertThat(renamed.get("name").asText()).isEqualTo("The Plaza");
        assertThat(renamed.at("/previous_attributes/name").asText()).isEqualTo("Plaza Hotel");
        JsonNode archived = updateChanging(all, "archived_at");
        assertThat(archived.get("archived_at").isNumber()).isTrue();
        assertThat(archived.at("/previous_attributes/archived_at").isNull()).isTrue();
        JsonNode contacts = updateChanging(all, "contacts");
        assertThat(contacts.at("/contacts/0/username").asText()).isEqualTo("Cedric");
        assertThat(contacts.at("/previous_attributes/contacts/0/username").asText()).isEqualTo("Hector");

        JsonNode deleted = only(all, "group.deleted").get("payload");
        assertThat(deleted.get("id").asText()).isEqualTo(id);
        assertThat(deleted.get("deleted").asBoolean()).isTrue();

        // The receiver has every request; the worker records each as delivered once it has read the 200.
        String deliveries = "/v1/webhook_endpoints/" + endpoint.get("id").asText() + "/deliveries?limit=100";
        JsonNode log = api.get(deliveries).json();
        for (long deadline = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < deadline
                && log.findValuesAsText("status").stream().anyMatch(status -> !status.equals("delivered")); ) {
            Thread.sleep(50);
            log = api.get(deliveries).json();
        }
        assertThat(log.get("data")).hasSize(6);
        for (JsonNode delivery : log.get("data")) {
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            assertThat(delivery.get("last_status_code").asInt()).isEqualTo(200);
            assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aReceiverThatFailsAndThenRecoversGetsEveryEvent() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answerWith(() -> calls.incrementAndGet() <= 12 ? 503 : 200);
        String endpointId = subscribe(api, receiver.url("/flaky"), "group.created").get("id").asText();
        Set<String> groups = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            groups.add(api.create("name", "Flaky " + i).get("id").asText());
        }

        List<Received> accepted = receiver.await(5, Received::accepted, WAIT);
        assertThat(accepted.stream().map(r -> r.json().at("/payload/id").asText()).collect(Collectors.toSet()))
                .isEqualTo(groups);
        assertThat(receiver.received().stream().filter(r -> !r.accepted())).hasSize(12);
        // the worker records a delivery after the receiver answered it, so the log may trail the receiver
        JsonNode log = api.get("/v1/webhook_endpoints/" + endpointId + "/deliveries").json().get("data");
        for (long deadline = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < deadline
                && log.findValuesAsText("status").stream().anyMatch(status -> !status.equals("delivered")); ) {
            sleep(50);
            log = api.get("/v1/webhook_endpoints/" + endpointId + "/deliveries").json().get("data");
        }
        assertThat(log).hasSize(5);
        int attempts = 0;
        for (JsonNode delivery : log) {
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            attempts += delivery.get("attempts").asInt();
        }
        assertThat(attempts).isEqualTo(17);
        // every retry of one event carried the same id
        assertThat(receiver.received().stream().map(Received::eventIdHeader).distinct()).hasSize(5);
    }

    @Test
    void deletingAGroupSendsGroupDeletedAndNothingOfItsContentAfterwards() {
        receiver.answerWith(() -> 503); // down while the group lives and dies
        subscribe(api, receiver.url("/down"), "*");
        String id = api.create("name", "Secret Society", "description", "Meets on Tuesdays").get("id").asText();
        api.put("/v1/groups/" + id, form("name", "Very Secret Society"));
        receiver.await(2, r -> true, WAIT); // it has seen (and refused) the content
        assertThat(api.delete("/v1/groups/" + id).status()).isEqualTo(200);
        int beforeRecovery = receiver.received().size();

        receiver.answerWith(() -> 200);
        List<Received> accepted = receiver.await(3, Received::accepted, WAIT);
        assertThat(accepted).hasSize(3);
        assertThat(accepted.stream().map(Received::eventTypeHeader))
                .containsExactlyInAnyOrder("group.created", "group.updated", "group.deleted");
        for (Received request : receiver.received().subList(beforeRecovery, receiver.received().size())) {
            assertThat(request.bodyText()).doesNotContain("Secret").doesNotContain("Tuesdays");
            assertThat(request.json().get("payload").get("id").asText()).isEqualTo(id);
            assertThat(request.json().get("payload").get("deleted").asBoolean()).isTrue();
        }
    }

    @Test
    void aProjectionRebuildSendsNothing() throws Exception {
        subscribe(api, receiver.url("/rebuild"), "*");
        for (int i = 0; i < 3; i++) {
            api.create("name", "Before rebuild " + i);
        }
        assertThat(receiver.await(3, r -> true, WAIT)).hasSize(3);

        Api admin = server.admin();
        Response started = admin.post("/admin/projections/groups/rebuild", "");
        assertThat(started.status()).isEqualTo(202);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (admin.get("/admin/projections/groups").json().get("rebuild").isObject() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(admin.get("/admin/projections/groups").json().at("/last_rebuild/outcome").asText()).isEqualTo("completed");
        Thread.sleep(1500); // what a rebuild would send would be due at once; give it time to show
        assertThat(receiver.received()).as("deliveries after the rebuild").hasSize(3);

        String after = api.create("name", "After rebuild").get("id").asText();
        List<Received> all = receiver.await(4, r -> true, WAIT);
        assertThat(all).hasSize(4);
        assertThat(all.get(3).json().at("/payload/id").asText()).isEqualTo(after);
    }

    @Test
    void endpointsAndTheirEventsBelongToOneAccount() {
        Api other = server.client("acct" + String.format("%02d", accounts.incrementAndGet()));
        String mine = subscribe(api, receiver.url("/mine"), "*").get("id").asText();
        try (WebhookReceiver theirs = new WebhookReceiver()) {
            subscribe(other, theirs.url("/theirs"), "*");
            String myGroup = api.create("name", "Mine").get("id").asText();
            String theirGroup = other.create("name", "Theirs").get("id").asText();
            assertThat(receiver.await(1, r -> true, WAIT)).hasSize(1);
            assertThat(theirs.await(1, r -> true, WAIT)).hasSize(1);
            // the other's event had time to arrive here too, if it were going to
            api.create("name", "Mine again");
            receiver.await(2, r -> true, WAIT);
            assertThat(receiver.received()).extracting(r -> r.json().at("/payload/name").asText())
                    .containsExactlyInAnyOrder("Mine", "Mine again");
            assertThat(theirs.received()).extracting(r -> r.json().at("/payload/id").asText()).containsExactly(theirGroup);
            assertThat(myGroup).isNotEqualTo(theirGroup);
        }

        assertThat(other.get("/v1/webhook_endpoints").json().get("data")).hasSize(1)
                .noneMatch(e -> e.get("id").asText().equals(mine));
        for (Response response : List.of(other.get("/v1/webhook_endpoints/" + mine),
                other.put("/v1/webhook_endpoints/" + mine, form("disabled", "true")),
                other.post("/v1/webhook_endpoints/" + mine + "/secret/roll", ""),
                other.get("/v1/webhook_endpoints/" + mine + "/deliveries"),
                other.delete("/v1/webhook_endpoints/" + mine))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().get("message").asText()).contains("No such webhook endpoint");
        }
        assertThat(api.get("/v1/webhook_endpoints/" + mine).json().get("status").asText()).isEqualTo("enabled");
    }

    @Test
    void theEndpointLifecycleListUpdateRollDisableEnableResendDelete() {
        JsonNode created = subscribe(api, receiver.url("/life"), "group.created");
        String id = created.get("id").asText();
        assertThat(created.get("object").asText()).isEqualTo("webhook_endpoint");
        assertThat(created.get("enabled_events")).extracting(JsonNode::asText).containsExactly("group.created");
        JsonNode retrieved = api.get("/v1/webhook_endpoints/" + id).json();
        assertThat(retrieved.has("secret")).as("the secret is shown once").isFalse();
        assertThat(retrieved.get("url").asText()).isEqualTo(receiver.url("/life"));

        // updates: description and events; JSON bodies work like forms
        JsonNode updated = api.putJson("/v1/webhook_endpoints/" + id,
                Api.json(java.util.Map.of("description", "CRM sync", "enabled_events", List.of("group.created", "group.deleted"))))
                .json();
        assertThat(updated.get("description").asText()).isEqualTo("CRM sync");
        assertThat(updated.get("enabled_events")).hasSize(2);

        // roll: new secret signs, the old one also while its overlap lasts
        String oldSecret = created.get("secret").asText();
        JsonNode rolled = api.post("/v1/webhook_endpoints/" + id + "/secret/roll", form("expires_in", "3600")).json();
        String newSecret = rolled.get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        api.create("name", "Rolled");
        Received signed = receiver.await(1, r -> true, WAIT).get(0);
        long now = Instant.now().getEpochSecond();
        assertThat(WebhookSignature.verify(signed.signature(), signed.body(), newSecret, now, 300)).isTrue();
        assertThat(WebhookSignature.verify(signed.signature(), signed.body(), oldSecret, now, 300)).isTrue();

        // disabled: nothing is sent; enabled again: what waited goes out
        assertThat(api.put("/v1/webhook_endpoints/" + id, form("disabled", "true")).json().get("status").asText())
                .isEqualTo("disabled");
        assertThat(api.get("/v1/webhook_endpoints/" + id).json().get("disabled_reason").asText()).isEqualTo("requested");
        String whileDisabled = api.create("name", "While disabled").get("id").asText();
        assertThat(api.post("/v1/webhook_endpoints/" + id + "/deliveries/" + signed.eventIdHeader() + "/resend", "")
                .status()).as("resend to a disabled endpoint").isEqualTo(409);
        assertThat(receiver.received()).hasSize(1);
        assertThat(api.put("/v1/webhook_endpoints/" + id, form("disabled", "false")).json().get("status").asText())
                .isEqualTo("enabled");
        List<Received> two = receiver.await(2, r -> true, WAIT);
        assertThat(two).hasSize(2);
        assertThat(two.get(1).json().at("/payload/id").asText()).isEqualTo(whileDisabled);

        // resend: the same event, the same id
        Response resent = api.post("/v1/webhook_endpoints/" + id + "/deliveries/" + signed.eventIdHeader() + "/resend", "");
        assertThat(resent.status()).isEqualTo(200);
        List<Received> three = receiver.await(3, r -> true, WAIT);
        assertThat(three).hasSize(3);
        assertThat(three.get(2).eventIdHeader()).isEqualTo(signed.eventIdHeader());
        // the worker records an attempt after the receiver answered it, so the record may trail the receiver
        assertThat(attemptsOnceRecorded(id, signed.eventIdHeader(), 2)).isEqualTo(2);

        // delete: gone, and nothing more is sent
        JsonNode deleted = api.delete("/v1/webhook_endpoints/" + id).json();
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/webhook_endpoints/" + id).status()).isEqualTo(404);
        api.create("name", "After delete");
        assertThat(api.get("/v1/webhook_endpoints").json().get("data")).isEmpty();
    }

    @Test
    void theListIsPagedNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, subscribe(api, receiver.url("/p" + i), "*").get("id").asText());
        }
        JsonNode first = api.get("/v1/webhook_endpoints?limit=2").json();
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(first.get("data")).extracting(e -> e.get("id").asText()).containsExactlyElementsOf(ids.subList(0, 2));
        JsonNode second = api.get("/v1/webhook_endpoints?limit=2&starting_after=" + ids.get(1)).json();
        assertThat(second.get("data")).extracting(e -> e.get("id").asText()).containsExactlyElementsOf(ids.subList(2, 4));
        JsonNode last = api.get("/v1/webhook_endpoints?limit=2&starting_after=" + ids.get(3)).json();
        assertThat(last.get("has_more").asBoolean()).isFalse();
        assertThat(last.get("data")).extracting(e -> e.get("id").asText()).containsExactly(ids.get(4));
        JsonNode back = api.get("/v1/webhook_endpoints?limit=2&ending_before=" + ids.get(2)).json();
        assertThat(back.get("data")).extracting(e -> e.get("id").asText()).containsExactlyElementsOf(ids.subList(0, 2));
    }

    static JsonNode subscribe(Api client, String url, String... events) {
        List<String> pairs = new ArrayList<>(List.of("url", url));
        for (int i = 0; i < events.length; i++) {
            pairs.add("enabled_events[" + i + "]");
            pairs.add(events[i]);
        }
        Response response = client.post("/v1/webhook_endpoints", form(pairs.toArray(String[]::new)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode only(List<Received> all, String type) {
        List<JsonNode> matching = all.stream().filter(r -> r.eventTypeHeader().equals(type)).map(Received::json).toList();
        assertThat(matching).as(type).hasSize(1);
        return matching.get(0);
    }

    private static JsonNode updateChanging(List<Received> all, String field) {
        List<JsonNode> matching = all.stream().filter(r -> r.eventTypeHeader().equals("group.updated"))
                .map(r -> r.json().get("payload"))
                .filter(p -> p.get("changed_fields").toString().equals("[\"" + field + "\"]"))
                .toList();
        assertThat(matching).as("updates changing only %s", field).isNotEmpty();
        return matching.get(0);
    }

    /** The delivery's attempts, read until they reach {@code expected} or {@code WAIT} is over. */
    private int attemptsOnceRecorded(String endpointId, String eventId, int expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int attempts;
        do {
            attempts = api.get("/v1/webhook_endpoints/" + endpointId + "/deliveries/" + eventId).json().get("attempts").asInt();
            if (attempts >= expected) {
                return attempts;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return attempts;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
