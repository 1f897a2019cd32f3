package chat.groups.standalone.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Compacts the H2 event store once a second ({@link Compaction}): with {@code WRITE_DELAY=0}
 * H2 runs no background writer, so nothing else would. That only slows the file's growth under
 * a commit per write (chunks stay about a tenth live), so a clean stop, once nothing else uses
 * the store, rewrites it whole ({@code SHUTDOWN COMPACT}: a copy of the live data, then a
 * rename, which H2 completes or undoes at the next open if the process dies half-way).
 */
@Component
public class EventStoreCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStoreCompaction.class);
    /** Rewrite at stop only when at least this much of the file is garbage... */
    private static final int REWRITE_BELOW_LIVE_PERCENT = 50;
    private static final long REWRITE_ABOVE_BYTES = 16L << 20;
    /** ...and the live data copies in seconds (about 50 MB/s on 2 cores), well within a stop's grace period. */
    private static final long REWRITE_AT_MOST_LIVE_BYTES = 1L << 30;

    private final DataSource dataSource;
    private MVStore store;
    private ScheduledExecutorService scheduler;

    public EventStoreCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void start() {
        store = eventStore();
        if (store == null) {
            return;
        }
        store.setRetentionTime(Compaction.RETENTION_MILLIS);
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-store-compaction");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                Compaction.step(store);
            } catch (RuntimeException e) {
                log.warn("Compacting the event store failed; trying again in a second: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** The event store's MVStore, or null when the events are not in an H2 database. */
    private MVStore eventStore() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)) {
                return null; // not H2: that database compacts itself
            }
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the H2 event store", e);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            rewriteIfMostlyGarbage();
        }
    }

    /** Stopped last of all lifecycles: the web server, the processors and Axon are stopped by then. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }

    private void rewriteIfMostlyGarbage() {
        long size = store.getFileStore().size();
        // The share of the file in chunks, times the share of the chunks still referenced.
        int livePercent = store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
        long live = size * livePercent / 100;
        if (size < REWRITE_ABOVE_BYTES || livePercent >= REWRITE_BELOW_LIVE_PERCENT || live > REWRITE_AT_MOST_LIVE_BYTES) {
            return;
        }
        long start = System.nanoTime();
        try {
            Connection connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
            // The pool's connections are all closed now; this one must not go back to the pool.
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            }
            log.info("Event store compacted at stop: {} MB ({}% live) to {} MB in {} ms", size >> 20, livePercent,
                    fileSize(store) >> 20, (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            log.warn("Compacting the event store at stop failed; it stays as it is: {}", e.toString());
        }
    }

    private static long fileSize(MVStore store) {
        try {
            return Files.size(Path.of(store.getFileStore().getFileName()));
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
