package chat.groups.standalone.webhooks;

import static chat.groups.standalone.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input to every webhook endpoint gets a 4xx in the error shape that says what was wrong
 * and how to fix it, and changes nothing. Runs on the shared server, which (like production)
 * allows only https URLs to public addresses.
 */
class WebhookBadInputTest {

    static Api api;
    static String endpointId;

    @BeforeAll
    static void setUp() {
        api = TestServer.shared().newAccount();
        Response created = api.post("/v1/webhook_endpoints", form("url", "https://hooks.example.com/groups",
                "enabled_events", "*"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        endpointId = created.json().get("id").asText();
    }

    @Test
    void creatingNeedsAnHttpsUrlToAPublicHostAndKnownEventTypes() {
        rejected(api.post("/v1/webhook_endpoints", form("enabled_events", "*")), 400, "'url' is required");
        rejected(api.post("/v1/webhook_endpoints", form("url", "http://hooks.example.com/", "enabled_events", "*")),
                400, "must use https");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://127.0.0.1/hook", "enabled_events", "*")),
                400, "public address");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://169.254.169.254/", "enabled_events", "*")),
                400, "public address");
        rejected(api.post("/v1/webhook_endpoints", form("url", "not a url", "enabled_events", "*")), 400, "'url'");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://hooks.example.com/")), 400,
                "'enabled_events' is required");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://hooks.example.com/", "enabled_events",
                "group.archived")), 400, "'group.archived', which is no event type");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://hooks.example.com/",
                "enabled_events[0]", "group.created", "enabled_events[1]", "group.created")), 400, "more than once");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://hooks.example.com/",
                "enabled_events[0]", "*", "enabled_events[1]", "group.created")), 400, "'*' alone");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://hooks.example.com/", "enabled_events", "*",
                "secret", "mine")), 400, "Unknown parameter 'secret'");
        rejected(api.postJson("/v1/webhook_endpoints", "{\"url\": \"https://hooks.example.com/\", \"enabled_events\": [1]}"),
                400, "array of strings");
        rejected(api.postJson("/v1/webhook_endpoints", "{\"url\": "), 400, "malformed");
        rejected(api.post("/v1/webhook_endpoints", form("url", "https://hooks.example.com/", "enabled_events", "*",
                "description", "x".repeat(501))), 400, "too long");
        assertThat(api.get("/v1/webhook_endpoints").json().get("data")).as("nothing was created").hasSize(1);
    }

    @Test
    void updatingChecksLikeCreatingAndNeedsSomethingToChange() {
        String path = "/v1/webhook_endpoints/" + endpointId;
        rejected(api.put(path, ""), 400, "Send at least one of");
        rejected(api.put(path, form("url", "ftp://hooks.example.com/")), 400, "'url'");
        rejected(api.put(path, form("enabled_events", "group.nope")), 400, "no event type");
        rejected(api.put(path, form("disabled", "maybe")), 400, "'disabled' must be true or false");
        rejected(api.put(path, form("secret", "x")), 400, "Unknown parameter 'secret'");
        JsonNode unchanged = api.get(path).json();
        assertThat(unchanged.get("url").asText()).isEqualTo("https://hooks.example.com/groups");
        assertThat(unchanged.get("status").asText()).isEqualTo("enabled");
    }

    @Test
    void unknownEndpointsDeliveriesAndParametersAreNamed() {
        rejected(api.get("/v1/webhook_endpoints/we_nope"), 404, "No such webhook endpoint: 'we_nope'");
        rejected(api.put("/v1/webhook_endpoints/we_nope", form("disabled", "true")), 404, "No such webhook endpoint");
        rejected(api.delete("/v1/webhook_endpoints/we_nope"), 404, "No such webhook endpoint");
        rejected(api.post("/v1/webhook_endpoints/we_nope/secret/roll", ""), 404, "No such webhook endpoint");
        rejected(api.get("/v1/webhook_endpoints/we_nope/deliveries"), 404, "No such webhook endpoint");
        String deliveries = "/v1/webhook_endpoints/" + endpointId + "/deliveries";
        rejected(api.get(deliveries + "/evt_nope"), 404, "has no delivery of event 'evt_nope'");
        rejected(api.post(deliveries + "/evt_nope/resend", ""), 404, "has no delivery of event 'evt_nope'");
        rejected(api.get(deliveries + "?status=lost"), 400, "'status' must be one of");
        rejected(api.get(deliveries + "?limit=0"), 400, "'limit' must be a whole number from 1 to 100");
        rejected(api.get(deliveries + "?starting_after=evt_nope"), 400, "'starting_after' must be the event id");
        rejected(api.get("/v1/webhook_endpoints?limit=101"), 400, "'limit'");
        rejected(api.get("/v1/webhook_endpoints?starting_after=we_nope"), 400, "'starting_after' must be the id");
        rejected(api.get("/v1/webhook_endpoints?starting_after=a&ending_before=b"), 400, "not both");
        rejected(api.get("/v1/webhook_endpoints?color=red"), 400, "Unknown parameter 'color'");
        rejected(api.get("/v1/webhook_endpoints/" + endpointId + "?expand=x"), 400, "takes no parameters");
        rejected(api.post("/v1/webhook_endpoints/" + endpointId + "/secret/roll", form("expires_in", "-1")), 400,
                "'expires_in' must be a whole number from 0 to 604800");
        rejected(api.post("/v1/webhook_endpoints/" + endpointId + "/secret/roll", form("expires_in", "1", "now", "1")),
                400, "Unknown parameter 'now'");
        rejected(api.send("PATCH", "/v1/webhook_endpoints/" + endpointId, Api.FORM, "disabled=true"), 405, "not allowed");
        rejected(api.withoutToken().get("/v1/webhook_endpoints"), 401, "No API key provided");
    }

    private static void rejected(Response response, int status, String messagePart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        JsonNode error = response.json();
        assertThat(error.get("type").asText()).isEqualTo("invalid_request");
        assertThat(error.get("message").asText()).contains(messagePart);
        assertThat(error.get("documentation_url").asText()).startsWith("http");
    }
}
