package chat.groups.query.webhooks;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The webhook endpoints, in the query side's MongoDB ({@value #COLLECTION}). They are
 * configuration, not history of the domain: see docs/webhooks.md for why they are not event-sourced.
 * Every read and write names the account, so no account ever sees or touches another's endpoint.
 */
public class WebhookEndpoints {

    public static final String COLLECTION = "webhook_endpoints";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FindOneAndUpdateOptions AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final MongoCollection<Document> endpoints;

    public WebhookEndpoints(MongoDatabase database) {
        this.endpoints = database.getCollection(COLLECTION);
    }

    public void ensureIndexes() {
        endpoints.createIndex(Indexes.compoundIndex(Indexes.ascending("account"), Indexes.descending("created_at"),
                Indexes.descending("_id")));
    }

    public static String newId() {
        return "we_" + random(16);
    }

    /** 32 random characters (about 190 bits) after {@code whsec_}. */
    public static String newSecret() {
        return "whsec_" + random(32);
    }

    public WebhookEndpoint create(String accountId, String url, String description, List<String> events, long nowMillis) {
        Document document = new Document("_id", newId())
                .append("account", accountId)
                .append("url", url)
                .append("description", description)
                .append("enabled_events", events)
                .append("status", "enabled")
                .append("secret", newSecret())
                .append("created_at", nowMillis);
        endpoints.insertOne(document);
        return WebhookEndpoint.of(document);
    }

    public long count(String accountId) {
        return endpoints.countDocuments(eq("account", accountId));
    }

    public Optional<WebhookEndpoint> find(String accountId, String id) {
        return Optional.ofNullable(endpoints.find(and(eq("_id", id), eq("account", accountId))).first())
                .map(WebhookEndpoint::of);
    }

    /** Whoever owns it: for the delivery worker. */
    public Optional<WebhookEndpoint> byId(String id) {
        return Optional.ofNullable(endpoints.find(eq("_id", id)).first()).map(WebhookEndpoint::of);
    }

    /**
     * The account's endpoints subscribed to {@code type} that existed when the event happened, enabled
     * or not: a disabled endpoint's deliveries wait (paused) until it is enabled again.
     */
    public List<WebhookEndpoint> subscribers(String accountId, WebhookEventType type, long eventMillis) {
        return of(List.of(accountId)).subscribers(accountId, type, eventMillis);
    }

    /** The endpoints of these accounts, with one query: for a batch of events of several accounts. */
    public Subscriptions of(Collection<String> accountIds) {
        Map<String, List<WebhookEndpoint>> byAccount = new HashMap<>();
        accountIds.forEach(accountId -> byAccount.put(accountId, new ArrayList<>(0)));
        // One account (most batches) as an equality: the embedded store's index planner reads equalities, not $in.
        endpoints.find(accountIds.size() == 1 ? eq("account", accountIds.iterator().next()) : in("account", accountIds))
                .forEach(document -> {
                    WebhookEndpoint endpoint = WebhookEndpoint.of(document);
                    byAccount.get(endpoint.accountId()).add(endpoint);
                });
        return new Subscriptions(byAccount);
    }

    /** The endpoints of some accounts, as read at one moment. */
    public record Subscriptions(Map<String, List<WebhookEndpoint>> byAccount) {

        public boolean covers(String accountId) {
            return byAccount.containsKey(accountId);
        }

        /** As {@link WebhookEndpoints#subscribers}, for an account this covers. */
        public List<WebhookEndpoint> subscribers(String accountId, WebhookEventType type, long eventMillis) {
            List<WebhookEndpoint> subscribers = new ArrayList<>(0);
            for (WebhookEndpoint endpoint : byAccount.get(accountId)) {
                if (endpoint.subscribesTo(type) && endpoint.createdAt() <= eventMillis) {
                    subscribers.add(endpoint);
                }
            }
            return subscribers;
        }
    }

