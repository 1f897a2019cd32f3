package chat.groups.query.rebuild;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import chat.groups.query.GroupStore;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Which version of the groups projection is live, and which one a rebuild is building: one
 * document in the {@code projection_versions} collection, next to the projection, changed
 * only by atomic conditional updates. It is the single source of truth of every query-side
 * process sharing the database.
 *
 * <pre>
 * { _id: "groups", live: 3, highest: 4,
 *   rebuild: { version: 4, started_at: ISODate } | null,
 *   last_rebuild: { version, outcome: "completed" | "cancelled", started_at, finished_at,
 *                   events_processed } | null }
 * </pre>
 * Version 1 lives in collection {@value GroupStore#COLLECTION}, version n in {@code groups_v<n>}.
 */
public class ProjectionVersions {

    public static final String COLLECTION = "projection_versions";
    static final String PROJECTION = "groups";

    private static final String LIVE = "live";
    private static final String HIGHEST = "highest";
    private static final String REBUILD = "rebuild";
    private static final String LAST_REBUILD = "last_rebuild";
    private static final String VERSION = "version";
    private static final String STARTED_AT = "started_at";

    private final MongoCollection<Document> versions;

    public ProjectionVersions(MongoDatabase database) {
        this.versions = database.getCollection(COLLECTION);
    }

    /** The collection of a version of the projection. */
    public static String collectionOf(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("Projection versions start at 1, got " + version);
        }
        return version == 1 ? GroupStore.COLLECTION : GroupStore.COLLECTION + "_v" + version;
    }

    /** The version a collection holds, if it is one of the projection's. */
    public static Optional<Integer> versionOf(String collection) {
        if (collection.equals(GroupStore.COLLECTION)) {
            return Optional.of(1);
        }
        String prefix = GroupStore.COLLECTION + "_v";
        if (collection.startsWith(prefix) && collection.substring(prefix.length()).matches("[1-9][0-9]{0,8}")) {
            return Optional.of(Integer.parseInt(collection.substring(prefix.length())));
        }
        return Optional.empty();
    }

    /** The current state; on a fresh database, version 1 is live. */
    public Pointer load() {
        Document current = versions.find(eq("_id", PROJECTION)).first();
        if (current != null) {
            return Pointer.of(current);
        }
        versions.updateOne(eq("_id", PROJECTION),
                Updates.combine(Updates.setOnInsert(LIVE, 1), Updates.setOnInsert(HIGHEST, 1)),
                new UpdateOptions().upsert(true));
        return Pointer.of(versions.find(eq("_id", PROJECTION)).first());
    }

    /**
     * Records the start of a rebuild into the next version, unless one is running.
     *
     * @return the new state, or empty when a rebuild is already running
     */
    public Optional<Pointer> beginRebuild(Instant startedAt) {
        Pointer current = load();
        if (current.rebuild() != null) {
            return Optional.empty();
        }
        int version = current.highest() + 1;
        Document updated = versions.findOneAndUpdate(
                and(eq("_id", PROJECTION), eq(REBUILD, null), eq(HIGHEST, current.highest())),
                Updates.combine(Updates.set(HIGHEST, version),
                        Updates.set(REBUILD, new Document(VERSION, version).append(STARTED_AT, Date.from(startedAt)))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(updated).map(Pointer::of);
    }

    /** Makes the rebuilt version live. @return whether that rebuild was still the running one */
    public boolean completeRebuild(int version, Instant finishedAt, long eventsProcessed) {
        return endRebuild(version, "completed", finishedAt, eventsProcessed, Updates.set(LIVE, version));
    }

    /** Forgets a running rebuild; the live version stays. @return whether that rebuild was running */
    public boolean cancelRebuild(int version, Instant finishedAt, long eventsProcessed) {
        return endRebuild(version, "cancelled", finishedAt, eventsProcessed, null);
    }

    private boolean endRebuild(int version, String outcome, Instant finishedAt, long eventsProcessed,
                               Bson alsoSet) {
        Pointer current = load();
        if (current.rebuild() == null || current.rebuild().version() != version) {
            return false;
        }
        Document last = new Document(VERSION, version).append("outcome", outcome)
                .append(STARTED_AT, Date.from(current.rebuild().startedAt()))
                .append("finished_at", Date.from(finishedAt))
                .append("events_processed", eventsProcessed);
        Bson update = Updates.combine(Updates.set(REBUILD, null), Updates.set(LAST_REBUILD, last));
        if (alsoSet != null) {
            update = Updates.combine(update, alsoSet);
        }
        return versions.updateOne(and(eq("_id", PROJECTION), eq(REBUILD + "." + VERSION, version)), update)
                .getModifiedCount() == 1;
    }

    /** The state of the projection's versions. */
    public record Pointer(int live, int highest, Rebuild rebuild, LastRebuild lastRebuild) {

        static Pointer of(Document document) {
            Document rebuild = document.get(REBUILD, Document.class);
            Document last = document.get(LAST_REBUILD, Document.class);
            return new Pointer(document.getInteger(LIVE), document.getInteger(HIGHEST),
                    rebuild == null ? null : new Rebuild(rebuild.getInteger(VERSION), rebuild.getDate(STARTED_AT).toInstant()),
                    last == null ? null : new LastRebuild(last.getInteger(VERSION), last.getString("outcome"),
                            last.getDate(STARTED_AT).toInstant(), last.getDate("finished_at").toInstant(),
                            ((Number) last.get("events_processed")).longValue()));
        }
    }

    /** A rebuild in progress, building {@code version}. */
    public record Rebuild(int version, Instant startedAt) {
    }

    /** How the last rebuild ended. */
    public record LastRebuild(int version, String outcome, Instant startedAt, Instant finishedAt, long eventsProcessed) {
    }
}
