package chat.groups.query.webhooks;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The outbox of webhook deliveries ({@value #COLLECTION}), next to the dispatcher's tracking
 * token in the same MongoDB. The dispatcher adds to it; delivery workers, in any number of
 * processes, claim due deliveries atomically with a lease and record each attempt.
 */
public class WebhookOutbox {

    public static final String COLLECTION = "webhook_deliveries";
    private static final FindOneAndUpdateOptions AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final MongoCollection<Document> deliveries;

    public WebhookOutbox(MongoDatabase database) {
        this.deliveries = database.getCollection(COLLECTION);
    }

    public void ensureIndexes() {
        deliveries.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("next_attempt_at")));
        deliveries.createIndex(Indexes.compoundIndex(Indexes.ascending("endpoint_id"), Indexes.descending("created_at"),
                Indexes.descending("_id")));
    }

    /** The event's delivery to each endpoint, unless already there (in whatever state): idempotent. */
    public void enqueue(Collection<WebhookEndpoint> endpoints, String eventId, WebhookEventType type, String groupId,
                        long sequence, long createdAt, long deadline) {
        if (endpoints.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (WebhookEndpoint endpoint : endpoints) {
            String id = Delivery.idOf(endpoint.id(), eventId);
            writes.add(new UpdateOneModel<>(eq("_id", id), combine(
                    setOnInsert("endpoint_id", endpoint.id()),
                    setOnInsert("account", endpoint.accountId()),
                    setOnInsert("event_id", eventId),
                    setOnInsert("event_type", type.wireName()),
                    setOnInsert("group_id", groupId),
                    setOnInsert("sequence", sequence),
                    setOnInsert("created_at", createdAt),
                    setOnInsert("status", endpoint.enabled() ? Delivery.PENDING : Delivery.PAUSED),
                    setOnInsert("attempts", 0),
                    setOnInsert("next_attempt_at", 0L),
                    setOnInsert("lease_until", 0L),
                    setOnInsert("deadline", deadline)), new UpdateOptions().upsert(true)));
        }
        deliveries.bulkWrite(writes);
    }

    /**
     * Takes the most overdue pending delivery whose endpoint is not in {@code busyEndpoints}, for
     * {@code leaseMillis}: no other worker takes it until the lease runs out.
     */
    public Optional<Delivery> claim(long nowMillis, String owner, long leaseMillis, Collection<String> busyEndpoints) {
        Bson filter = and(eq("status", Delivery.PENDING), lte("next_attempt_at", nowMillis),
                lte("lease_until", nowMillis));
        if (!busyEndpoints.isEmpty()) {
            filter = and(filter, nin("endpoint_id", busyEndpoints));
        }
        return Optional.ofNullable(deliveries.findOneAndUpdate(filter,
                        combine(set("lease_until", nowMillis + leaseMillis), set("lease_owner", owner)),
                        new FindOneAndUpdateOptions().sort(Sorts.ascending("next_attempt_at")).returnDocument(ReturnDocument.AFTER)))
                .map(Delivery::of);
    }

    /** Gives back the leases of {@code owner} (a restarted process that reuses its name after a crash). */
    public void releaseLeases(String owner) {
        deliveries.updateMany(and(eq("status", Delivery.PENDING), eq("lease_owner", owner)), set("lease_until", 0L));
    }

    public void delivered(Delivery delivery, int statusCode, long nowMillis) {
        finish(delivery, combine(set("status", Delivery.DELIVERED), set("attempts", delivery.attempts() + 1),
                set("last_status_code", statusCode), set("last_error", null), set("last_attempt_at", nowMillis),
                set("lease_until", 0L)));
    }

    public void retryLater(Delivery delivery, Integer statusCode, String error, long nowMillis, long nextAttemptAt) {
        finish(delivery, combine(set("attempts", delivery.attempts() + 1), set("last_status_code", statusCode),
                set("last_error", error), set("last_attempt_at", nowMillis), set("next_attempt_at", nextAttemptAt),
                set("lease_until", 0L)));
    }

    public void failed(Delivery delivery, Integer statusCode, String error, long nowMillis) {
        finish(delivery, combine(set("status", Delivery.FAILED), set("attempts", delivery.attempts() + 1),
                set("last_status_code", statusCode), set("last_error", error), set("last_attempt_at", nowMillis),
                set("lease_until", 0L)));
    }

    /** The endpoint is disabled: the delivery waits, unattempted, until it is enabled again. */
    public void pause(Delivery delivery) {
        finish(delivery, combine(set("status", Delivery.PAUSED), set("lease_until", 0L)));
    }

    /** Dropped without an attempt (its endpoint was deleted). */
    public void drop(Delivery delivery) {
        deliveries.deleteOne(eq("_id", delivery.id()));
    }

    /** Only while it is still this worker's: a delivery whose lease ran out belongs to whoever took it next. */
    private void finish(Delivery delivery, Bson update) {
        deliveries.updateOne(and(eq("_id", delivery.id()), eq("status", Delivery.PENDING)), update);
    }

    public void pauseAll(String endpointId) {
        deliveries.updateMany(and(eq("endpoint_id", endpointId), eq("status", Delivery.PENDING)),
                combine(set("status", Delivery.PAUSED), set("lease_until", 0L)));
    }

    /** The paused deliveries of a re-enabled endpoint are due now, with a fresh retry window. */
    public void resumeAll(String endpointId, long nowMillis, long deadline) {
        deliveries.updateMany(and(eq("endpoint_id", endpointId), eq("status", Delivery.PAUSED)),
                combine(set("status", Delivery.PENDING), set("next_attempt_at", nowMillis), set("deadline", deadline)));
    }

    public void deleteAll(String endpointId) {
        deliveries.deleteMany(eq("endpoint_id", endpointId));
    }

    /**
     * Deliveries of events older than {@code beforeMillis} leave the outbox: delivered and failed
     * ones (the attempts log), and paused ones (an endpoint disabled for that long gets no older events).
     */
    public long purge(long beforeMillis) {
        return deliveries.deleteMany(and(or(eq("status", Delivery.DELIVERED), eq("status", Delivery.FAILED),
                eq("status", Delivery.PAUSED)), lt("created_at", beforeMillis))).getDeletedCount();
    }

    public Optional<Delivery> find(String endpointId, String eventId) {
        return Optional.ofNullable(deliveries.find(eq("_id", Delivery.idOf(endpointId, eventId))).first())
                .map(Delivery::of);
    }

    /** Sends it again as soon as a worker is free, with a fresh retry window; its attempts keep counting. */
    public Optional<Delivery> resend(String endpointId, String eventId, long nowMillis, long deadline) {
        return Optional.ofNullable(deliveries.findOneAndUpdate(eq("_id", Delivery.idOf(endpointId, eventId)),
                combine(set("status", Delivery.PENDING), set("next_attempt_at", nowMillis), set("deadline", deadline),
                        set("lease_until", 0L)), AFTER)).map(Delivery::of);
    }

    /** A page of the endpoint's attempts log, newest event first; {@code status} null for all. */
    public List<Delivery> list(String endpointId, String status, int limit, Delivery startingAfter, Delivery endingBefore) {
        Bson filter = eq("endpoint_id", endpointId);
        if (status != null) {
            filter = and(filter, eq("status", status));
        }
        KeysetPage page = KeysetPage.of(filter,
                startingAfter == null ? null : startingAfter.createdAt(), startingAfter == null ? null : startingAfter.id(),
                endingBefore == null ? null : endingBefore.createdAt(), endingBefore == null ? null : endingBefore.id());
        List<Delivery> found = new ArrayList<>();
        deliveries.find(page.filter()).sort(page.order()).limit(limit).forEach(d -> found.add(Delivery.of(d)));
        if (endingBefore != null) {
            java.util.Collections.reverse(found);
        }
        return found;
    }

    public long countPending() {
        return deliveries.countDocuments(eq("status", Delivery.PENDING));
    }
}
