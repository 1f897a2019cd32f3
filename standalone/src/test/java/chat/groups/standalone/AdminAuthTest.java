package chat.groups.standalone;

import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code /admin} takes only admin keys ({@code GROUPS_ADMIN_KEYS}); an API key is refused with 403. */
class AdminAuthTest {

    private static final String PATH = "/admin/projections/groups";

    private final TestServer server = TestServer.shared();
    private final Api account = server.client("alice");

    @Test
    void withoutAKeyIs401() {
        Response response = account.withoutToken().get(PATH);
        assertError(response, 401, "No admin key provided");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        // Spring MVC routes an encoded path to the same endpoint, so it is guarded too.
        assertError(account.withoutToken().get("/%61dmin/projections/groups"), 401, "No admin key provided");
    }

    @Test
    void anApiKeyIs403() {
        Response forbidden = account.get(PATH);
        assertError(forbidden, 403, "This is an API key; /admin needs an admin key (GROUPS_ADMIN_KEYS).");
        assertThat(forbidden.header("Content-Type")).as("the same content type as every other answer")
                .isEqualTo("application/json");
        assertThat(account.withoutToken().get(PATH).header("Content-Type")).isEqualTo("application/json");
        assertError(account.get("/actuator/metrics"), 403,
                "This is an API key; /actuator/metrics and /actuator/prometheus need an admin key (GROUPS_ADMIN_KEYS).");
    }

    @Test
    void aBogusKeyIs401() {
        assertError(account.withToken("bogus-key-0123456789abcdef").get(PATH), 401, "Invalid admin key");
    }

    @Test
    void theAdminKeyIsLetThrough() {
        Response response = server.admin().get(PATH);
        // 404 until the endpoint exists; then it will be 200.
        assertThat(response.status()).as("%s", response).isNotIn(401, 403);
        assertThat(response.header("X-RateLimit-Limit")).as("admin requests are not rate-limited").isNull();
    }

    @Test
    void withoutAdminKeysTheStandaloneServerMakesADevelopmentAdminKey() throws Exception {
        Path dataDir = TestServer.tempDir("groups-dev-admin-key");
        try (TestServer own = TestServer.start(dataDir, "--groups.admin-keys=")) {
            String token = Files.readString(dataDir.resolve("dev-admin-key")).trim();
            assertThat(token).startsWith("adm_").hasSizeGreaterThan(30);
            assertThat(own.admin().withToken(token).get(PATH).status()).isNotIn(401, 403);
            assertError(own.admin().get(PATH), 401, "Invalid admin key");
        }
    }
}
