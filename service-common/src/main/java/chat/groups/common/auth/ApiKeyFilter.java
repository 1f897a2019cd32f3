package chat.groups.common.auth;

import chat.groups.common.error.ApiErrors;
import chat.groups.common.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every {@code /v1} request names its account with {@code Authorization: Bearer <token>}. */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    /** Request attribute holding the caller's account id; read it with {@code @RequestAttribute(ACCOUNT)}. */
    public static final String ACCOUNT = "groups.account";
    /** Request attribute holding the id of the caller's API key (never the key itself). */
    public static final String API_KEY_ID = "groups.apiKeyId";

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final ApiErrors errors;

    public ApiKeyFilter(ApiKeys keys, ApiErrors errors) {
        this.keys = keys;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/") && !request.getRequestURI().equals("/v1");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            reject(request, response, "No API key provided. Send it in the Authorization header: 'Authorization: Bearer <token>'.");
            return;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() == BEARER.length()) {
            reject(request, response, "The Authorization header must have the form 'Bearer <token>'.");
            return;
        }
        Optional<ApiKeys.Caller> caller = keys.callerFor(header.substring(BEARER.length()).trim());
        if (caller.isEmpty()) {
            reject(request, response, "Invalid API key provided. Check the token you send after 'Bearer '.");
            return;
        }
        request.setAttribute(ACCOUNT, caller.get().accountId());
        request.setAttribute(API_KEY_ID, caller.get().keyId());
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        errors.write(request, response, ErrorCode.UNAUTHORIZED, message);
    }
}
