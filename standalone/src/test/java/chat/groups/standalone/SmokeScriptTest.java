package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.SmokeScript;
import chat.groups.standalone.support.TestServer;
import org.junit.jupiter.api.Test;

/** scripts/Smoke.java, run exactly as the README tells a user to, passes against the standalone server. */
class SmokeScriptTest {

    @Test
    void theSmokeScriptPassesAgainstTheStandaloneServer() throws Exception {
        SmokeScript.Run run = SmokeScript.against(TestServer.shared().baseUri(), TestServer.tokenOf("alice"));

        assertThat(run.output()).contains("PASS create (form, as the seed's curl)", "PASS deleted group is gone")
                .doesNotContain("FAIL");
        assertThat(run.output()).containsPattern("smoke: \\d+ passed, 0 failed");
        assertThat(run.exitValue()).as(run.output()).isZero();
    }
}
