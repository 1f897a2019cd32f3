package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.common.testing.wire.WireFaults;
import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.SmokeScript;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.axoniq.axonserver.grpc.ErrorMessage;
import org.axonframework.axonserver.connector.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API as the split deployment serves it: every message crosses axon-server-connector's
 * conversions ({@code OverTheWire}), and outages are injected where Axon Server reports them.
 * Stored writes answer 2xx with the group as the write left it; reads of the read model do
 * not need Axon Server; every outage is a 503 that says what became of the request.
 */
class OverTheWireTest {

    private final TestServer server = TestServer.sharedOverTheWire();
    private final Api api = server.newAccount();
    private final WireFaults faults = server.context().getBean(WireFaults.class);

    @AfterEach
    void healed() {
        faults.clear();
    }

    @Test
    void everyWriteAnswersTheGroupAsItLeftItWithItsETag() {
        for (int i = 0; i < 10; i++) {
            Response created = api.post("/v1/groups", form("name", "Plaza " + i));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(created.header("ETag")).isEqualTo("\"0\"");

            Response renamed = api.put("/v1/groups/" + id, form("name", "Plaza Hotel " + i));
            assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
            assertThat(renamed.json().get("name").asText()).isEqualTo("Plaza Hotel " + i);
            assertThat(renamed.header("ETag")).isEqualTo("\"1\"");

            Response archived = api.post("/v1/groups/" + id + "/archive", "");
            assertThat(archived.status()).as(archived.toString()).isEqualTo(200);
            assertThat(archived.json().get("archived_at").isNull()).isFalse();
            Response unarchived = api.post("/v1/groups/" + id + "/unarchive", "");
            assertThat(unarchived.status()).as(unarchived.toString()).isEqualTo(200);
            assertThat(unarchived.header("ETag")).isEqualTo("\"3\"");

            for (Response write : new Response[] {created, renamed, archived, unarchived}) {
                assertThat(write.header("Read-Visibility")).isNull();
            }
            assertThat(api.delete("/v1/groups/" + id).status()).isEqualTo(200);
        }
    }

    @Test
    void theSmokeScriptPasses() throws Exception {
        SmokeScript.Run run = SmokeScript.against(server.baseUri(), TestServer.tokenOf("bob"));

        assertThat(run.output()).doesNotContain("FAIL").containsPattern("smoke: \\d+ passed, 0 failed");
        assertThat(run.exitValue()).as(run.output()).isZero();
    }

    @Test
    void withTheQuerySideUnreachableStoredWritesStillAnswer2xxAndSayReadsLag() {
        String id = api.create("name", "Before").get("id").asText();
        faults.failQueries(() -> connector(ErrorCode.NO_HANDLER_FOR_QUERY));

        Response created = api.post("/v1/groups", form("name", "During"));
        Response renamed = api.put("/v1/groups/" + id, form("name", "Renamed during"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("During");
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.header("Read-Visibility")).isEqualTo("pending");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Renamed during");
        assertThat(renamed.header("ETag")).isEqualTo("\"1\"");
        assertThat(renamed.header("Read-Visibility")).isEqualTo("pending");

        faults.clear();
        JsonNode read = api.get("/v1/groups/" + created.json().get("id").asText()).json();
        assertThat(read).isEqualTo(created.json());
    }

    @Test
    void withAxonServerUnreachableReadsOfTheReadModelStillAnswer() {
        String id = api.create("name", "Readable").get("id").asText();
        faults.failQueries(() -> connector(ErrorCode.QUERY_DISPATCH_ERROR));
        faults.failCommands(() -> connector(ErrorCode.COMMAND_DISPATCH_ERROR));

        assertThat(api.get("/v1/groups/" + id).status()).isEqualTo(200);
        Response list = api.get("/v1/groups");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("data").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void withAxonServerUnreachableAWriteIsA503ThatSaysItsOutcomeIsUnknownAndHowToRetry() {
        faults.failCommands(() -> connector(ErrorCode.COMMAND_DISPATCH_ERROR));

        Response refused = api.post("/v1/groups", form("name", "Unconfirmed"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("type").asText()).isEqualTo("api_error");
        assertThat(refused.json().get("message").asText())
                .contains("Axon Server", "cannot tell whether the change was saved", "Idempotency-Key");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
    }

    @Test
    void withTheCommandSideUnreachableAWriteIsA503ThatSaysNothingWasSaved() {
        faults.failCommands(() -> connector(ErrorCode.NO_HANDLER_FOR_COMMAND));

        Response refused = api.post("/v1/groups", form("name", "Never"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("message").asText()).contains("The change was not saved");
        faults.clear();
        assertThat(api.get("/v1/groups").json().get("data")).isEmpty();
    }

    private static RuntimeException connector(ErrorCode code) {
        return code.convert(ErrorMessage.newBuilder().setMessage("injected by the test").setLocation("test").build(),
                () -> null);
    }
}
