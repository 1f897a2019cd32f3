import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The webhooks benchmark: starts {@code standalone/target/groups-standalone.jar} on a fresh data
 * directory with a fast local receiver (the JDK's HttpServer, answers 200 at once), and prints
 *
 *   1. drain: deliveries/s when N deliveries are due at once (an endpoint re-enabled after N creates);
 *   2. live: creates/s from W writers, and the latency from each create's 201 to its group.created
 *      webhook's arrival (p50, p99);
 *   3. dead: the same with a second endpoint that accepts connections and never answers (every
 *      attempt to it takes the full 10 s timeout), to show its effect on the healthy endpoint and
 *      on writes.
 *
 *   java bench/WebhookBench.java [--groups N] [--writers W] [--jar PATH] [--keep]
 *
 * See docs/benchmarks.md (Webhooks). Needs only a JDK 17.
 */
public class WebhookBench {

    static int groups = 2000;
    static int writers = 8;
    static Path jar = Path.of("standalone/target/groups-standalone.jar");
    static boolean keep;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern GROUP_ID = Pattern.compile("\"payload\":\\{\"id\":\"([A-Za-z0-9]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9_]+)\"");

    static String base;
    static String token;
    static Process server;
    static Path work;
    /** Arrival time (nanoTime) of each group's first group.created webhook at the healthy receiver. */
    static final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    static final List<Long> arrivalTimes = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--groups" -> groups = Integer.parseInt(args[++i]);
                case "--writers" -> writers = Integer.parseInt(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("Unknown option " + args[i] + "; see the comment at the top of bench/WebhookBench.java");
                    System.exit(2);
                }
            }
        }
        if (!Files.isRegularFile(jar)) {
            System.err.println("No " + jar + ": build it first (./mvnw -B -q -DskipTests package)");
            System.exit(2);
        }
        work = Files.createTempDirectory("groups-webhook-bench");
        token = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        HttpServer receiver = receiver();
        ServerSocket dead = new ServerSocket(0, 1000, java.net.InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!dead.isClosed()) {
                try {
                    held.add(dead.accept()); // never read, never answered
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        try {
            startServer();
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String endpoint = id(call("POST", "/v1/webhook_endpoints", form("url", hook, "enabled_events[0]", "group.created")));
            System.out.printf("%d groups per phase, %d writers; receiver %s%n%n", groups, writers, hook);

            // 1. drain
            call("PUT", "/v1/webhook_endpoints/" + endpoint, form("disabled", "true"));
            Map<String, Long> acks = write(groups, "drain");
            long enabled = System.nanoTime();
            call("PUT", "/v1/webhook_endpoints/" + endpoint, form("disabled", "false"));
            awaitArrivals(acks.keySet());
            double drainSeconds = (lastArrival(acks.keySet()) - enabled) / 1e9;
            System.out.printf("drain  %,d due deliveries sent in %.1f s: %,.0f deliveries/s%n", groups, drainSeconds,
                    groups / drainSeconds);

            // 2. live
            report("live", acks = timedWrite(groups, "live"));

            // 3. dead endpoint next to the healthy one
            call("POST", "/v1/webhook_endpoints", form("url", "http://127.0.0.1:" + dead.getLocalPort() + "/dead",
                    "enabled_events[0]", "group.created"));
            report("dead", timedWrite(groups, "dead"));
            System.out.printf("%nconnections the dead endpoint held: %d%n", held.size());
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(60, TimeUnit.SECONDS);
            }
            receiver.stop(0);
            dead.close();
            if (!keep) {
                deleteTree(work);
            } else {
                System.out.println("Kept " + work);
            }
        }
    }

    static Map<String, Long> timedWrite(int count, String phase) throws Exception {
        long start = System.nanoTime();
        Map<String, Long> acks = write(count, phase);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-6s %,d creates in %.1f s: %,.0f creates/s%n", phase, count, seconds, count / seconds);
        awaitArrivals(acks.keySet());
        return acks;
    }

    static void report(String phase, Map<String, Long> acks) {
        long[] latencies = acks.entrySet().stream().mapToLong(e -> arrivals.get(e.getKey()) - e.getValue()).sorted().toArray();
        System.out.printf("%-6s write 201 -> webhook arrival: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", phase,
                latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                latencies[latencies.length - 1] / 1e6);
    }

    /** Creates {@code count} groups from the writer threads; answers group id -> nanoTime of its 201. */
    static Map<String, Long> write(int count, String phase) throws Exception {
        Map<String, Long> acks = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            pool.submit(() -> {
                for (int n; (n = next.getAndIncrement()) < count; ) {
                    String answer = call("POST", "/v1/groups", form("name", phase + " " + n));
                    acks.put(id(answer), System.nanoTime());
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES) || acks.size() != count) {
            throw new IllegalStateException("writes did not complete: " + acks.size() + " of " + count);
        }
        return acks;
    }

    static void awaitArrivals(java.util.Set<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!arrivals.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("webhooks missing after 10 minutes");
            }
            Thread.sleep(10);
        }
    }

    static long lastArrival(java.util.Set<String> ids) {
        return ids.stream().mapToLong(arrivals::get).max().orElseThrow();
    }

    static HttpServer receiver() throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.nanoTime();
            Matcher group = GROUP_ID.matcher(body);
            if (group.find()) {
                arrivals.putIfAbsent(group.group(1), now);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    static void startServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port, "--groups.data-dir=" + work.resolve("data"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
        builder.environment().put("GROUPS_API_KEYS", token + "=bench");
        builder.environment().remove("MONGODB_URI");
        builder.environment().put("GROUPS_RATE_LIMIT_ENABLED", "false");
        builder.environment().put("GROUPS_WEBHOOKS_ALLOW_INSECURE_URLS", "true");
        long start = System.nanoTime();
        server = builder.start();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("The server exited; see " + work.resolve("server.log"));
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("UP")) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() - start > 180_000_000_000L) {
                throw new IllegalStateException("The server did not start in 180 s; see " + work.resolve("server.log"));
            }
            Thread.sleep(50);
        }
        System.out.printf("Server up on %s in %.1f s%n", base, (System.nanoTime() - start) / 1e9);
    }

    static String call(String method, String path, String form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String id(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return matcher.group(1);
    }

    static String form(String... pairs) {
        List<String> encoded = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            encoded.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", encoded);
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
