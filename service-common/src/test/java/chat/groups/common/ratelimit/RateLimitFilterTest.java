package chat.groups.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.common.auth.ApiKeyFilter;
import chat.groups.common.error.ApiErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RateLimitFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00.250Z");

    private final FakeTime time = new FakeTime(START);
    private final ApiErrors errors = new ApiErrors("https://docs.example.com/api/", JSON);

    private RateLimitFilter filter(boolean enabled, long perSecond, long burst) {
        return new RateLimitFilter(enabled, new RateLimiter(perSecond, burst, 1000, time), errors, time);
    }

    /** One request through the filter; the chain records whether the request reached the application. */
    private static Exchange send(RateLimitFilter filter, String method, String path, String account) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (account != null) {
            request.setAttribute(ApiKeyFilter.ACCOUNT, account);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Exchange(response, chain.getRequest() != null);
    }

    private record Exchange(MockHttpServletResponse response, boolean passed) {
        String header(String name) {
            return response.getHeader(name);
        }
    }

    @Test
    void everyAnswerCarriesTheLimitTheRemainderAndTheResetTime() throws Exception {
        RateLimitFilter filter = filter(true, 10, 5);

        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Exchange exchange = send(filter, "GET", "/v1/groups", "acme");
            assertThat(exchange.passed()).isTrue();
            assertThat(exchange.header(RateLimitFilter.LIMIT)).isEqualTo("5");
            remaining.add(exchange.header(RateLimitFilter.REMAINING));
        }
        Exchange last = send(filter, "GET", "/v1/groups", "acme");

        assertThat(remaining).containsExactly("4", "3", "2", "1", "0");
        // Empty at 00:00:00.250, full again 5 tokens / 10 per s = 0.5 s later, at 00:00:00.750: rounded up to the next second.
        assertThat(Long.parseLong(last.header(RateLimitFilter.RESET))).isEqualTo(START.getEpochSecond() + 1);
    }

    @Test
    void overTheLimitIs429InTheErrorShapeWithRetryAfterAndTheRequestGoesNoFurther() throws Exception {
        RateLimitFilter filter = filter(true, 1, 2);
        send(filter, "POST", "/v1/groups", "acme");
        send(filter, "POST", "/v1/groups", "acme");

        Exchange refused = send(filter, "POST", "/v1/groups", "acme");

        assertThat(refused.passed()).as("the application never sees the request").isFalse();
        assertThat(refused.response().getStatus()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header(RateLimitFilter.REMAINING)).isEqualTo("0");
        assertThat(refused.header(RateLimitFilter.LIMIT)).isEqualTo("2");
        assertThat(refused.response().getContentType()).startsWith("application/json");
        JsonNode body = JSON.readTree(refused.response().getContentAsString());
        List<String> keys = new ArrayList<>(body.propertyNames());
        assertThat(keys).containsExactly("type", "code", "message", "documentation_url");
        assertThat(body.get("code").asString()).isEqualTo("rate_limited");
        assertThat(body.get("type").asString()).isEqualTo("invalid_request");
        assertThat(body.get("message").asString())
                .contains("Too many requests: this account (all its API keys together)", "1 requests per second", "bursts of up to 2", "Retry after 1 second ");
        assertThat(body.get("documentation_url").asString()).isEqualTo("https://docs.example.com/api#rate_limited");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() throws Exception {
        RateLimitFilter filter = filter(true, 1, 1);
        send(filter, "GET", "/v1/groups", "acme");
        time.advance(Duration.ofMillis(100));

        Exchange refused = send(filter, "GET", "/v1/groups", "acme");
        assertThat(refused.header("Retry-After")).as("0.9 s to wait").isEqualTo("1");

        RateLimitFilter slow = filter(true, 1, 1);
        send(slow, "GET", "/v1/groups", "slow");
        assertThat(send(slow, "GET", "/v1/groups", "slow").response().getStatus()).isEqualTo(429);
        time.advance(Duration.ofSeconds(1));
        assertThat(send(slow, "GET", "/v1/groups", "slow").passed()).as("recovered after Retry-After").isTrue();
    }

    @Test
    void accountsDoNotShareABucket() throws Exception {
        RateLimitFilter filter = filter(true, 1, 1);
        send(filter, "GET", "/v1/groups", "acme");
        assertThat(send(filter, "GET", "/v1/groups", "acme").response().getStatus()).isEqualTo(429);

        Exchange other = send(filter, "GET", "/v1/groups", "globex");

        assertThat(other.passed()).isTrue();
        assertThat(other.header(RateLimitFilter.REMAINING)).isEqualTo("0");
    }

    @Test
    void onlyTheApiIsLimited() throws Exception {
        RateLimitFilter filter = filter(true, 1, 1);
        for (String path : List.of("/actuator/health", "/", "/v2/groups", "/v1groups", "/error")) {
            for (int i = 0; i < 3; i++) {
                Exchange exchange = send(filter, "GET", path, "acme");
                assertThat(exchange.passed()).as(path).isTrue();
                assertThat(exchange.header(RateLimitFilter.LIMIT)).as(path).isNull();
            }
        }
        assertThat(send(filter, "GET", "/v1", "acme").header(RateLimitFilter.LIMIT)).isEqualTo("1");
        assertThat(send(filter, "GET", "/v1/nope", "acme").response().getStatus()).isEqualTo(429);
    }

    @Test
    void disabledItLetsEverythingThroughWithoutHeaders() throws Exception {
        RateLimitFilter filter = filter(false, 1, 1);
        for (int i = 0; i < 10; i++) {
            Exchange exchange = send(filter, "GET", "/v1/groups", "acme");
            assertThat(exchange.passed()).isTrue();
            assertThat(exchange.header(RateLimitFilter.LIMIT)).isNull();
        }
    }

    @Test
    void aRequestNoAccountWasAuthenticatedForIsLeftToTheApplication() throws Exception {
        RateLimitFilter filter = filter(true, 1, 1);
        for (int i = 0; i < 3; i++) {
            Exchange exchange = send(filter, "GET", "/v1/groups", null);
            assertThat(exchange.passed()).isTrue();
            assertThat(exchange.header(RateLimitFilter.LIMIT)).isNull();
        }
    }
}
