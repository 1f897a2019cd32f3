package chat.groups.standalone.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** scripts/Smoke.java, run as the README tells a user to: a separate JVM against a base URL and a token. */
public final class SmokeScript {

    /** What the run printed, and how it ended. */
    public record Run(String output, int exitValue) {
    }

    private SmokeScript() {
    }

    public static Run against(URI base, String token) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process smoke = new ProcessBuilder(java, Repository.file("scripts/Smoke.java").toString(), base.toString(), token)
                .redirectErrorStream(true)
                .start();
        String output = new String(smoke.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!smoke.waitFor(120, TimeUnit.SECONDS)) {
            smoke.destroyForcibly();
            throw new IllegalStateException("scripts/Smoke.java did not end within 120 s:\n" + output);
        }
        return new Run(output, smoke.exitValue());
    }
}
