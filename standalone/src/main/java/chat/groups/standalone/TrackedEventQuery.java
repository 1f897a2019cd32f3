package chat.groups.standalone;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * The query a tracking processor reads the next events with when its token has gaps.
 *
 * <p>Axon's default is {@code WHERE (gi > ? AND gi <= ?) OR gi IN (gaps) ORDER BY gi}. H2 cannot
 * use an index for an {@code OR} of two conditions, so it walks the whole table in
 * {@code gi} order and tests every row: each poll of each processor read every event ever
 * stored, and concurrent writers leave gaps nearly all the time. The two halves are disjoint
 * (every gap is below the token's index), so a {@code UNION ALL} of two indexed reads returns
 * the same rows in the same order while touching only them.
 */
final class TrackedEventQuery {

    private TrackedEventQuery() {
    }

    static PreparedStatement withGaps(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                      List<Long> gaps) throws SQLException {
        String index = schema.globalIndexColumn();
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable();
        String sql = "SELECT * FROM ("
                + select + " WHERE " + index + " > ? AND " + index + " <= ?"
                + " UNION ALL "
                + select + " WHERE " + index + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")"
                + ") ORDER BY " + index + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }
}
