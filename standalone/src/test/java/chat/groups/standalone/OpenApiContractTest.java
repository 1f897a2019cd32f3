package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.standalone.support.OpenApiContract;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check that every end-to-end exchange goes through does catch answers the document does not describe. */
class OpenApiContractTest {

    private static final String GROUP = """
            {"id":"l7cGNIBKZiNJ6wqF","name":"Plaza Hotel","description":null,"avatar_url":null,
             "conversation_id":"ZYjVAbCE9g5XRlra","contacts":[],"created_at":692233200,"archived_at":null}""";
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final Map<String, List<String>> AUTH = Map.of("Authorization", List.of("Bearer x"));

    private static void check(String method, String path, int status, String body) {
        OpenApiContract.check(method, URI.create("http://localhost" + path), AUTH, null, status, JSON, body);
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertThatCode(() -> check("GET", "/v1/groups/l7cGNIBKZiNJ6wqF", 200, GROUP)).doesNotThrowAnyException();
        assertThatCode(() -> check("GET", "/v1/groups/l7cGNIBKZiNJ6wqF", 404, """
                {"type":"invalid_request","code":"group_not_found","message":"No such group.",
                 "documentation_url":"https://docs.example.com/api#group_not_found"}""")).doesNotThrowAnyException();
    }

    @Test
    void anUndocumentedStatusFails() {
        assertThatThrownBy(() -> check("GET", "/v1/groups/l7cGNIBKZiNJ6wqF", 409, "{}"))
                .hasMessageContaining("validation.response.status.unknown");
    }

    @Test
    void aBodyOfAnotherShapeFails() {
        assertThatThrownBy(() -> check("GET", "/v1/groups/l7cGNIBKZiNJ6wqF", 200, GROUP.replace("\"archived_at\":null", "\"archived\":false")))
                .hasMessageContaining("archived");
        assertThatThrownBy(() -> check("GET", "/v1/groups/l7cGNIBKZiNJ6wqF", 200, GROUP.replace("\"name\":\"Plaza Hotel\"", "\"name\":42")))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> check("GET", "/v1/groups/l7cGNIBKZiNJ6wqF", 200, GROUP.replace("\"created_at\":692233200", "\"created_at\":\"yesterday\"")))
                .hasMessageContaining("created_at");
    }

    @Test
    void anErrorWithAnUndocumentedCodeFails() {
        assertThatThrownBy(() -> check("GET", "/v1/groups/l7cGNIBKZiNJ6wqF", 404, """
                {"type":"invalid_request","code":"no_such_thing","message":"?",
                 "documentation_url":"https://docs.example.com/api#no_such_thing"}""")).hasMessageContaining("code");
    }

    @Test
    void aSuccessOnAnUndocumentedPathFails() {
        assertThatThrownBy(() -> check("GET", "/v1/secrets", 200, "{}")).hasMessageContaining("validation.request.path.missing");
    }
}
