package chat.groups.common.audit;

import chat.groups.api.PublicIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, answered in the {@code Request-Id} header of every response
 * (errors included), recorded on the events the request causes, and put in the log lines it
 * writes. A client may bring its own id in {@code X-Request-Id} to correlate with its logs;
 * one that is not 1 to 64 letters, digits or {@code . _ : -} is replaced, not echoed.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = "groups.requestId";
    public static final String RESPONSE_HEADER = "Request-Id";
    public static final String CLIENT_HEADER = "X-Request-Id";
    /** The key of the request id in the logging context; the log pattern prints it (logging.pattern.correlation). */
    public static final String MDC_KEY = "request_id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getAttribute(ATTRIBUTE) instanceof String earlier ? earlier : requestId(request);
        request.setAttribute(ATTRIBUTE, requestId);
        response.setHeader(RESPONSE_HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The error page Tomcat renders for a request runs as a dispatch of its own: it logs with the same id. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static String requestId(HttpServletRequest request) {
        String offered = request.getHeader(CLIENT_HEADER);
        return offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : "req_" + PublicIds.random();
    }
}
