package chat.groups.common.crypto;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The per-group keys in a MongoDB collection, {@code group_keys}, of a database of their own
 * (not the projection's: the read model can be dropped and rebuilt, the keys never).
 * Every instance of both sides reaches it, on any host; no shared filesystem.
 * <p>
 * A document is {@code {_id: groupId, key: <32 bytes>}} while the group lives and
 * {@code {_id: groupId, destroyed_at: <date>}} after deletion: destroying removes the key
 * bytes in one majority-acknowledged, journaled update, so it is durable when it returns and
 * every instance that asks the database afterwards sees it. Keys are created with an insert
 * on {@code _id}, so two racing creators agree on one key, and a destroyed key is never made
 * again. Found keys are cached (they never change); {@link #refresh} drops a group's cached
 * key so that client-facing reads see a destruction made by another process at once.
 */
public class MongoGroupKeyStore implements GroupKeyStore, AutoCloseable {

    public static final String COLLECTION = "group_keys";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int KEY_BYTES = 32;

    private final MongoClient client;
    private final MongoCollection<Document> keys;
    private final String location;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> cache = GroupKeyStore.keyCache();

    /** The store in {@code database} of {@code client}, which it owns and closes. */
    public MongoGroupKeyStore(MongoClient client, String database) {
        this(client, client.getDatabase(database));
    }

    private MongoGroupKeyStore(MongoClient client, MongoDatabase database) {
        this.client = client;
        this.keys = database.getCollection(COLLECTION)
                .withWriteConcern(WriteConcern.MAJORITY.withJournal(true))
                .withReadConcern(ReadConcern.MAJORITY);
        this.location = "the MongoDB collection " + database.getName() + "." + COLLECTION + " (GROUPS_KEYS_MONGODB_URI)";
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Lookup find(String groupId) {
        SecretKey cached = cache.get(checked(groupId));
        if (cached != null) {
            return new Lookup.Found(cached);
        }
        Document document = keys.find(Filters.eq("_id", groupId)).first();
        if (document == null) {
            return new Lookup.Missing();
        }
        Binary bytes = document.get("key", Binary.class);
        if (bytes == null) {
            return new Lookup.Destroyed();
        }
        SecretKey key = new SecretKeySpec(bytes.getData(), "AES");
        cache.put(groupId, key);
        return new Lookup.Found(key);
    }

    @Override
    public SecretKey create(String groupId) {
        SecretKey existing = GroupKeyStore.existing(groupId, find(groupId));
        if (existing != null) {
            return existing;
        }
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        try {
            keys.insertOne(new Document("_id", groupId).append("key", new Binary(bytes)).append("created_at", new Date()));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // A concurrent creator won: its key is the group's key.
        }
        Lookup made = find(groupId);
        if (made instanceof Lookup.Found found) {
            return found.key();
        }
        throw new IllegalStateException("The key of group " + groupId + " was destroyed while it was being made");
    }

    @Override
    public void destroy(String groupId) {
        cache.remove(checked(groupId));
        // $min keeps the first destruction's time when several processes destroy the same key.
        keys.updateOne(Filters.eq("_id", groupId),
                Updates.combine(Updates.unset("key"), Updates.min("destroyed_at", new Date())),
                new UpdateOptions().upsert(true));
        cache.remove(groupId);
    }

    @Override
    public void refresh(String groupId) {
        cache.remove(groupId);
    }

    @Override
    public void close() {
        client.close();
    }

    private static String checked(String groupId) {
        if (!SAFE_ID.matcher(groupId).matches()) {
            throw new IllegalArgumentException("Not a group id: " + groupId);
        }
        return groupId;
    }
}
