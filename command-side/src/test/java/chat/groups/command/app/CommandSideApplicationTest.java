package chat.groups.command.app;

import static chat.groups.common.testing.ServiceTesting.closedPort;
import static chat.groups.common.testing.ServiceTesting.endpoints;
import static chat.groups.common.testing.ServiceTesting.getAnonymously;
import static chat.groups.common.testing.ServiceTesting.tempKeysDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import chat.groups.common.testing.ServiceTesting.InMemoryEvents;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/** The command side as its own service, started with its real split configuration. */
class CommandSideApplicationTest {

    private static final String KEYS = "--groups.api-keys=a-long-enough-test-token=acme";
    private static final String KEY_DIR = "--groups.keys.dir=" + tempKeysDir();

    @Test
    void refusesToStartWithAClearMessageWhenAxonServerCannotBeReached() {
        int closedPort = closedPort();
        // It gives up rather than hang (Axon's connector alone would retry forever). The bound is far above
        // the 2 s connect timeout because a whole Spring start-up and shutdown fit in it on a loaded machine.
        assertTimeoutPreemptively(Duration.ofSeconds(180), () ->
                assertThatThrownBy(() -> service().run("--server.port=0", KEYS, KEY_DIR,
                        "--axon.axonserver.servers=127.0.0.1:" + closedPort,
                        "--groups.axonserver.connect-timeout=2s").close())
                        .hasStackTraceContaining("Cannot reach Axon Server at '127.0.0.1:" + closedPort + "'")
                        .hasStackTraceContaining("AXON_AXONSERVER_SERVERS"));
    }

    @Test
    void neverReadsOrWritesTheProjection() {
        // Not a promise but a fact of the build: the projection is not on its classpath (MongoDB is, for the key store).
        assertThat(ClassUtils.isPresent("chat.groups.query.GroupProjection", null)).isFalse();
    }

    @Test
    void servesTheWriteEndpointsAndNoReadEndpoint() {
        try (ConfigurableApplicationContext context = service().sources(InMemoryEvents.class)
                .run("--server.port=0", KEYS, KEY_DIR, "--axon.axonserver.enabled=false")) {
            assertThat(endpoints(context)).containsExactlyInAnyOrder(
                    "POST /v1/groups", "PUT /v1/groups/{id}", "DELETE /v1/groups/{id}",
                    "POST /v1/groups/{id}/archive", "POST /v1/groups/{id}/unarchive",
                    "POST /v1/groups/{id}/contacts", "DELETE /v1/groups/{id}/contacts/{contact}");
        }
    }

    @Test
    void publishesTheOpenApiDocumentAndTheReferencePageWithoutAToken() throws Exception {
        try (ConfigurableApplicationContext context = service().sources(InMemoryEvents.class)
                .run("--server.port=0", KEYS, KEY_DIR, "--axon.axonserver.enabled=false")) {
            assertThat(getAnonymously(context, "/openapi.json")).startsWith("200 application/json").contains("\"openapi\":\"3.1.0\"");
            assertThat(getAnonymously(context, "/docs")).startsWith("200 text/html").contains("swagger-ui-bundle.js");
        }
    }

    private static SpringApplicationBuilder service() {
        return new SpringApplicationBuilder(CommandSideApplication.class).properties("spring.config.name=command-side");
    }
}
