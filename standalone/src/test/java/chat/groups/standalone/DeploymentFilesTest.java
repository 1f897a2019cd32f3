package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What must hold of the split deployment's files. There is no Docker engine to run them on
 * the build machines, so these tests read docker-compose.yml, the Dockerfile and the gateway
 * configuration and check their promises.
 */
class DeploymentFilesTest {

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;
    private static String nginx;
    private static String dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        compose = new Yaml().load(Files.readString(Repository.file("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        nginx = Files.readString(Repository.file("deploy/nginx.conf"));
        dockerfile = Files.readString(Repository.file("Dockerfile"));
    }

    @Test
    void runsAxonServerMongoDbBothSidesAndAGateway() {
        assertThat(services).containsOnlyKeys("axonserver", "mongo", "command-side", "query-side", "gateway");
    }

    @Test
    void pinsEveryImageToAVersion() {
        services.forEach((name, service) -> {
            if (service.containsKey("image") && !service.containsKey("build")) {
                assertThat((String) service.get("image")).as(name).matches("[a-z0-9./-]+:\\d+\\.\\d+\\.\\d+[\\w.-]*");
            }
        });
        assertThat(dockerfile.lines().filter(line -> line.startsWith("FROM")))
                .allSatisfy(from -> assertThat(from).matches("FROM [a-z0-9./-]+:\\d+\\.\\d+\\.\\d+\\S*( AS \\w+)?"));
    }

    @Test
    void everyServiceHasAHealthCheckAndStartsOnlyAfterWhatItNeedsIsHealthy() {
        assertThat(services.get("axonserver")).containsKey("healthcheck");
        assertThat(services.get("mongo")).containsKey("healthcheck");
        assertThat(services.get("gateway")).containsKey("healthcheck");
        assertThat(dockerfile).contains("HEALTHCHECK").contains("/actuator/health"); // both sides' images
        assertThat(dependsOn("command-side")).containsOnlyKeys("axonserver", "mongo");
        assertThat(dependsOn("query-side")).containsOnlyKeys("axonserver", "mongo");
        assertThat(dependsOn("gateway")).containsOnlyKeys("command-side", "query-side");
        List.of("command-side", "query-side", "gateway").forEach(service -> assertThat(dependsOn(service).values())
                .allSatisfy(condition -> assertThat(condition).containsEntry("condition", "service_healthy")));
    }

    @Test
    void keepsAxonServerAndMongoDbDataInNamedVolumes() {
        assertThat((Map<String, Object>) compose.get("volumes"))
                .containsKeys("axonserver-data", "axonserver-events", "mongo-data");
        assertThat(volumes("axonserver")).contains("axonserver-data:/axonserver/data", "axonserver-events:/axonserver/events");
        assertThat(volumes("mongo")).contains("mongo-data:/data/db");
    }

    @Test
    void bothSidesReachTheKeyStoreInMongoDbAndShareNoFilesystem() {
        assertThat(environment("command-side")).containsEntry("GROUPS_KEYS_MONGODB_URI", "mongodb://mongo:27017/?replicaSet=rs0");
        assertThat(environment("query-side")).containsEntry("GROUPS_KEYS_MONGODB_URI", "mongodb://mongo:27017/?replicaSet=rs0");
        assertThat(services.get("command-side")).doesNotContainKey("volumes");
        assertThat(services.get("query-side")).doesNotContainKey("volumes");
        assertThat(dockerfile).doesNotContain("GROUPS_KEYS_DIR");
    }

    @Test
    void runsAxonServerOutOfDevelopmentModeAndMongoDbAsAReplicaSet() {
        assertThat(environment("axonserver")).containsEntry("AXONIQ_AXONSERVER_DEVMODE_ENABLED", "false");
        assertThat(String.join(" ", (List<String>) services.get("mongo").get("command"))).contains("--replSet rs0");
    }

    @Test
    void connectsTheSidesOnlyThroughAxonServerAndTheQuerySideToMongoDb() {
        assertThat(environment("command-side")).containsEntry("AXON_AXONSERVER_SERVERS", "axonserver:8124")
                .doesNotContainKey("MONGODB_URI");
        assertThat(environment("query-side")).containsEntry("AXON_AXONSERVER_SERVERS", "axonserver:8124")
                .containsEntry("MONGODB_URI", "mongodb://mongo:27017/?replicaSet=rs0");
        assertThat(build("command-side")).containsEntry("args", Map.of("SERVICE", "command-side"));
        assertThat(build("query-side")).containsEntry("args", Map.of("SERVICE", "query-side"));
        assertThat(services.get("command-side")).doesNotContainKey("ports");
        assertThat(services.get("query-side")).doesNotContainKey("ports");
    }

    @Test
    void exposesOnePublicUrlOnPort8080() {
        assertThat((List<String>) services.get("gateway").get("ports")).containsExactly("8080:8080");
        assertThat(volumes("gateway")).contains("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro");
    }

    @Test
    void theGatewaySendsReadsToTheQuerySideAndEverythingElseToTheCommandSide() {
        assertThat(nginx).containsPattern("map \\$request_method \\$groups_backend \\{\\s*"
                + "GET\\s+query_side;\\s*HEAD\\s+query_side;\\s*default\\s+command_side;\\s*}");
        assertThat(nginx).contains("proxy_pass http://$groups_backend;");
        assertThat(nginx).containsPattern("upstream query_side \\{[^}]*server query-side:8080 resolve[^;]*;");
        assertThat(nginx).containsPattern("upstream command_side \\{[^}]*server command-side:8080 resolve[^;]*;");
        assertThat(nginx).contains("listen 8080;");
    }

    /** The by-hand gateway routes exactly like the Docker one, without what needs nginx 1.27.3+ (GatewayTest runs it). */
    @Test
    void theGatewayForHostsRoutesTheSameWithoutDockersDns() throws IOException {
        String hosts = Files.readString(Repository.file("deploy/nginx-hosts.conf"));
        assertThat(hosts).doesNotContain(" resolve").doesNotContain("resolver");
        for (String same : new String[] {"map $request_method $groups_backend", "proxy_pass http://$groups_backend;",
                "location /admin/", "error_page 502 503 504 = @unavailable;", "proxy_next_upstream error timeout;",
                "client_max_body_size 1m;", "proxy_read_timeout 30s;"}) {
            assertThat(hosts).as(same).contains(same);
            assertThat(nginx).as(same).contains(same);
        }
    }

    @Test
    void theGatewaySendsTheAdminApiToTheQuerySideWhichGetsTheAdminKeys() {
        assertThat(nginx).containsPattern("location /admin/ \\{\\s*proxy_pass http://query_side;");
        assertThat(environment("query-side")).containsEntry("GROUPS_ADMIN_KEYS", "${GROUPS_ADMIN_KEYS:-}");
        assertThat(environment("command-side")).doesNotContainKey("GROUPS_ADMIN_KEYS");
    }

    @Test
    void theGatewayLetsTheApiJudgeBodySizesAndAnswersOutagesInTheApiErrorShape() {
        assertThat(nginx).contains("client_max_body_size 1m;"); // the API's own limit is 256 KiB, answered as a 413 in its shape
        assertThat(nginx).containsPattern("error_page 502 503 504 = @unavailable;");
        assertThat(nginx).contains("\"type\":\"api_error\",\"code\":\"service_unavailable\"");
    }

    @Test
    void theGatewayServesTheOpenApiDocumentAndTheReferencePageFromTheQuerySide() {
        assertThat(nginx).containsPattern("location = /openapi.json \\{\\s*proxy_pass http://query_side;");
        assertThat(nginx).containsPattern("location /docs \\{\\s*proxy_pass http://query_side;");
    }

    @Test
    void sizesTheJvmForItsContainer() {
        assertThat(dockerfile).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(dockerfile).contains("USER groups");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> dependsOn(String service) {
        return (Map<String, Map<String, Object>>) services.get(service).get("depends_on");
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(String service) {
        return (List<String>) services.get(service).get("volumes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> build(String service) {
        return (Map<String, Object>) services.get(service).get("build");
    }
}
