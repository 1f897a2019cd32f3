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
import org.springframework.web.util.UrlPathHelper;

/**
 * Every request to {@code /admin}, and to the operational metrics ({@code /actuator/metrics},
 * {@code /actuator/prometheus}), needs an admin key ({@link AdminKeys}) in
 * {@code Authorization: Bearer <token>}. Health stays open for load balancers.
 */
@Component
public class AdminKeyFilter extends OncePerRequestFilter {

    /** Request attribute holding the id of the caller's admin key (never the key itself), for audit logs. */
    public static final String ADMIN_KEY_ID = "groups.adminKeyId";

    private static final String BEARER = "Bearer ";

    private final AdminKeys adminKeys;
    private final ApiKeys apiKeys;
    private final ApiErrors errors;

    public AdminKeyFilter(AdminKeys adminKeys, ApiKeys apiKeys, ApiErrors errors) {
        this.adminKeys = adminKeys;
        this.apiKeys = apiKeys;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The raw URI, and also the decoded one without ;parameters that Spring MVC routes on,
        // so that /%61dmin or /admin;x=1/... cannot reach an admin endpoint around this filter.
        return !isAdminPath(request.getRequestURI())
                && !isAdminPath(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
    }

    private static boolean isAdminPath(String path) {
        return isUnder(path, "/admin") || isUnder(path, "/actuator/metrics") || isUnder(path, "/actuator/prometheus");
    }

    private static boolean isUnder(String path, String root) {
        return path.equalsIgnoreCase(root) || path.regionMatches(true, 0, root + "/", 0, root.length() + 1);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!adminKeys.enabled()) {
            unauthorized(request, response, "The admin API is disabled: no admin keys are configured. "
                    + "Set GROUPS_ADMIN_KEYS to token=name[,token2=name2...] to enable it.");
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            unauthorized(request, response, "No admin key provided. Send it in the Authorization header: "
                    + "'Authorization: Bearer <admin key>'.");
            return;
        }
        String token = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : "";
        if (token.isEmpty()) {
            unauthorized(request, response, "The Authorization header must have the form 'Bearer <token>'.");
            return;
        }
        Optional<String> keyId = adminKeys.keyIdFor(token);
        if (keyId.isPresent()) {
            request.setAttribute(ADMIN_KEY_ID, keyId.get());
            chain.doFilter(request, response);
        } else if (apiKeys.callerFor(token).isPresent()) {
            errors.write(request, response, ErrorCode.FORBIDDEN, "This is an API key; "
                    + (request.getRequestURI().startsWith("/admin") ? "/admin needs"
                    : "/actuator/metrics and /actuator/prometheus need") + " an admin key (GROUPS_ADMIN_KEYS).");
        } else {
            unauthorized(request, response, "Invalid admin key provided. Check the token you send after 'Bearer '.");
        }
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        errors.write(request, response, ErrorCode.UNAUTHORIZED, message);
    }
}
