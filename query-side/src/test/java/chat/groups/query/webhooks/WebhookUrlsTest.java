package chat.groups.query.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/webhooks", "https://hooks.example.com:8443/a?b=c",
            "https://93.184.216.34/hook"})
    void publicHttpsUrlsAreAccepted(String url) {
        assertThat(WebhookUrls.problem(url, false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/webhooks", "ftp://example.com/", "example.com/webhooks", "/webhooks",
            "https://user:pass@example.com/", "https://example.com/#frag", "https://localhost/hook",
            "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://192.168.0.1/", "https://172.16.0.1/",
            "https://169.254.169.254/latest/meta-data", "https://[::1]/hook", "https://[fd00::1]/hook",
            "https://0.0.0.0/", "https://100.64.0.1/", "https://api.internal/", "https://printer.local/",
            "https://exa mple.com/"})
    void insecureOrInternalUrlsAreRefusedInProduction(String url) {
        assertThat(WebhookUrls.problem(url, false)).isPresent();
    }

    @Test
    void theDevelopmentSettingAllowsHttpAndLoopbackButStillNeedsAnAbsoluteHttpUrl() {
        assertThat(WebhookUrls.problem("http://127.0.0.1:8080/hook", true)).isEmpty();
        assertThat(WebhookUrls.problem("http://localhost/hook", true)).isEmpty();
        assertThat(WebhookUrls.problem("ftp://127.0.0.1/", true)).isPresent();
        assertThat(WebhookUrls.problem("/relative", true)).isPresent();
    }

    @Test
    void resolvedAddressesAreCheckedBeforeEachAttempt() throws Exception {
        assertThat(WebhookUrls.blockedAddress(URI.create("https://localhost/hook"), false)).isPresent();
        assertThat(WebhookUrls.blockedAddress(URI.create("https://127.0.0.1/hook"), false)).isPresent();
        assertThat(WebhookUrls.blockedAddress(URI.create("https://localhost/hook"), true)).isEmpty();
        assertThat(WebhookUrls.isNonPublic(InetAddress.getByName("8.8.8.8"))).isFalse();
        assertThat(WebhookUrls.isNonPublic(InetAddress.getByName("2001:4860:4860::8888"))).isFalse();
        assertThat(WebhookUrls.isNonPublic(InetAddress.getByName("fe80::1"))).isTrue();
    }
}
