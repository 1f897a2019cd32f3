package chat.groups.common.ratelimit;

import chat.groups.common.auth.ApiKeyFilter;
import chat.groups.common.error.ApiErrors;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.ratelimit.RateLimiter.Decision;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits each API key's {@code /v1} requests (token bucket per account, see {@link RateLimiter})
 * and tells the client where it stands on every answer:
 * {@code X-RateLimit-Limit} (the bucket's size, the burst), {@code X-RateLimit-Remaining}
 * (requests left right now) and {@code X-RateLimit-Reset} (Unix seconds when the bucket is
 * full again). Over the limit the request goes no further: {@code 429} in the API's error
 * shape with {@code Retry-After} (seconds until the next request is allowed).
 *
 * <p>It keys on the account that {@link ApiKeyFilter} authenticated, never on the token, so
 * it must run after that filter. Both are filters at the lowest precedence, and Spring Boot
 * registers filters of equal order in bean registration order: the order of
 * {@code GroupsCommonAutoConfiguration}'s {@code @Import} list, where this one comes after
 * {@code ApiKeyFilter}. Requests that filter refuses (401) carry no rate-limit headers and
 * cost nothing.
 */
@Component
public class RateLimitFilter extends OncePerRequestFilter {

    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String RESET = "X-RateLimit-Reset";

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final boolean enabled;
    private final RateLimiter limiter;
    private final ApiErrors errors;
    private final Clock clock;
    private final AtomicBoolean warnedUnauthenticated = new AtomicBoolean();

    @Autowired
    public RateLimitFilter(@Value("${groups.rate-limit.enabled}") boolean enabled,
                           @Value("${groups.rate-limit.requests-per-second}") long requestsPerSecond,
                           @Value("${groups.rate-limit.burst}") long burst,
                           ApiErrors errors) {
        this(enabled, new RateLimiter(requestsPerSecond, burst), errors, Clock.systemUTC());
    }

    RateLimitFilter(boolean enabled, RateLimiter limiter, ApiErrors errors, Clock clock) {
        this.enabled = enabled;
        this.limiter = limiter;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !enabled || !(path.startsWith("/v1/") || path.equals("/v1"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(ApiKeyFilter.ACCOUNT) instanceof String account)) {
            // ApiKeyFilter answers every unauthenticated /v1 request itself; getting here means it did not run first.
            if (warnedUnauthenticated.compareAndSet(false, true)) {
                log.error("Rate limiting is not applied: RateLimitFilter ran before ApiKeyFilter authenticated the request. "
                        + "Keep RateLimitFilter after ApiKeyFilter in GroupsCommonAutoConfiguration's @Import list.");
            }
            chain.doFilter(request, response);
            return;
        }
        Decision decision = limiter.tryAcquire(account);
        response.setHeader(LIMIT, Long.toString(decision.limit()));
        response.setHeader(REMAINING, Long.toString(decision.remaining()));
        response.setHeader(RESET, Long.toString(resetEpochSecond(decision.nanosToFull())));
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, ceilSeconds(decision.nanosToRetry()));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        errors.write(request, response, ErrorCode.RATE_LIMITED, "Too many requests: this account (all its API "
                + "keys together) may make " + limiter.requestsPerSecond() + " requests per second, in bursts of up to "
                + limiter.burst()
                + ". Retry after " + retryAfter + (retryAfter == 1 ? " second" : " seconds")
                + " (the Retry-After header), and pace your requests by the X-RateLimit-Remaining and "
                + "X-RateLimit-Reset headers of every answer.");
    }

    /** The Unix second by which the bucket is full again: now, plus the refill time, rounded up. */
    private long resetEpochSecond(long nanosToFull) {
        long millis = clock.millis() + (nanosToFull + 999_999) / 1_000_000;
        return (millis + 999) / 1000;
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
}
