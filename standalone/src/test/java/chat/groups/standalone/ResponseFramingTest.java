package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every JSON answer, success or error, says its length instead of being chunked, so that it
 * leaves the server in one socket write ({@code SizedJsonResponses}, {@code ApiErrors}).
 */
class ResponseFramingTest {

    private final Api api = TestServer.shared().newAccount();

    @Test
    void jsonAnswersCarryTheirLengthAndAreNotChunked() {
        Response created = api.post("/v1/groups", form("name", "Plaza Hotel"));
        String id = created.json().get("id").asText();

        List<Response> answers = List.of(
                created,
                api.get("/v1/groups/" + id),
                api.get("/v1/groups?limit=10"),
                api.put("/v1/groups/" + id, form("name", "Plaza")),
                api.put("/v1/groups/" + id, form("name", " ")),
                api.get("/v1/groups/AAAAAAAAAAAAAAAA"),
                api.withoutToken().get("/v1/groups"),
                api.delete("/v1/groups/" + id));

        assertThat(answers).extracting(Response::status).containsExactly(201, 200, 200, 200, 400, 404, 401, 200);
        for (Response answer : answers) {
            assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
            assertThat(answer.header("Transfer-Encoding")).as(answer.toString()).isNull();
            assertThat(answer.header("Content-Length")).as(answer.toString())
                    .isEqualTo(String.valueOf(answer.body().getBytes(UTF_8).length));
        }
    }

    @Test
    void aDocumentServedAsJsonBytesIsSentAsItIsNotAsAJsonString() {
        Response document = api.withoutToken().get("/openapi.json");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body()).startsWith("{\"openapi\":\"3.1.0\"");
        assertThat(document.header("Content-Length")).isEqualTo(String.valueOf(document.body().getBytes(UTF_8).length));
    }
}
