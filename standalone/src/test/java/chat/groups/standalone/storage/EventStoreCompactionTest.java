package chat.groups.standalone.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a commit per event the event store's file is mostly garbage (the running compaction
 * only slows its growth); a clean stop rewrites it down to its live data, and nothing is lost.
 */
class EventStoreCompactionTest {

    private static final int EVENTS = 6_000;

    @TempDir
    Path dir;

    @Test
    void aCleanStopRewritesAStoreThatIsMostlyGarbageAndKeepsEveryEvent() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("events") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=1048576";
        Path file = dir.resolve("events.mv.db");
        long before;
        try (HikariDataSource dataSource = dataSource(url)) {
            EventStoreCompaction compaction = new EventStoreCompaction(dataSource);
            compaction.start();
            appendOneCommitEach(dataSource);
            before = Files.size(file);
            compaction.stop();
        }
        long after = Files.size(file);

        assertThat(before).as("the file before the stop").isGreaterThan(16L << 20);
        assertThat(after).as("the file after the stop, %d bytes before", before).isLessThan(before / 3);
        try (HikariDataSource dataSource = dataSource(url); Connection connection = dataSource.getConnection();
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*), MAX(globalIndex) FROM DomainEventEntry")) {
            count.next();
            assertThat(count.getLong(1)).isEqualTo(EVENTS);
            assertThat(count.getLong(2)).isEqualTo(EVENTS);
        }
    }

    private static void appendOneCommitEach(HikariDataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement schema = connection.createStatement()) {
            schema.execute(Files.readString(Path.of("src/main/resources/axon-event-store-h2.sql")));
        }
        Random random = new Random(1);
        byte[] payload = new byte[400];
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO DomainEventEntry (eventIdentifier, "
                     + "aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payload) VALUES (?, ?, 0, 'Group', "
                     + "'2026-11-30T00:00:00Z', 'GroupCreatedEvent', ?)")) {
            for (int i = 0; i < EVENTS; i++) {
                random.nextBytes(payload);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, "group-" + UUID.randomUUID());
                insert.setBytes(3, payload);
                insert.executeUpdate(); // auto-commit: one commit per event, as the server commits each write
            }
        }
    }

    private static HikariDataSource dataSource(String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        return dataSource;
    }
}
