package chat.groups.query.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"group.created\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTimestampDotBodyWithHmacSha256InHex() {
        // Reference value: echo -n "1700000000.$BODY" | openssl dgst -sha256 -hmac whsec_test
        assertThat(WebhookSignature.hmac("whsec_test", 1700000000L, BODY))
                .isEqualTo("53717bab7648e60953a310a7506675b899378608c0f09438279e846e4f1d058c");
        assertThat(WebhookSignature.header(1700000000L, BODY, List.of("whsec_test")))
                .isEqualTo("t=1700000000,v1=" + WebhookSignature.hmac("whsec_test", 1700000000L, BODY));
    }

    @Test
    void aReceiverAcceptsTheSignatureAndRejectsAnyChange() {
        String header = WebhookSignature.header(1700000000L, BODY, List.of("whsec_test"));
        assertThat(WebhookSignature.verify(header, BODY, "whsec_test", 1700000100L, 300)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_other", 1700000100L, 300)).isFalse();
        byte[] altered = "{\"id\":\"evt_2\",\"type\":\"group.created\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(header, altered, "whsec_test", 1700000100L, 300)).isFalse();
        assertThat(WebhookSignature.verify(header.replace("t=1700000000", "t=1700000001"), BODY, "whsec_test",
                1700000100L, 300)).isFalse();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_test", 1700000400L, 300))
                .as("a replay after the tolerance").isFalse();
        assertThat(WebhookSignature.verify(null, BODY, "whsec_test", 1700000000L, 300)).isFalse();
        assertThat(WebhookSignature.verify("v1=abc", BODY, "whsec_test", 1700000000L, 300)).isFalse();
    }

    @Test
    void whileARolledSecretOverlapsBothSecretsSign() {
        String header = WebhookSignature.header(1700000000L, BODY, List.of("whsec_new", "whsec_old"));
        assertThat(header.split(",")).hasSize(3);
        assertThat(WebhookSignature.verify(header, BODY, "whsec_new", 1700000000L, 300)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_old", 1700000000L, 300)).isTrue();
    }
}
