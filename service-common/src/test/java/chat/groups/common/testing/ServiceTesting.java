package chat.groups.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Test support for starting one side as its own service (shipped to the sides as service-common's test jar). */
public final class ServiceTesting {

    private ServiceTesting() {
    }

    /** The API endpoints ({@code /v1}) a running service maps, as "METHOD path". */
    public static Set<String> endpoints(ConfigurableApplicationContext context) {
        return context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods()
                .keySet().stream()
                .flatMap(ServiceTesting::describe)
                .filter(endpoint -> endpoint.contains(" /v1/"))
                .collect(Collectors.toSet());
    }

    private static Stream<String> describe(RequestMappingInfo info) {
        List<String> paths = List.copyOf(info.getPatternValues());
        return info.getMethodsCondition().getMethods().stream()
                .flatMap(method -> paths.stream().map(path -> method + " " + path));
    }

    /** Sends {@code GET path} without a token to a running service; answers "status content-type body". */
    public static String getAnonymously(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer().getPort();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("") + " " + response.body();
    }

    /** A fresh directory for the per-group keys ({@code groups.keys.dir}), which every side needs. */
    public static String tempKeysDir() {
        try {
            return Files.createTempDirectory("group-keys").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on (it was free a moment ago). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stands in for Axon Server's event store, so a side can start without Axon Server. Given
     * to an application as a source; not a {@code @Configuration}, so that no component scan of
     * {@code chat.groups} picks it up where this test jar is on the classpath.
     */
        public static class InMemoryEvents {
        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }
    }
}
