package chat.groups.query.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs webhooks may be sent to. In production only {@code https} to public addresses:
 * a webhook must not become a way to make this server call into its own network (SSRF).
 * {@code groups.webhooks.allow-insecure-urls=true} also allows {@code http} and loopback,
 * private and link-local addresses, for development and tests.
 * <p>
 * Checked twice: the URL when an endpoint is saved ({@link #problem}), and the addresses its
 * host resolves to before every attempt ({@link #blockedAddress}), since DNS may change.
 */
public final class WebhookUrls {

    public static final int MAX_LENGTH = 2048;

    private WebhookUrls() {
    }

    /** What is wrong with {@code url} as a webhook URL, or empty when it is acceptable. */
    public static Optional<String> problem(String url, boolean allowInsecure) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL with a host name, e.g. https://example.com/webhooks");
        }
        if (scheme.equals("http") && !allowInsecure) {
            return Optional.of("must use https: webhooks carry your data and their signatures");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain a user name or password");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a fragment (#...)");
        }
        if (!allowInsecure && isLocalName(uri.getHost())) {
            return Optional.of("must point to a public address, not to localhost, a private network or a link-local address");
        }
        return Optional.empty();
    }

    /**
     * The first address {@code uri}'s host resolves to that webhooks must not reach, or empty
     * when all are public (or insecure URLs are allowed).
     */
    public static Optional<InetAddress> blockedAddress(URI uri, boolean allowInsecure) throws UnknownHostException {
        if (allowInsecure) {
            return Optional.empty();
        }
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            if (isNonPublic(address)) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    /** Loopback, private (RFC 1918, fc00::/7), link-local, carrier-grade NAT, wildcard or multicast. */
    public static boolean isNonPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) // 0/8, 100.64/10
                || (first == 169 && second == 254) || first >= 240;
    }

    private static boolean isLocalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local")
                || name.endsWith(".internal")) {
            return true;
        }
        if (name.matches("[0-9.]+") || name.startsWith("[")) {
            try {
                return isNonPublic(InetAddress.getByName(name)); // a literal: no DNS lookup happens
            } catch (UnknownHostException malformed) {
                return true;
            }
        }
        return false;
    }
}
