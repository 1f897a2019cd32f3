package chat.groups.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.StandaloneApplication;
import chat.groups.standalone.mongo.IndexedH2Backend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar groups-standalone.jar rebuild}, run as the operator runs it: in a JVM of its
 * own, on a data directory seeded (by {@code benchmark-rebuild --seed-only}) with 300 events.
 */
class RebuildCommandTest {

    private static final int EVENTS = 300;
    private static final int GROUPS = EVENTS / 10;
    private static final Pattern SUMMARY = Pattern.compile(
            "Done: version 2 of the groups projection is live \\(was 1\\): ([\\d,]+) events in [\\d.]+ s, [\\d,]+ events/s;"
                    + " ([\\d,]+) groups\\.");

    @TempDir
    Path temp;

    @Test
    void rebuildsTheProjectionOfflineIntoVersion2WithTheSameGroups() throws Exception {
        Path dataDir = temp.resolve("data");
        Run seeded = run("benchmark-rebuild", String.valueOf(EVENTS), "--seed-only", "--groups.data-dir=" + dataDir);
        assertThat(seeded.exit).as(seeded.toString()).isZero();
        try (Projection projection = Projection.open(dataDir)) {
            assertThat(projection.liveVersion()).isEqualTo(1);
            assertThat(projection.documents("groups")).hasSize(GROUPS);
        }

        Run rebuilt = run("rebuild", "--groups.data-dir=" + dataDir);

        assertThat(rebuilt.exit).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.stdout).as(rebuilt.toString())
                .startsWith("Rebuilding the groups projection into version 2 from 300 events; version 1 stays live");
        Matcher summary = SUMMARY.matcher(rebuilt.stdout);
        assertThat(summary.find()).as(rebuilt.toString()).isTrue();
        assertThat(summary.group(1)).isEqualTo(String.valueOf(EVENTS));
        assertThat(summary.group(2)).isEqualTo(String.valueOf(GROUPS));
        // Not a terminal: plain progress lines, no carriage returns; nothing of the application on stdout.
        assertThat(rebuilt.stdout).doesNotContain("\r").contains("events  ").doesNotContain("WARN", "Bearer");

        try (Projection projection = Projection.open(dataDir)) {
            assertThat(projection.liveVersion()).isEqualTo(2);
            List<Document> rebuiltGroups = projection.documents("groups_v2");
            assertThat(rebuiltGroups).hasSize(GROUPS);
            // The old version is dropped by the next start, after groups.projection.rebuild.drop-after.
            assertThat(rebuiltGroups).isEqualTo(projection.documents("groups"));

            // While another process holds the data directory, the command refuses it in one line.
            Run refused = run("rebuild", "--groups.data-dir=" + dataDir);
            assertThat(refused.exit).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr.strip().lines()).as(refused.toString()).hasSize(1);
            assertThat(refused.stderr).startsWith("rebuild: cannot start: the data directory " + dataDir
                    + " is in use by another process, probably a running server (projection.mv.db is locked).");
            assertThat(refused.stdout).isEmpty();
        }
    }

    @Test
    void anUnknownCommandPrintsTheUsageAndExits2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Commands.run(new String[]{"rebuilt", "--groups.data-dir=nowhere"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown command 'rebuilt'.").contains("Usage:");
        assertThat(Commands.isCommand(new String[]{"--server.port=0"})).isFalse();
        assertThat(Commands.isCommand(new String[0])).isFalse();
    }

    private record Run(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** The standalone jar's main class with {@code args}, in a JVM of its own. */
    private Run run(String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(temp, "stdout", ".txt");
        Path stderr = Files.createTempFile(temp, "stderr", ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), StandaloneApplication.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + Files.readString(stdout) + Files.readString(stderr));
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** The projection store of a data directory, opened as the server opens it, read through the driver. */
    private static final class Projection implements AutoCloseable {

        static {
            quiet("de.bwaldvogel");
            quiet("org.mongodb.driver");
        }

        private final MVStore store;
        private final MongoServer server;
        private final MongoClient client;
        private final MongoDatabase database;

        private Projection(Path dataDir) {
            store = new MVStore.Builder().fileName(dataDir.resolve("projection.mv.db").toString()).compress()
                    .autoCommitDisabled().open();
            server = new MongoServer(new IndexedH2Backend(store));
            server.bind("127.0.0.1", 0);
            client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
            database = client.getDatabase("groups");
        }

        static Projection open(Path dataDir) {
            return new Projection(dataDir);
        }

        int liveVersion() {
            return database.getCollection("projection_versions").find(new Document("_id", "groups")).first()
                    .getInteger("live");
        }

        List<Document> documents(String collection) {
            return database.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
            store.close();
        }

        private static void quiet(String loggerName) {
            if (LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }
}
