package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Form bodies as real clients send them, including the ones that do not percent-encode. */
class FormEncodingTest {

    private final Api api = TestServer.shared().newAccount();

    @Test
    void acceptsUnencodedUtf8AsCurlDashDSendsIt() {
        // curl -d name="Café München" sends the UTF-8 bytes as they are.
        String raw = new String("name=Café München".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        Response created = api.sendBytes("POST", "/v1/groups", Api.FORM, raw.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("Café München");
    }

    @Test
    void decodesInTheCharsetTheContentTypeNames() {
        Response created = api.send("POST", "/v1/groups", Api.FORM + "; charset=ISO-8859-1", "name=caf%E9");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("café");
    }

    @Test
    void decodesPlusAsSpaceAndPercentEscapesAsUtf8() {
        Response created = api.post("/v1/groups", "name=Plaza+Hotel+%E2%98%85&description=%26+more");

        assertThat(created.json().get("name").asText()).isEqualTo("Plaza Hotel ★");
        assertThat(created.json().get("description").asText()).isEqualTo("& more");
    }
}
