package chat.groups.common.crypto;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * One AES-256 key per group (crypto-shredding): the personal content of a group's events is
 * sealed with it, and destroying it erases that content everywhere, backups of the event
 * store included. Standalone keeps the keys in one file of 128-byte slots ({@link FileGroupKeyStore}); the split
 * deployment in a MongoDB database of their own ({@link MongoGroupKeyStore}), which every
 * instance of both sides reaches without a shared filesystem.
 */
public interface GroupKeyStore {

    sealed interface Lookup {
        record Found(SecretKey key) implements Lookup {
        }

        /** The group was deleted: its content is gone for good. */
        record Destroyed() implements Lookup {
        }

        /** No key and no record of one: a misconfiguration (another key store than the command side's). */
        record Missing() implements Lookup {
        }
    }

    /** The group's key, or what became of it. May answer from a cache (see {@link #refresh}). */
    Lookup find(String groupId);

    /** The group's key, made now if it has none. A destroyed key is never made again. */
    SecretKey create(String groupId);

    /** Crypto-shreds the group. Durable when it returns, idempotent, and safe to race. */
    void destroy(String groupId);

    /**
     * Forgets any cached copy of the group's key, so the next {@link #find} asks the store:
     * what a client reads must reflect a destruction by any process at once.
     */
    void refresh(String groupId);

    /** Where the keys live, for messages. */
    String location();

    /** The cache of found keys every store keeps: keys never change, so the 10,000 used last are kept. */
    static Map<String, SecretKey> keyCache() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SecretKey> eldest) {
                return size() > 10_000;
            }
        });
    }

    /**
     * The key a lookup found, or null when the group has none yet (so one may be made); a
     * destroyed key is never made again. The one rule of {@link #create} for every store.
     */
    static SecretKey existing(String groupId, Lookup lookup) {
        if (lookup instanceof Lookup.Found found) {
            return found.key();
        }
        if (lookup instanceof Lookup.Destroyed) {
            throw new IllegalStateException("The key of group " + groupId + " was destroyed; it cannot be made again");
        }
        return null;
    }
}
