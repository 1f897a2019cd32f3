package chat.groups.query;

import chat.groups.common.testing.TestMongo;
import static chat.groups.common.testing.ServiceTesting.closedPort;
import static chat.groups.common.testing.ServiceTesting.endpoints;
import static chat.groups.common.testing.ServiceTesting.getAnonymously;
import static chat.groups.common.testing.ServiceTesting.tempKeysDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import chat.groups.common.testing.ServiceTesting.InMemoryEvents;
import chat.groups.query.app.QuerySideApplication;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/** The query side as its own service, started with its real split configuration. */
class QuerySideApplicationTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    private static final String KEYS = "--groups.api-keys=a-long-enough-test-token=acme";
    private static final String KEY_DIR = "--groups.keys.dir=" + tempKeysDir();

    @Test
    void refusesToStartWithAClearMessageWhenAxonServerCannotBeReached() {
        int closedPort = closedPort();
        // It gives up rather than hang (Axon's connector alone would retry forever). The bound is far above
        // the 2 s connect timeout because a whole Spring start-up and shutdown fit in it on a loaded machine.
        assertTimeoutPreemptively(Duration.ofSeconds(180), () ->
                assertThatThrownBy(() -> service().run("--server.port=0", KEYS, KEY_DIR, "--groups.mongodb.uri=" + mongo.uri(),
                        "--axon.axonserver.servers=127.0.0.1:" + closedPort,
                        "--groups.axonserver.connect-timeout=2s").close())
                        .hasStackTraceContaining("Cannot reach Axon Server at '127.0.0.1:" + closedPort + "'"));
    }

    @Test
    void refusesToStartWithoutAMongoDbToProjectInto() {
        assertThatThrownBy(() -> service().sources(InMemoryEvents.class)
                .run("--server.port=0", KEYS, KEY_DIR, "--axon.axonserver.enabled=false").close())
                .hasStackTraceContaining("groups.mongodb.uri");
    }

    @Test
    void hasNoCommandHandlersAndNoWriteSide() {
        assertThat(ClassUtils.isPresent("chat.groups.command.Group", null)).isFalse();
        try (ConfigurableApplicationContext context = running()) {
            assertThat(handlerMethods(context, CommandHandler.class)).isEmpty();
            assertThat(handlerMethods(context, QueryHandler.class)).isNotEmpty();
            assertThat(context.getBeansOfType(GroupProjection.class)).hasSize(1);
        }
    }

    @Test
    void servesTheGroupReadEndpointsAndTheWebhookEndpointsButNoGroupWrite() {
        try (ConfigurableApplicationContext context = running()) {
            assertThat(endpoints(context)).containsExactlyInAnyOrder(
                    "GET /v1/groups", "GET /v1/groups/{id}", "GET /v1/groups/{id}/events",
                    // webhook endpoints are the query side's own configuration (docs/webhooks.md)
                    "POST /v1/webhook_endpoints", "GET /v1/webhook_endpoints", "GET /v1/webhook_endpoints/{id}",
                    "PUT /v1/webhook_endpoints/{id}", "DELETE /v1/webhook_endpoints/{id}",
                    "POST /v1/webhook_endpoints/{id}/secret/roll", "GET /v1/webhook_endpoints/{id}/deliveries",
                    "GET /v1/webhook_endpoints/{id}/deliveries/{eventId}",
                    "POST /v1/webhook_endpoints/{id}/deliveries/{eventId}/resend");
        }
    }

    @Test
    void publishesTheOpenApiDocumentAndTheReferencePageWithoutAToken() throws Exception {
        try (ConfigurableApplicationContext context = running()) {
            assertThat(getAnonymously(context, "/openapi.json")).startsWith("200 application/json").contains("\"openapi\":\"3.1.0\"");
            assertThat(getAnonymously(context, "/docs")).startsWith("200 text/html").contains("swagger-ui-bundle.js");
        }
    }

    private ConfigurableApplicationContext running() {
        return service().sources(InMemoryEvents.class).run("--server.port=0", KEYS, KEY_DIR,
                "--axon.axonserver.enabled=false", "--groups.mongodb.uri=" + mongo.uri(),
                "--groups.mongodb.database=" + mongo.database().getName());
    }

    private static SpringApplicationBuilder service() {
        return new SpringApplicationBuilder(QuerySideApplication.class).properties("spring.config.name=query-side");
    }

    private static List<Method> handlerMethods(ConfigurableApplicationContext context,
                                               Class<? extends java.lang.annotation.Annotation> annotation) {
        return Arrays.stream(context.getBeanDefinitionNames())
                .map(name -> context.getBeanFactory().getType(name))
                .filter(type -> type != null && type.getName().startsWith("chat.groups"))
                .flatMap(type -> Arrays.stream(AopUtils.isAopProxy(type) ? type.getSuperclass().getDeclaredMethods()
                        : type.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(annotation))
                .toList();
    }
}
