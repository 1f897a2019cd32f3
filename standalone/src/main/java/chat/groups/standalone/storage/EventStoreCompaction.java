package chat.groups.standalone.storage;

import java.sql.Connection;
import java.sql.SQLException;
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
 * H2 runs no background writer, so nothing else would.
 */
@Component
public class EventStoreCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStoreCompaction.class);

    private final DataSource dataSource;
    private ScheduledExecutorService scheduler;

    public EventStoreCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void start() {
        MVStore store = eventStore();
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
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
