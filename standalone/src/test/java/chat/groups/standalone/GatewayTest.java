package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.groups.common.testing.ServiceTesting;
import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.Repository;
import chat.groups.standalone.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/nginx-hosts.conf, the gateway of the split deployment on hosts without Docker, run by
 * a real nginx (Debian's, 1.22; .ci/run installs it) in front of a running server: it routes
 * reads and writes, skips a dead read instance, and answers for a dead side in the API's error
 * shape, telling a read (nothing changed) from a write (outcome unknown). Only the addresses and
 * the port are rewritten for the test.
 */
class GatewayTest {

    private final TestServer server = TestServer.shared();
    private Process nginx;

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void routesReadsAndWritesAndSkipsADeadReadInstance() throws Exception {
        int live = server.baseUri().getPort();
        Api api = start(ServiceTesting.closedPort(), live, live);

        Response created = api.post("/v1/groups", form("name", "Through the gateway"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        for (int i = 0; i < 4; i++) { // round robin: half of these first meet the dead instance
            Response read = api.get("/v1/groups/" + created.json().get("id").asText());
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
        }
    }

    @Test
    void answersForADeadSideInTheApiErrorShapeSayingWhatBecameOfTheRequest() throws Exception {
        int dead = ServiceTesting.closedPort();
        Api api = start(dead, dead, dead);

        Response read = api.get("/v1/groups");
        Response write = api.post("/v1/groups", form("name", "Lost"));

        assertThat(read.status()).isEqualTo(503);
        assertThat(read.json().get("type").asText()).isEqualTo("api_error");
        assertThat(read.json().get("message").asText()).contains("Nothing was changed");
        assertThat(read.header("Retry-After")).isEqualTo("5");
        assertThat(write.status()).isEqualTo(503);
        assertThat(write.json().get("message").asText()).contains("cannot tell whether this change was saved",
                "Idempotency-Key");
    }

    /** nginx with deploy/nginx-hosts.conf, its upstreams pointed at the given ports, on a free port of its own. */
    private Api start(int readInstance1, int readInstance2, int writeInstance) throws IOException, InterruptedException {
        String nginxBinary = nginxBinary();
        Path dir = Files.createTempDirectory("gateway");
        int port = ServiceTesting.closedPort();
        String config = Files.readString(Repository.file("deploy/nginx-hosts.conf"))
                .replace("pid /tmp/groups-gateway.pid;", "pid " + dir.resolve("nginx.pid") + ";\nerror_log "
                        + dir.resolve("error.log") + ";\ndaemon off;")
                .replace("server 127.0.0.1:8082 ", "server 127.0.0.1:" + readInstance1 + " ")
                .replace("server 127.0.0.1:8083 ", "server 127.0.0.1:" + readInstance2 + " ")
                .replace("server 127.0.0.1:8081 ", "server 127.0.0.1:" + writeInstance + " ")
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";\n        access_log off;");
        assertThat(config).contains(":" + readInstance1 + " ", ":" + writeInstance + " ", ":" + port + ";");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        nginx = new ProcessBuilder(nginxBinary, "-p", dir.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        Api api = new Api(URI.create("http://127.0.0.1:" + port), TestServer.tokenOf("alice"), "alice");
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                if (api.get("/gateway/health").status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("out.log")));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("out.log")));
    }

    /** nginx from PATH or /usr/sbin; in CI it must be there (.ci/run installs it), elsewhere the test is skipped. */
    private static String nginxBinary() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("nginx is not installed, but CI must run the gateway test: .ci/run installs it");
        }
        assumeTrue(false, "nginx is not installed (apt-get install nginx-light); skipping the gateway test");
        return null;
    }
}
