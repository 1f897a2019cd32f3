package chat.groups.common.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key per group, each in a file of its own under a directory that every side
 * reaches (standalone: {@code <data dir>/keys}; split on one host: a volume both sides mount). Destroying
 * a key overwrites its file with zeros, forces that to disk, deletes it, and leaves a
 * tombstone: from then on the group's sealed content cannot be read by anyone, and readers
 * can tell "destroyed" (read as erased) from "missing" (a misconfigured directory: an error).
 */
public class FileGroupKeyStore implements GroupKeyStore {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int KEY_BYTES = 32;

    private final Path directory;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> cache = GroupKeyStore.keyCache();

    public FileGroupKeyStore(Path directory) {
        this.directory = directory.toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the key directory " + this.directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String location() {
        return "the key directory " + directory + " (GROUPS_KEYS_DIR)";
    }

    @Override
    public void refresh(String groupId) {
        cache.remove(groupId);
    }

    @Override
    public Lookup find(String groupId) {
        SecretKey cached = cache.get(groupId);
        if (cached != null) {
            return new Lookup.Found(cached);
        }
        try {
            Path file = keyFile(groupId);
            if (Files.exists(file)) {
                SecretKey key = new SecretKeySpec(Files.readAllBytes(file), "AES");
                cache.put(groupId, key);
                return new Lookup.Found(key);
            }
            return Files.exists(tombstone(groupId)) ? new Lookup.Destroyed() : new Lookup.Missing();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key of group " + groupId, e);
        }
    }

    @Override
    public SecretKey create(String groupId) {
        SecretKey existing = GroupKeyStore.existing(groupId, find(groupId));
        if (existing != null) {
            return existing;
        }
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        Path file = keyFile(groupId);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), groupId, ".tmp");
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.deleteIfExists(temp);
                if (!Files.exists(file)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the key of group " + groupId, e);
        }
        return ((Lookup.Found) find(groupId)).key();
    }

    /** Crypto-shreds the group: its key is overwritten, forced to disk and removed. Idempotent. */
    @Override
    public void destroy(String groupId) {
        cache.remove(groupId);
        Path file = keyFile(groupId);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(tombstone(groupId))) {
                Files.write(tombstone(groupId), new byte[0]);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate((int) channel.size()));
                channel.force(true);
            } catch (NoSuchFileException alreadyGone) {
                // never made, or destroyed already (the command side and the KeyShredder may race here)
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot destroy the key of group " + groupId, e);
        }
        cache.remove(groupId);
    }

    private Path keyFile(String groupId) {
        return shard(groupId).resolve(groupId + ".key");
    }

    private Path tombstone(String groupId) {
        return shard(groupId).resolve(groupId + ".destroyed");
    }

    private Path shard(String groupId) {
        if (!SAFE_ID.matcher(groupId).matches()) {
            throw new IllegalArgumentException("Not a group id: " + groupId);
        }
        return directory.resolve(groupId.substring(0, Math.min(2, groupId.length())));
    }

    public Optional<Path> keyFileIfPresent(String groupId) {
        Path file = keyFile(groupId);
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }
}