    /** A page in list order (newest first, then id descending), after or before the cursor endpoint. */
    public Page list(String accountId, int limit, WebhookEndpoint startingAfter, WebhookEndpoint endingBefore) {
        KeysetPage keyset = KeysetPage.of(eq("account", accountId),
                startingAfter == null ? null : startingAfter.createdAt(), startingAfter == null ? null : startingAfter.id(),
                endingBefore == null ? null : endingBefore.createdAt(), endingBefore == null ? null : endingBefore.id());
        List<WebhookEndpoint> found = new ArrayList<>();
        endpoints.find(keyset.filter()).sort(keyset.order()).limit(limit + 1).forEach(d -> found.add(WebhookEndpoint.of(d)));
        boolean more = found.size() > limit;
        List<WebhookEndpoint> page = new ArrayList<>(found.subList(0, Math.min(limit, found.size())));
        if (endingBefore != null) {
            java.util.Collections.reverse(page);
        }
        return new Page(page, more);
    }

    public record Page(List<WebhookEndpoint> data, boolean hasMore) {
    }

    /** Applies the given changes ({@code null}: unchanged); empty if the account has no such endpoint. */
    public Optional<WebhookEndpoint> update(String accountId, String id, String url, Optional<String> description,
                                            List<String> events, Boolean disabled, long nowMillis) {
        List<Bson> changes = new ArrayList<>();
        if (url != null) {
            changes.add(set("url", url));
        }
        if (description != null) {
            changes.add(set("description", description.orElse(null)));
        }
        if (events != null) {
            changes.add(set("enabled_events", events));
        }
        if (Boolean.TRUE.equals(disabled)) {
            changes.add(set("status", "disabled"));
            changes.add(set("disabled_reason", WebhookEndpoint.REASON_REQUESTED));
            changes.add(set("disabled_at", nowMillis));
        } else if (Boolean.FALSE.equals(disabled)) {
            changes.add(set("status", "enabled"));
            changes.add(unset("disabled_reason"));
            changes.add(unset("disabled_at"));
            changes.add(unset("failing_since"));
        }
        Bson filter = and(eq("_id", id), eq("account", accountId));
        if (changes.isEmpty()) {
            return find(accountId, id);
        }
        return Optional.ofNullable(endpoints.findOneAndUpdate(filter, combine(changes), AFTER)).map(WebhookEndpoint::of);
    }

    /** A new secret; the old one keeps signing until {@code previousExpiresAt} (no longer if that is now). */
    public Optional<WebhookEndpoint> rollSecret(String accountId, String id, long previousExpiresAt) {
        WebhookEndpoint current = find(accountId, id).orElse(null);
        if (current == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(endpoints.findOneAndUpdate(and(eq("_id", id), eq("account", accountId)),
                combine(set("secret", newSecret()), set("previous_secret", current.secret()),
                        set("previous_secret_expires_at", previousExpiresAt)), AFTER)).map(WebhookEndpoint::of);
    }

    public boolean delete(String accountId, String id) {
        return endpoints.deleteOne(and(eq("_id", id), eq("account", accountId))).getDeletedCount() == 1;
    }

    public void recordSuccess(String id) {
        endpoints.updateOne(and(eq("_id", id), gt("failing_since", -1L)), unset("failing_since"));
    }

    /**
     * Notes a failed attempt; an endpoint failing without a success for {@code disableAfterMillis}
     * is disabled.
     *
     * @return true when this call disabled the endpoint
     */
    public boolean recordFailure(String id, long nowMillis, long disableAfterMillis) {
        endpoints.updateOne(and(eq("_id", id), eq("failing_since", null)), set("failing_since", nowMillis));
        return endpoints.updateOne(and(eq("_id", id), eq("status", "enabled"),
                        lte("failing_since", nowMillis - disableAfterMillis)),
                combine(set("status", "disabled"), set("disabled_reason", WebhookEndpoint.REASON_FAILING),
                        set("disabled_at", nowMillis))).getModifiedCount() == 1;
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }
}
