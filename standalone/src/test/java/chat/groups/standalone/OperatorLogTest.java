package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.ServerProcess;
import chat.groups.standalone.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads in the log of the standalone server, at its default levels: a few
 * lines at start-up, the request id on every line a request writes, no stack trace for a
 * client's mistake, and one report naming the setting and the fix for a configuration mistake.
 */
class OperatorLogTest {

    /** A line the logging system wrote (the rest are the banner and the development-key notices). */
    private static final String LOG_LINE = "^\\d{4}-\\d\\d-\\d\\dT.*";

    @Test
    void aNormalStartAndAClientMistakeLogAFewLinesEachCarryingTheRequestIdAndNoStackTrace() throws Exception {
        Path dataDir = TestServer.tempDir("groups-operator-log");
        try (ServerProcess server = ServerProcess.start(dataDir, "--logging.level.root=INFO",
                // One line at the start and end of each request, in the request's thread.
                "--logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG")) {
            List<String> startUp = logLines(dataDir).stream()
                    .filter(line -> line.matches(LOG_LINE) && !line.contains("DispatcherServlet")).toList();
            assertThat(String.join("\n", startUp))
                    .doesNotContain("XStream", "MongoClientSettings", "Opened connection", "] connected",
                            "AxonIQ Console", "UpdateChecker", "HikariPool", "created collection");
            assertThat(startUp).as("log lines of a normal start:%n%s", String.join("\n", startUp)).hasSizeLessThanOrEqualTo(8);

            Api alice = server.client("alice");
            Response unknown = alice.send("PUT", "/v1/groups/ZZZZZZZZZZZZZZZZ", Api.FORM, "name=x",
                    "X-Request-Id", "op-log-test-1");
            assertThat(unknown.status()).isEqualTo(404);

            List<String> requestLines = logLines(dataDir).stream().filter(line -> line.contains("ZZZZZZZZZZZZZZZZ")
                    || line.contains("Completed 404")).toList();
            assertThat(requestLines).as("what the request logged").hasSizeGreaterThanOrEqualTo(2);
            assertThat(requestLines).as("the request's lines").allSatisfy(line ->
                    assertThat(line).matches(LOG_LINE).contains("[op-log-test-1]"));
            assertThat(String.join("\n", logLines(dataDir))).as("no stack trace for a client's mistake")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void aTokenTooShortInGroupsApiKeysStopsStartUpWithTheSettingAndTheFixAndNoStackTrace() throws IOException {
        Path dataDir = TestServer.tempDir("groups-bad-config");
        int exit = ServerProcess.runToExit(dataDir, Duration.ofSeconds(120), "--groups.api-keys=too-short=acme");

        String log = String.join("\n", logLines(dataDir));
        assertThat(exit).as("exit code; log:%n%s", log).isNotZero();
        assertThat(log).contains("GROUPS_API_KEYS entry #1 (account 'acme') has a token shorter than 16 characters.")
                .contains("Use a random token of 16 or more characters, e.g. from: openssl rand -hex 24.");
        assertThat(log).as("no stack trace").doesNotContain("\tat ", "Caused by", "Exception");
    }

    private static List<String> logLines(Path dataDir) throws IOException {
        return Files.readAllLines(ServerProcess.logFile(dataDir));
    }
}
