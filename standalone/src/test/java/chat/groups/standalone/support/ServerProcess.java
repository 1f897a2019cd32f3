package chat.groups.standalone.support;

import chat.groups.standalone.StandaloneApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone server in a JVM of its own, so that a test can kill it the hard way
 * (SIGKILL: no shutdown hooks, no flushing) and start it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The server's JVM. A test server lives for seconds and is judged on behaviour, not speed:
     * C1 alone (no C2 compilations competing for the 2 cores with the tests) and the serial
     * collector start it faster and leave more CPU to the rest of the suite.
     */
    private static List<String> jvm() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path")));
    }

    public static ServerProcess start(Path dataDir) {
        return start(dataDir, "--logging.level.root=WARN");
    }

    /** {@code extraArgs} come last, so they override the defaults (e.g. a log level). */
    public static ServerProcess start(Path dataDir, String... extraArgs) {
        int port = freePort();
        List<String> command = jvm();
        command.addAll(List.of(StandaloneApplication.class.getName(),
                "--server.port=" + port,
                "--groups.data-dir=" + dataDir,
                "--groups.api-keys=" + TestServer.apiKeys(),
                "--groups.rate-limit.requests-per-second=1000000", "--groups.rate-limit.burst=1000000"));
        command.addAll(List.of(extraArgs));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(dataDir).toFile()))
                    .start();
            ServerProcess server = new ServerProcess(process, port);
            // A bound on a JVM start-up, not a speed target: generous enough for a loaded 2-core machine.
            server.awaitHealthy(Duration.ofSeconds(180));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server with {@code extraArgs} (after the defaults, so they override them) and
     * waits for it to exit by itself, as a server that refuses its configuration does.
     *
     * @return its exit code
     */
    public static int runToExit(Path dataDir, Duration timeout, String... extraArgs) {
        List<String> command = jvm();
        command.addAll(List.of(StandaloneApplication.class.getName(), "--server.port=" + freePort(), "--groups.data-dir=" + dataDir));
        command.addAll(List.of(extraArgs));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(dataDir).toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server still running after " + timeout);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The file the server's console output (its log) goes to. */
    public static Path logFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
    }

    public Api client(String accountId) {
        return new Api(URI.create("http://127.0.0.1:" + port), TestServer.tokenOf(accountId), accountId);
    }

    /** SIGKILL, as a crash or an OOM killer would: the JVM gets no chance to flush anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + " while starting");
            }
            try {
                if (http.send(health, BodyHandlers.ofString()).body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("server not healthy within " + timeout);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
