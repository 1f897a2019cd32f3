import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone server's benchmark: starts the server as README does,
 * {@code standalone/target/app/groups-standalone.jar} with its class-data-sharing archive
 * (heap capped with -Xmx1g), on a fresh data directory, seeds groups over HTTP, drives load
 * from this separate process and prints a table of req/s, p50, p99 and the server's RSS.
 * See docs/benchmarks.md. Needs only a JDK 17; uses wrk for the HTTP load when it is on the
 * PATH (less client CPU on a small machine), else its own load generator.
 *
 *   java bench/Bench.java [--quick] [--connections N] [--seeders N] [--duration SECONDS] [--xmx SIZE]
 *                         [--java-load] [--keep] [--jar PATH] [--base-url URL --tokens T1,T2,...]
 *
 * --quick: 1,000 and 5,000 groups and short phases, to check the benchmark itself.
 * --base-url: benchmark a running deployment (e.g. the split deployment's gateway) instead of
 *             starting the jar; --tokens are its API keys, one per account (no RSS, disk or restart figures).
 */
public class Bench {

    // ------------------------------------------------------------------ settings

    static int accounts = 100;
    static int small = 10_000;
    static int large = 100_000;
    static int connections = 16;
    static int seeders = 64;
    static Duration warmup = Duration.ofSeconds(10);
    static Duration measure = Duration.ofSeconds(20);
    static boolean javaLoad;
    static boolean keep;
    static Path jar = Path.of("standalone/target/app/groups-standalone.jar");
    static String heap = "1g";
    /** A running deployment to benchmark instead of starting the jar, or null. */
    static String remote;
    /** Events written (2xx writes, warm-ups and seeding included), for bytes per event. */
    static final AtomicLong eventsWritten = new AtomicLong();
    /** Groups created by POSTs after seeding, for bytes per group. */
    static final AtomicLong groupsPosted = new AtomicLong();

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9]+)\"");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static Path work;
    static String base;
    static Process server;
    static final List<String> tokens = new ArrayList<>();
    static final AtomicLong maxRss = new AtomicLong();
    static final List<Row> rows = new ArrayList<>();
    static String loadBefore;

    record Group(String id, int account) {
    }

    record Row(String what, String groups, String rps, String p50, String p99, String rss, String note) {
    }

    record Result(long requests, long errors, double seconds, double p50Millis, double p99Millis) {
        double rps() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    small = 1_000;
                    large = 5_000;
                    warmup = Duration.ofSeconds(2);
                    measure = Duration.ofSeconds(5);
                }
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--duration" -> measure = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--seeders" -> seeders = Integer.parseInt(args[++i]);
                case "--java-load" -> javaLoad = true;
                case "--keep" -> keep = true;
                case "--jar" -> jar = Path.of(args[++i]);
                case "--xmx" -> heap = args[++i];
                case "--base-url" -> remote = args[++i].replaceAll("/+$", "");
                case "--tokens" -> tokens.addAll(Arrays.asList(args[++i].split(",")));
                default -> {
                    System.err.println("Unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (remote != null && tokens.isEmpty()) {
            System.err.println("--base-url needs --tokens: the deployment's API keys, one per account, comma-separated");
            System.exit(2);
        }
        if (remote == null && !Files.isRegularFile(jar)) {
            System.err.println("No " + jar + ": build it first (./mvnw -B -q -DskipTests package)");
            System.exit(2);
        }
        if (!javaLoad && !onPath("wrk")) {
            System.out.println("wrk is not on the PATH: using the JVM load generator (apt-get install -y wrk to use wrk)");
            javaLoad = true;
        }
        loadBefore = loadAverage();
        work = Files.createTempDirectory("groups-bench");
        if (remote == null) {
            for (int a = 0; a < accounts; a++) {
                tokens.add(String.format("bench-token-for-account-%03d", a));
            }
        } else {
            accounts = tokens.size();
        }
        System.out.printf("Benchmark: %s, %d accounts, %d connections, %ds per phase (+%ds warm-up), load by %s%n",
                remote != null ? remote : jar + " (-Xmx" + heap + (Files.isRegularFile(cdsArchive()) ? ", CDS archive" : ", no CDS archive") + ")", accounts, connections, measure.toSeconds(),
                warmup.toSeconds(), javaLoad ? "the JVM generator" : "wrk");
        System.out.println("Work directory (server log, data): " + work);
        Thread sampler = new Thread(Bench::sampleRss, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            run();
        } finally {
            stopServer();
        }
        printTable();
        if (!keep) {
            deleteRecursively(work);
        }
    }

    static void run() throws Exception {
        if (remote == null) {
            double startup = startServer();
            rows.add(new Row("start-up (empty data directory)", "0", "", "", "", mb(maxRss.get()), seconds(startup)));
        } else {
            base = remote;
        }

        List<Group> groups = Collections.synchronizedList(new ArrayList<>());
        double seedRate = seed(groups, small);
        rows.add(new Row("seeding: POST, " + seeders + " clients", "0 → " + small, fmt(seedRate), "", "", mb(maxRss.get()),
                "read-your-writes, each answer waits for the read model"));
        readPhases(groups, small);

        seedRate = seed(groups, large);
        rows.add(new Row("seeding: POST, " + seeders + " clients", small + " → " + large, fmt(seedRate), "", "",
                mb(maxRss.get()), ""));
        readPhases(groups, large);
        Result byContact = load("GET /v1/groups?contact= at " + large, contactRequests(groups));
        rows.add(row("GET /v1/groups?contact=&limit=10", String.valueOf(large), byContact,
                "a member of 1 in " + MEMBERS + " of the account's groups; half first pages, half starting_after"));

        long before = eventsWritten.get();
        Result post = load("POST /v1/groups", postRequests(), true);
        groupsPosted.addAndGet(eventsWritten.get() - before);
        rows.add(row("POST /v1/groups", large + "+", post, "201 after the read model shows it"));
        Result put = load("PUT /v1/groups/{id}", putRequests(groups), true);
        rows.add(row("PUT /v1/groups/{id} (rename)", large + "+", put, "200 after the read model shows it"));
        Result addMember = load("POST /v1/groups/{id}/contacts", addMemberRequests(groups), true);
        rows.add(row("POST /v1/groups/{id}/contacts (one member)", large + "+", addMember,
                "200 after the read model shows it; a different group each"));

        lagPhase(groups);

        if (remote == null) {
            stopServer();
            double restart = startServer();
            rows.add(new Row("start-up (restart on the data above)", large + "+", "", "", "", mb(maxRss.get()), seconds(restart)));
        }
    }

    static void readPhases(List<Group> groups, int size) throws Exception {
        yardstick(groups, size);
        Result one = load("GET /v1/groups/{id} at " + size, getOneRequests(groups));
        rows.add(row("GET /v1/groups/{id}", String.valueOf(size), one, ""));
        Result list = load("GET /v1/groups?limit=10 at " + size, listRequests(groups));
        rows.add(row("GET /v1/groups?limit=10", String.valueOf(size), list, "half first pages, half starting_after a random group"));
    }

    /**
     * The same run's yardstick: the framework's own floor on this machine, a trivial endpoint of
     * the same server (the liveness probe: Tomcat, Spring MVC, Jackson and the metrics, no
     * authentication, no store). No figure of the service can beat it; the ratio to it says
     * what the service's own work costs.
     */
    static void yardstick(List<Group> groups, int size) throws Exception {
        HttpResponse<String> probe = send(new Request("GET", "/actuator/health/liveness", tokens.get(0), null));
        if (probe.statusCode() != 200) {
            rows.add(new Row("yardstick: GET /actuator/health/liveness", String.valueOf(size), "", "", "", "",
                    "not measured: answered " + probe.statusCode()));
            return;
        }
        List<Request> requests = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            requests.add(new Request("GET", "/actuator/health/liveness", tokens.get(a), null));
        }
        Result floor = load("yardstick: liveness at " + size, requests);
        rows.add(row("yardstick: GET /actuator/health/liveness", String.valueOf(size), floor,
                "the framework's floor on this machine in this run: trivial endpoint, same server"));
    }

    static Row row(String what, String groups, Result result, String note) {
        String errors = result.errors() == 0 ? "" : result.errors() + " errors; ";
        return new Row(what, groups, fmt(result.rps()), millis(result.p50Millis()), millis(result.p99Millis()),
                mb(maxRss.get()), errors + note);
    }

    // ------------------------------------------------------------------ requests

    /** A request of a phase: method, path, token (account), form body or null. */
    record Request(String method, String path, String token, String body) {
    }

    static List<Request> getOneRequests(List<Group> groups) {
        List<Request> requests = new ArrayList<>();
        for (Group group : sample(groups, 50_000)) {
            requests.add(new Request("GET", "/v1/groups/" + group.id(), tokens.get(group.account()), null));
        }
        return requests;
    }

    static List<Request> listRequests(List<Group> groups) {
        List<Request> requests = new ArrayList<>();
        Random random = new Random(1);
        for (Group group : sample(groups, 50_000)) {
            String path = random.nextBoolean() ? "/v1/groups?limit=10" : "/v1/groups?limit=10&starting_after=" + group.id();
            requests.add(new Request("GET", path, tokens.get(group.account()), null));
        }
        return requests;
    }

    /** How many members the seeded groups of an account take turns with (each group has one). */
    static final int MEMBERS = 20;

    /** The member of the {@code i}-th seeded group: a contact in 1 of {@link #MEMBERS} of its account's groups. */
    static String memberOf(int i) {
        return "member" + (i / accounts % MEMBERS);
    }

    static List<Request> contactRequests(List<Group> groups) {
        List<Request> requests = new ArrayList<>();
        Random random = new Random(2);
        for (Group group : sample(groups, 50_000)) {
            String contact = "member" + random.nextInt(MEMBERS);
            String path = "/v1/groups?limit=10&contact=" + contact
                    + (random.nextBoolean() ? "" : "&starting_after=" + group.id());
            requests.add(new Request("GET", path, tokens.get(group.account()), null));
        }
        return requests;
    }

    static List<Request> addMemberRequests(List<Group> groups) {
        List<Request> requests = new ArrayList<>();
        int i = 0;
        for (Group group : sample(groups, 50_000)) {
            requests.add(new Request("POST", "/v1/groups/" + group.id() + "/contacts", tokens.get(group.account()),
                    "contacts%5B0%5D%5Busername%5D=bench" + i++));
        }
        return requests;
    }

    static List<Request> postRequests() {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            requests.add(new Request("POST", "/v1/groups", tokens.get(i % accounts), "name=bench+post+" + i));
        }
        return requests;
    }

    static List<Request> putRequests(List<Group> groups) {
        List<Request> requests = new ArrayList<>();
        int i = 0;
        for (Group group : sample(groups, 50_000)) {
            requests.add(new Request("PUT", "/v1/groups/" + group.id(), tokens.get(group.account()), "name=bench+put+" + i++));
        }
        return requests;
    }

    static List<Group> sample(List<Group> groups, int max) {
        List<Group> copy;
        synchronized (groups) {
            copy = new ArrayList<>(groups);
        }
        Collections.shuffle(copy, new Random(2));
        return copy.subList(0, Math.min(max, copy.size()));
    }

    // ------------------------------------------------------------------ load

    static Result load(String name, List<Request> requests) throws Exception {
        return load(name, requests, false);
    }

    static Result load(String name, List<Request> requests, boolean writes) throws Exception {
        System.out.printf("%-40s warm-up %ds, then %ds ...%n", name, warmup.toSeconds(), measure.toSeconds());
        Result warm = javaLoad ? javaLoad(requests, warmup) : wrk(requests, warmup);
        maxRss.set(0);
        Result measured = javaLoad ? javaLoad(requests, measure) : wrk(requests, measure);
        if (writes) {
            eventsWritten.addAndGet(warm.requests() - warm.errors() + measured.requests() - measured.errors());
        }
        return measured;
    }

    /** Closed loop: each of {@code connections} threads sends its next request when the last one answered. */
    static Result javaLoad(List<Request> requests, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            latencies.add(threads.submit(() -> {
                long[] own = new long[1 << 16];
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    Request request = requests.get(random.nextInt(requests.size()));
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = send(request).statusCode();
                    } catch (UncheckedIOException e) {
                        status = 599; // no answer (connection closed, timeout)
                    }
                    long t1 = System.nanoTime();
                    if (status >= 400) {
                        errors.incrementAndGet();
                    }
                    if (n == own.length) {
                        own = Arrays.copyOf(own, n * 2);
                    }
                    own[n++] = t1 - t0;
                }
                return Arrays.copyOf(own, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> thread : latencies) {
            all.add(thread.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(merged.length, errors.get(), seconds, percentile(merged, 50) / 1e6, percentile(merged, 99) / 1e6);
    }

    static HttpResponse<String> send(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + request.token());
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        }
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static final String WRK_SCRIPT = """
            local requests = {}
            local counter = 0
            function setup(thread)
              counter = counter + 1
              thread:set("seed", counter)
            end
            function init(args)
              math.randomseed(os.time() * 100 + (seed or 0))
              for line in io.lines(args[1]) do
                local method, path, token, body = line:match("^(%S+) (%S+) (%S+) ?(.*)$")
                local headers = {["Authorization"] = "Bearer " .. token}
                if body == "" then
                  body = nil
                else
                  headers["Content-Type"] = "application/x-www-form-urlencoded"
                end
                requests[#requests + 1] = wrk.format(method, path, headers, body)
              end
            end
            function request()
              return requests[math.random(#requests)]
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
                latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
            end
            """;

    static Result wrk(List<Request> requests, Duration duration) throws Exception {
        Path script = work.resolve("bench.lua");
        Files.writeString(script, WRK_SCRIPT);
        Path lines = work.resolve("requests.txt");
        List<String> text = new ArrayList<>();
        for (Request request : requests) {
            text.add(request.method() + " " + request.path() + " " + request.token() + (request.body() == null ? "" : " " + request.body()));
        }
        Files.write(lines, text);
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--timeout", "30s",
                "-s", script.toString(), base, "--", lines.toString())
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        Matcher result = Pattern.compile("RESULT (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)").matcher(output);
        if (!result.find()) {
            throw new IllegalStateException("wrk said:\n" + output);
        }
        long count = Long.parseLong(result.group(1));
        double seconds = Long.parseLong(result.group(2)) / 1e6;
        long errors = Long.parseLong(result.group(5)) + Long.parseLong(result.group(6));
        return new Result(count, errors, seconds, Long.parseLong(result.group(3)) / 1e3, Long.parseLong(result.group(4)) / 1e3);
    }

    // ------------------------------------------------------------------ seeding

    /** POSTs groups (accounts in turn) from {@code seeders} clients until there are {@code target}; answers POSTs/s. */
    static double seed(List<Group> groups, int target) throws Exception {
        int from = groups.size();
        AtomicInteger next = new AtomicInteger(from);
        AtomicLong failures = new AtomicLong();
        System.out.printf("Seeding %d → %d groups over %d accounts with %d concurrent POSTs ...%n", from, target, accounts, seeders);
        ExecutorService threads = Executors.newFixedThreadPool(seeders);
        maxRss.set(0);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < seeders; s++) {
            done.add(threads.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < target; ) {
                    int account = i % accounts;
                    HttpResponse<String> response;
                    try {
                        response = send(new Request("POST", "/v1/groups", tokens.get(account),
                                "name=group+" + i + "&contacts%5B0%5D%5Busername%5D=" + memberOf(i)));
                    } catch (UncheckedIOException e) {
                        if (failures.incrementAndGet() < 5) {
                            System.out.println("  POST failed: " + e.getMessage());
                        }
                        continue;
                    }
                    Matcher id = ID.matcher(response.body());
                    if (response.statusCode() == 201 && id.find()) {
                        eventsWritten.incrementAndGet();
                        groups.add(new Group(id.group(1), account));
                    } else if (failures.incrementAndGet() < 5) {
                        System.out.println("  POST answered " + response.statusCode() + ": " + response.body());
                    }
                }
                return null;
            }));
        }
        long lastReport = System.nanoTime();
        while (!done.stream().allMatch(Future::isDone)) {
            Thread.sleep(200);
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                int made = groups.size() - from;
                System.out.printf("  %d groups, %.0f POST/s%n", groups.size(), made / ((lastReport - start) / 1e9));
            }
        }
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %d groups in %.1f s (%d failed)%n", groups.size(), seconds, failures.get());
        return (groups.size() - from) / seconds;
    }

    // ------------------------------------------------------------------ projection lag

    /**
     * Under write load (half the connections renaming groups in a closed loop), a probe renames
     * one of its own groups and, from the moment it sends the PUT, another client polls GET
     * until it shows the new name: write-to-visible time, as any other client sees it.
     */
    static void lagPhase(List<Group> groups) throws Exception {
        System.out.printf("%-40s %ds ...%n", "projection lag under write load", measure.toSeconds() + warmup.toSeconds());
        List<Group> pool = sample(groups, 50_000);
        List<Group> probes = new ArrayList<>(pool.subList(0, 200));
        List<Group> writable = new ArrayList<>(pool.subList(200, pool.size()));
        int writers = Math.max(1, connections / 2);
        long end = System.nanoTime() + measure.toNanos() + warmup.toNanos();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        AtomicLong writes = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    Group group = writable.get(random.nextInt(writable.size()));
                    try {
                        if (send(new Request("PUT", "/v1/groups/" + group.id(), tokens.get(group.account()),
                                "name=load+" + random.nextInt())).statusCode() < 300) {
                            eventsWritten.incrementAndGet();
                        }
                    } catch (UncheckedIOException e) {
                        continue;
                    }
                    if (System.nanoTime() > measureFrom) {
                        writes.incrementAndGet();
                    }
                }
                return null;
            });
        }
        HttpClient poller = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Long> lags = new ArrayList<>();
        List<Long> acks = new ArrayList<>();
        long measuringStart = 0;
        int probe = 0;
        maxRss.set(0);
        while (System.nanoTime() < end) {
            Group group = probes.get(probe % probes.size());
            String name = "probe-" + probe++;
            HttpRequest put = HttpRequest.newBuilder(URI.create(base + "/v1/groups/" + group.id()))
                    .header("Authorization", "Bearer " + tokens.get(group.account()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .PUT(HttpRequest.BodyPublishers.ofString("name=" + name)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/v1/groups/" + group.id()))
                    .header("Authorization", "Bearer " + tokens.get(group.account())).build();
            long t0 = System.nanoTime();
            CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(put, HttpResponse.BodyHandlers.ofString());
            long visible;
            while (true) {
                HttpResponse<String> seen = poller.send(get, HttpResponse.BodyHandlers.ofString());
                if (seen.body().contains("\"name\":\"" + name + "\"")) {
                    visible = System.nanoTime();
                    break;
                }
                if (System.nanoTime() - t0 > 30_000_000_000L) {
                    throw new IllegalStateException("write never became visible: " + seen.body());
                }
            }
            if (answer.join().statusCode() < 300) {
                eventsWritten.incrementAndGet();
            }
            long acknowledged = System.nanoTime();
            if (t0 > measureFrom) {
                if (measuringStart == 0) {
                    measuringStart = t0;
                }
                lags.add(visible - t0);
                acks.add(acknowledged - t0);
            }
            Thread.sleep(10);
        }
        threads.shutdown();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        long[] lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] ack = acks.stream().mapToLong(Long::longValue).sorted().toArray();
        double seconds = (end - measureFrom) / 1e9;
        rows.add(new Row("projection lag: write → visible to another client", large + "+", "", millis(percentile(lag, 50) / 1e6),
                millis(percentile(lag, 99) / 1e6), mb(maxRss.get()),
                String.format("%d probes under %.0f PUT/s from %d clients; probe PUT answered p50 %s, p99 %s",
                        lag.length, writes.get() / seconds, writers,
                        millis(percentile(ack, 50) / 1e6), millis(percentile(ack, 99) / 1e6))));
    }

    // ------------------------------------------------------------------ server

    /** Starts the server, answers the seconds until /actuator/health is UP. */
    static double startServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        if (Files.isRegularFile(cdsArchive())) {
            command.add("-XX:SharedArchiveFile=" + cdsArchive().toAbsolutePath());
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port, "--groups.data-dir=" + work.resolve("data")));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
        StringBuilder keys = new StringBuilder();
        for (int a = 0; a < accounts; a++) {
            keys.append(a == 0 ? "" : ",").append(tokens.get(a)).append("=account").append(a);
        }
        builder.environment().put("GROUPS_API_KEYS", keys.toString());
        builder.environment().remove("MONGODB_URI");
        // Capacity, not policy: the per-account rate limit (100 req/s by default) would answer 429s.
        builder.environment().put("GROUPS_RATE_LIMIT_ENABLED", "false");
        long start = System.nanoTime();
        server = builder.start();
        maxRss.set(0);
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
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Server up on %s in %.2f s (pid %d)%n", base, seconds, server.pid());
        return seconds;
    }

    /** The class-data-sharing archive the build records next to the extracted jar (README's run command). */
    static Path cdsArchive() {
        return jar.resolveSibling(jar.getFileName().toString().replaceAll("\\.jar$", ".jsa"));
    }

    static void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The server's resident set size, from /proc (Linux), every 100 ms; the maximum since the last reset. */
    static void sampleRss() {
        while (true) {
            try {
                Process current = server;
                if (current != null && current.isAlive()) {
                    for (String line : Files.readAllLines(Path.of("/proc/" + current.pid() + "/status"))) {
                        if (line.startsWith("VmRSS:")) {
                            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                            maxRss.accumulateAndGet(kb * 1024, Math::max);
                        }
                    }
                }
                Thread.sleep(100);
            } catch (IOException | RuntimeException e) {
                // process gone, or no /proc: no RSS
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ output

    static void printTable() {
        System.out.println();
        String server = remote == null
                ? "standalone, server -Xmx" + heap + (Files.isRegularFile(cdsArchive()) ? " with its CDS archive" : "")
                : "deployment at " + remote;
        System.out.printf("Groups benchmark (%s), %s, client %s %s, %d CPUs, load by %s, %d connections%n",
                server, LocalDate.now(), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(), javaLoad ? "JVM generator" : "wrk", connections);
        System.out.printf("Load average before / after: %s / %s%n", loadBefore, loadAverage());
        if (remote == null) {
            long events = eventsWritten.get();
            long groups = large + groupsPosted.get();
            long eventStore = size(work.resolve("data/events.mv.db"));
            long projection = size(work.resolve("data/projection.mv.db"));
            long keys = size(work.resolve("data/keys"));
            System.out.printf(Locale.ROOT, "Data directory at the end (after a clean stop): event store %s for %,d events (%,d bytes"
                            + " per event), projection %s for %,d groups (%,d bytes per group), keys %s (%,d bytes per group)%n",
                    mb(eventStore), events, eventStore / Math.max(1, events), mb(projection), groups,
                    projection / Math.max(1, groups), mb(keys), keys / Math.max(1, groups));
        }
        System.out.println();
        System.out.println("| What | Groups | req/s | p50 | p99 | server RSS (max) | Notes |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Row row : rows) {
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", row.what(), row.groups(), row.rps(), row.p50(), row.p99(),
                    row.rss(), row.note());
        }
    }

    static String fmt(double rps) {
        return String.format(Locale.ROOT, "%,.0f", rps);
    }

    static String millis(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s to healthy", s);
    }

    static String mb(long bytes) {
        return bytes == 0 ? "" : String.format(Locale.ROOT, "%d MB", bytes / (1024 * 1024));
    }

    /** Bytes in a file, or in all files under a directory; 0 when absent. */
    static long size(Path path) {
        try (var paths = Files.walk(path)) {
            return paths.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The 1, 5 and 15 minute load averages (Linux), to tell a quiet machine from a busy one. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static void deleteRecursively(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Collections.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    // best effort
                }
            });
        }
    }
}
