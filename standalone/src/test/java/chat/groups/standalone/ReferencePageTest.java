package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Chromium;
import chat.groups.standalone.support.Repository;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code GET /docs} in a real browser (Debian's headless chromium, driven over the DevTools
 * protocol): the page renders every operation of the OpenAPI document, and every request it
 * makes goes to this server and succeeds, so it works with no internet. CI installs chromium
 * and runs this test ({@code CI=true}); elsewhere it is skipped when there is no chromium.
 */
class ReferencePageTest {

    @Test
    void theReferencePageListsEveryOperationAndLoadsEverythingFromTheServer() throws Exception {
        Path binary = Chromium.binary();
        if (binary == null) {
            assertThat(System.getenv("CI")).as("chromium must be installed in CI (.ci/run installs it)").isNotEqualTo("true");
            Assumptions.abort("no chromium on this machine (apt-get install chromium)");
        }
        String base = TestServer.shared().baseUri().toString();
        List<String> operations = operationIds();

        try (Chromium chromium = Chromium.start(binary)) {
            chromium.open(base + "/docs");

            List<String> rendered = waitForOperations(chromium, operations.size());

            assertThat(rendered).as("operation blocks on the page").hasSameSizeAs(operations);
            assertThat(operations).allSatisfy(id -> assertThat(rendered).anySatisfy(block -> assertThat(block).endsWith("-" + id)));
            assertThat(chromium.evaluate("document.title").asText()).isEqualTo("Groups API reference");
            // One operation at a time: expanding all of them at once rendered for about 30 s on this
            // 2-core machine in one task of the page, longer than a DevTools call may wait.
            Map<String, String> seedExamples = Map.of(
                    "listGroups", "curl -G " + base + "/v1/groups",
                    "updateGroup", "curl -X PUT " + base + "/v1/groups/l7cGNIBKZiNJ6wqF",
                    "deleteGroup", "curl -X DELETE " + base + "/v1/groups/l7cGNIBKZiNJ6wqF");
            seedExamples.forEach((operation, example) -> {
                chromium.evaluate("document.querySelector('.opblock[id$=\"-" + operation + "\"] .opblock-summary-control').click()");
                assertThat(waitForText(chromium, example))
                        .as("the seed's curl example of %s, against this server, in the expanded operation", operation)
                        .contains(example);
            });

            List<String> requested = chromium.events("Network.requestWillBeSent").stream()
                    .map(event -> event.path("request").path("url").asText()).toList();
            assertThat(requested).as("requests of the page").contains(base + "/docs", base + "/openapi.json")
                    .allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                            u -> assertThat(u).startsWith(base + "/"), u -> assertThat(u).startsWith("data:")));
            assertThat(chromium.events("Network.loadingFailed")).as("failed requests").isEmpty();
            assertThat(chromium.events("Network.responseReceived").stream()
                    .map(event -> event.path("response").path("status").asInt() + " " + event.path("response").path("url").asText()))
                    .as("answers to the page's requests").allSatisfy(answer -> assertThat(answer).startsWith("200 "));
        }
    }

    private static List<String> waitForOperations(Chromium chromium, int expected) throws InterruptedException {
        List<String> ids = List.of();
        for (int attempt = 0; attempt < 240 && ids.size() < expected; attempt++) {
            Thread.sleep(500);
            JsonNode blocks = chromium.evaluate("Array.from(document.querySelectorAll('.opblock')).map(b => b.id)");
            List<String> found = new ArrayList<>();
            blocks.forEach(id -> found.add(id.asText()));
            ids = found;
        }
        return ids;
    }

    private static String waitForText(Chromium chromium, String wanted) {
        String text = "";
        for (int attempt = 0; attempt < 240 && !text.contains(wanted); attempt++) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            text = chromium.evaluate("document.body.innerText").asText();
        }
        return text;
    }

    private static List<String> operationIds() throws Exception {
        JsonNode document = new ObjectMapper().valueToTree(new Yaml().load(
                Files.readString(Repository.file("service-common/src/main/resources/openapi/openapi.yaml"))));
        List<String> ids = new ArrayList<>();
        document.get("paths").forEach(path -> path.properties().forEach(operation -> {
            if (operation.getValue().has("operationId")) {
                ids.add(operation.getValue().get("operationId").asText());
            }
        }));
        return ids;
    }
}
