package chat.groups.standalone.support;

import chat.groups.common.testing.wire.OverTheWire;
import chat.groups.standalone.StandaloneApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real standalone application, started in this JVM on a random port and its own data
 * directory. Most test classes share one instance ({@link #shared()}) and keep out of each
 * other's way by each taking fresh accounts ({@link #newAccount()}).
 */
public final class TestServer implements AutoCloseable {

    /** The admin key every test server accepts on {@code /admin} (see {@link #admin()}). */
    public static final String ADMIN_TOKEN = "test-admin-key-0123456789";
    private static final int ACCOUNTS = 80;
    private static final AtomicInteger nextAccount = new AtomicInteger();
    private static TestServer shared;
    private static TestServer sharedOverTheWire;

    private final Path dataDir;
    private final ConfigurableApplicationContext context;

    private TestServer(Path dataDir, Class<?>[] sources, String... extraArgs) {
        this.dataDir = dataDir;
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--groups.data-dir=" + dataDir,
                "--logging.level.root=WARN"));
        if (Arrays.stream(extraArgs).noneMatch(arg -> arg.startsWith("--groups.api-keys="))) {
            args.add("--groups.api-keys=" + apiKeys());
        }
        if (Arrays.stream(extraArgs).noneMatch(arg -> arg.startsWith("--groups.admin-keys="))) {
            args.add("--groups.admin-keys=" + ADMIN_TOKEN + "=tests");
        }
        if (Arrays.stream(extraArgs).noneMatch(arg -> arg.startsWith("--groups.rate-limit."))) {
            args.addAll(List.of("--groups.rate-limit.requests-per-second=1000000", "--groups.rate-limit.burst=1000000"));
        }
        args.addAll(List.of(extraArgs));
        this.context = new SpringApplicationBuilder(sources).run(args.toArray(String[]::new));
    }

    public static synchronized TestServer shared() {
        if (shared == null) {
            shared = start(tempDir("groups-shared"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** One server over the wire ({@link #startOverTheWire}) for the test classes that need one. */
    public static synchronized TestServer sharedOverTheWire() {
        if (sharedOverTheWire == null) {
            sharedOverTheWire = startOverTheWire(tempDir("groups-wire"));
            Runtime.getRuntime().addShutdownHook(new Thread(sharedOverTheWire::close));
        }
        return sharedOverTheWire;
    }

    public static TestServer start(Path dataDir, String... extraArgs) {
        return new TestServer(dataDir, new Class<?>[] {StandaloneApplication.class}, extraArgs);
    }

    /**
     * The standalone application with every command, query, answer and subscription update put
     * through axon-server-connector's conversions ({@link OverTheWire}): what the split deployment
     * sees of them when they travel through Axon Server.
     */
    public static TestServer startOverTheWire(Path dataDir, String... extraArgs) {
        return new TestServer(dataDir, new Class<?>[] {StandaloneApplication.class, OverTheWire.class}, extraArgs);
    }

    /** A client for an account no other test uses. */
    public Api newAccount() {
        int n = nextAccount.incrementAndGet();
        if (n > ACCOUNTS) {
            throw new IllegalStateException("Raise TestServer.ACCOUNTS: more than " + ACCOUNTS + " accounts taken");
        }
        return client(account(n));
    }

    public Api client(String accountId) {
        return new Api(baseUri(), tokenOf(accountId), accountId);
    }

    /** A client that sends the admin key, for {@code /admin}. */
    public Api admin() {
        return new Api(baseUri(), ADMIN_TOKEN, null);
    }

    public static String tokenOf(String accountId) {
        return "test-key-of-account-" + accountId;
    }

    public URI baseUri() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path dataDir() {
        return dataDir;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String account(int n) {
        return String.format("acct%02d", n);
    }

    /** Keys for every test account, plus {@code alice} and {@code bob} for tests that name them. */
    public static String apiKeys() {
        return IntStream.rangeClosed(1, ACCOUNTS).mapToObj(TestServer::account)
                .map(a -> tokenOf(a) + "=" + a)
                .collect(Collectors.joining(",")) + "," + tokenOf("alice") + "=alice," + tokenOf("bob") + "=bob";
    }
}
