package chat.groups.query.webhooks;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Sorts;
import org.bson.conversions.Bson;

/**
 * Cursor pages in list order, newest first ({@code created_at}, then {@code _id}, descending):
 * the documents after a cursor, or (read in ascending order) the ones before it.
 */
record KeysetPage(Bson filter, Bson order) {

    /** {@code filter} narrowed to the page after {@code after} or before {@code before} (at most one is given). */
    static KeysetPage of(Bson filter, Object afterCreatedAt, String afterId, Object beforeCreatedAt, String beforeId) {
        if (afterId != null) {
            return new KeysetPage(and(filter, or(lt("created_at", afterCreatedAt),
                    and(eq("created_at", afterCreatedAt), lt("_id", afterId)))), Sorts.descending("created_at", "_id"));
        }
        if (beforeId != null) {
            return new KeysetPage(and(filter, or(gt("created_at", beforeCreatedAt),
                    and(eq("created_at", beforeCreatedAt), gt("_id", beforeId)))), Sorts.ascending("created_at", "_id"));
        }
        return new KeysetPage(filter, Sorts.descending("created_at", "_id"));
    }
}
