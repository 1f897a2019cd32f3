package chat.groups.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.common.error.ApiErrors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AdminKeyFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_TOKEN = "admin-token-0123456789";
    private static final String API_TOKEN = "api-token-0123456789";

    private final ApiErrors errors = new ApiErrors("https://docs.example.com/api", JSON);
    private final ApiKeys apiKeys = ApiKeys.of(API_TOKEN, "acme");
    private final AdminKeyFilter filter =
            new AdminKeyFilter(AdminKeys.parse(ADMIN_TOKEN + "=ops"), apiKeys, errors);

    private record Exchange(MockHttpServletRequest request, MockHttpServletResponse response, boolean passed) {

        JsonNode body() throws Exception {
            return JSON.readTree(response.getContentAsString());
        }
    }

    private static Exchange send(AdminKeyFilter filter, String path, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Exchange(request, response, chain.getRequest() != null);
    }

    private Exchange send(String authorization) throws Exception {
        return send(filter, "/admin/projections/groups", authorization);
    }

    private static void assertRefused(Exchange exchange, int status, String code, String hint) throws Exception {
        assertThat(exchange.passed()).as("the request goes no further").isFalse();
        assertThat(exchange.response().getStatus()).isEqualTo(status);
        assertThat(exchange.request().getAttribute(AdminKeyFilter.ADMIN_KEY_ID)).isNull();
        JsonNode body = exchange.body();
        assertThat(List.copyOf(body.propertyNames())).containsExactly("type", "code", "message", "documentation_url");
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("type").asString()).isEqualTo("invalid_request");
        assertThat(body.get("message").asString()).contains(hint);
        assertThat(body.get("documentation_url").asString()).isEqualTo("https://docs.example.com/api#" + code);
        assertThat(exchange.response().getContentAsString()).doesNotContain(ADMIN_TOKEN, API_TOKEN);
    }

    @Test
    void noKeyIs401WithABearerChallenge() throws Exception {
        for (String header : new String[] {null, "", "   "}) {
            Exchange exchange = send(header);
            assertRefused(exchange, 401, "unauthorized", "No admin key provided");
            assertThat(exchange.response().getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void aMalformedHeaderIs401() throws Exception {
        for (String header : new String[] {ADMIN_TOKEN, "Basic " + ADMIN_TOKEN, "Bearer", "Bearer    "}) {
            assertRefused(send(header), 401, "unauthorized", "must have the form 'Bearer <token>'");
        }
    }

    @Test
    void anApiKeyIs403() throws Exception {
        Exchange exchange = send("Bearer " + API_TOKEN);
        assertRefused(exchange, 403, "forbidden", "This is an API key; /admin needs an admin key (GROUPS_ADMIN_KEYS).");
    }

    @Test
    void anUnknownTokenIs401() throws Exception {
        Exchange exchange = send("Bearer not-a-key-of-this-server");
        assertRefused(exchange, 401, "unauthorized", "Invalid admin key");
        assertThat(exchange.response().getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void anAdminKeyPassesAndNamesItsKeyId() throws Exception {
        for (String header : new String[] {"Bearer " + ADMIN_TOKEN, "bearer  " + ADMIN_TOKEN + " "}) {
            Exchange exchange = send(header);
            assertThat(exchange.passed()).isTrue();
            assertThat(exchange.response().getStatus()).isEqualTo(200);
            assertThat((String) exchange.request().getAttribute(AdminKeyFilter.ADMIN_KEY_ID))
                    .matches("key_[0-9a-f]{12}")
                    .isEqualTo(ApiKeys.of(ADMIN_TOKEN, "any").callerFor(ADMIN_TOKEN).orElseThrow().keyId());
        }
    }

    @Test
    void withoutAdminKeysEveryAdminRequestIs401() throws Exception {
        AdminKeyFilter disabled = new AdminKeyFilter(AdminKeys.disabled(), apiKeys, errors);
        for (String header : new String[] {null, "Bearer " + API_TOKEN, "Bearer " + ADMIN_TOKEN}) {
            Exchange exchange = send(disabled, "/admin/projections/groups", header);
            assertRefused(exchange, 401, "unauthorized", "no admin keys are configured");
            assertThat(exchange.body().get("message").asString()).contains("Set GROUPS_ADMIN_KEYS");
        }
    }

    @Test
    void onlyAdminPathsAreGuarded() throws Exception {
        for (String path : List.of("/admin", "/admin/", "/admin/projections/groups", "/%61dmin/projections/groups",
                "/admin;x=1/projections/groups", "//admin/projections/groups", "/ADMIN/projections/groups")) {
            assertThat(send(filter, path, null).response().getStatus()).as(path).isEqualTo(401);
        }
        for (String path : List.of("/v1/groups", "/administrator", "/adminx/y", "/actuator/health", "/", "/v1/admin")) {
            assertThat(send(filter, path, null).passed()).as(path).isTrue();
        }
    }

    @Test
    void adminKeyParseErrorsNameTheirVariable() {
        assertThatThrownBy(() -> AdminKeys.parse("no-equals-sign-here-0123"))
                .hasMessageStartingWith("GROUPS_ADMIN_KEYS entry #1 is not of the form token=name");
        assertThatThrownBy(() -> AdminKeys.parse(ADMIN_TOKEN + "=ops,short=ci"))
                .hasMessageStartingWith("GROUPS_ADMIN_KEYS entry #2 (name 'ci') has a token shorter than 16 characters")
                .hasMessageNotContaining("short=");
        assertThatThrownBy(() -> ApiKeys.parse("short=acme"))
                .hasMessageStartingWith("GROUPS_API_KEYS entry #1 (account 'acme')");
    }
}
