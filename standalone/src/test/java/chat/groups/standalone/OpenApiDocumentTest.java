package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.common.error.ErrorCode;
import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.Repository;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document in the repository is the one the server publishes, without a token,
 * and it lists exactly the error codes the server answers. (That every exchange of the
 * end-to-end tests matches it is checked by {@code OpenApiContract}, on every request.)
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Api anonymous;
    private static JsonNode repository;

    @BeforeAll
    static void read() throws IOException {
        anonymous = TestServer.shared().newAccount().withoutToken();
        Object yaml = new Yaml().load(Files.readString(Repository.file("service-common/src/main/resources/openapi/openapi.yaml")));
        repository = JSON.valueToTree(yaml);
    }

    @Test
    void getOpenapiJsonServesTheRepositorysDocumentWithoutAToken() {
        Response response = anonymous.get("/openapi.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json()).isEqualTo(repository);
        assertThat(response.json().get("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void theDocumentListsExactlyTheErrorCodesTheServerAnswers() {
        List<String> documented = new ArrayList<>();
        repository.at("/components/schemas/ErrorCode/enum").forEach(code -> documented.add(code.asText()));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    }

    @Test
    void everyOperationHasAnIdATagAndItsErrorStatuses() {
        repository.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (operation.getKey().equals("parameters")) {
                return;
            }
            String where = operation.getKey() + " " + path.getKey();
            JsonNode responses = operation.getValue().get("responses");
            assertThat(operation.getValue().get("operationId")).as(where).isNotNull();
            assertThat(operation.getValue().get("tags")).as(where).isNotEmpty();
            assertThat(responses.has("401")).as("%s documents 401", where).isTrue();
            assertThat(responses.has("500")).as("%s documents 500", where).isTrue();
        }));
    }
}
