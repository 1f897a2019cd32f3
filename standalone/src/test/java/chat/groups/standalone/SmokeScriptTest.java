package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Repository;
import chat.groups.standalone.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** scripts/Smoke.java, run exactly as the README tells a user to, passes against the standalone server. */
class SmokeScriptTest {

    @Test
    void theSmokeScriptPassesAgainstTheStandaloneServer() throws Exception {
        TestServer server = TestServer.shared();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process smoke = new ProcessBuilder(java, Repository.file("scripts/Smoke.java").toString(),
                server.baseUri().toString(), TestServer.tokenOf("alice"))
                .redirectErrorStream(true)
                .start();
        String output = new String(smoke.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(smoke.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("PASS create (form, as the seed's curl)", "PASS deleted group is gone")
                .doesNotContain("FAIL");
        assertThat(output).containsPattern("smoke: \\d+ passed, 0 failed");
        assertThat(smoke.exitValue()).as(output).isZero();
    }
}
