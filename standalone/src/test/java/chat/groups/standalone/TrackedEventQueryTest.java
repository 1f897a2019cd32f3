package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracking processor's read with a gappy token touches the events it returns, not the whole
 * event store; concurrent writers leave gaps in nearly every token, so this is every poll.
 */
class TrackedEventQueryTest {

    private static final int EVENTS = 3_000;
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @TempDir
    Path directory;

    private final List<String> statements = new ArrayList<>();
    private final List<Map<Integer, Long>> parameters = new ArrayList<>();
    private JdbcDataSource h2;
    private JdbcEventStorageEngine engine;

    @BeforeEach
    void anEventStoreWithThousandsOfEvents() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("events") + ";MAX_LENGTH_INPLACE_LOB=1048576");
        h2.setUser("sa");
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(Path.of("src/main/resources/axon-event-store-h2.sql")));
        }
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        engine = new JdbcEventStoreConfiguration().eventStorageEngine(serializer, serializer, recording(h2),
                NoTransactionManager.INSTANCE, new JdbcSQLErrorCodesResolver(),
                DefaultConfigurer.defaultConfiguration().buildConfiguration());
        // Global index i + 1 holds "event i".
        engine.appendEvents(IntStream.range(0, EVENTS)
                .mapToObj(i -> new GenericDomainEventMessage<>("Group", "group-" + i, 0, "event " + i)).toList());
        statements.clear();
        parameters.clear();
    }

    @Test
    void aTokenWithGapsReadsTheGapsAndTheEventsAfterItInOrder() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(2_500, List.of(10L, 1_000L, 2_400L));

        List<Object> read = engine.readEvents(token, false).limit(6).<Object>map(TrackedEventMessage::getPayload).toList();

        // The gaps come first because they are below the token's index: the event store's
        // order, as with Axon's own query.
        assertThat(read).containsExactly("event 9", "event 999", "event 2399", "event 2500", "event 2501", "event 2502");
    }

    @Test
    void aTokenWithGapsReadsOnlyTheRowsItReturnsNotTheWholeStore() throws Exception {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(2_990, List.of(5L, 2_000L));

        List<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false).limit(12).toList();

        assertThat(events).hasSize(12);
        String query = statements.stream().filter(sql -> sql.contains(" IN (")).findFirst().orElseThrow();
        long scanned = rowsScanned(query, parameters.get(statements.indexOf(query)));
        assertThat(scanned).as("rows the read of 12 events scanned, of %d stored", EVENTS).isLessThan(100);
    }

    private long rowsScanned(String sql, Map<Integer, Long> values) throws Exception {
        try (Connection connection = h2.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN ANALYZE " + sql)) {
            for (Map.Entry<Integer, Long> value : values.entrySet()) {
                explain.setLong(value.getKey(), value.getValue());
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                Matcher counts = SCAN_COUNT.matcher(plan.getString(1));
                long total = 0;
                while (counts.find()) {
                    total += Long.parseLong(counts.group(1));
                }
                return total;
            }
        }
    }

    /** The data source the engine uses, recording each statement it prepares and its parameters. */
    private DataSource recording(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, (m, a, statement) -> {
                    if (m.getName().equals("prepareStatement")) {
                        statements.add((String) a[0]);
                        Map<Integer, Long> values = new TreeMap<>();
                        parameters.add(values);
                        return proxy(PreparedStatement.class, statement, (sm, sa, r) -> {
                            if (sm.getName().equals("setLong")) {
                                values.put((Integer) sa[0], (Long) sa[1]);
                            }
                            return r;
                        });
                    }
                    return statement;
                })
                : result);
    }

    private interface AfterCall {
        Object apply(java.lang.reflect.Method method, Object[] args, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
