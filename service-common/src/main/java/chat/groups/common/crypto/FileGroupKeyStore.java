package chat.groups.common.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-group AES-256 keys in ONE file of fixed-size slots, {@code <directory>/keys.slots}, under
 * a directory that every side reaches (standalone: {@code <data dir>/keys}; split on one host: a
 * volume both sides mount). 128 bytes per group on disk, where a file per key cost a 4 KB block
 * plus directory entries (about 10 KB per group) and a file create per new group.
 *
 * <h2>Layout</h2>
 * A 128-byte header (magic {@code GRPKEYS\n}, version, record size), then one 128-byte record per
 * group, at offset {@code 128 + n * 128}:
 * <pre>
 *   0      state: 1 = live, 2 = destroyed
 *   1      length of the group id (1..64)
 *   2..65  the group id, ASCII, zero-padded
 *   66..97 the key (all zeros once destroyed)
 *   98..123 zeros (reserved)
 *   124..127 CRC32 of bytes 0..123, big-endian
 * </pre>
 * Records are 128-aligned, so no record straddles a disk sector or page. A record never moves and
 * is never reused: destroying a key rewrites its record in place as a destroyed one (the tombstone
 * that tells "destroyed", which reads as erased, from "missing", a misconfigured directory).
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>{@link #create}: under the lock (below) the store reads what other processes appended, and
 * appends a record only if the group has none, so every process gets the same key, and a destroyed
 * key is never made again. It does not fsync, like the file-per-key store before it: a kill -9 loses
 * nothing (a {@code write} that returned is in the OS page cache, which outlives the process), and
 * the events that use a key are stored only after it is written: {@link SealingSerializer#serialize}
 * calls {@code create} before it produces the sealed bytes the event store appends. A power loss may
 * lose keys the OS had not written back yet (Linux: up to about 30 s), exactly as it could before;
 * an fsync per new group would serialise every group creation on a disk flush.</li>
 * <li>{@link #destroy}: the record's key bytes are overwritten with zeros and its state set to
 * destroyed in one 128-byte write, then {@code force(true)}: durable when it returns, idempotent,
 * safe to race with another process (the lock). A group never created gets a destroyed record.</li>
 * <li>{@link #find}: from the cache of found keys, else from the group's record on disk, read
 * afresh; a group not yet indexed makes the store read the records other processes appended since.
 * {@link #refresh} drops the cached key, so the next {@code find} reads the record again and sees a
 * destruction made by any process.</li>
 * </ul>
 *
 * <h2>Locking and crashes</h2>
 * Writers hold a JVM-wide lock per file (several stores in one JVM, as tests make, must not ask
 * the OS for overlapping locks) and an exclusive {@link FileLock} on the file (the command side
 * and the query side may be two processes sharing the directory). Readers take no lock: a record
 * is only trusted if its CRC matches. A record torn by a crash during an append (short, zeros, or a
 * wrong CRC) can only be the last ones: they are cut off when a writer next holds the lock (at
 * open, and before every append). Its key was never returned by {@code create}, so no stored event
 * uses it. A corrupt record followed by valid ones (no write of this store makes one) is logged
 * and skipped, never reused.
 *
 * <h2>Memory</h2>
 * The index from group id to record is an open-addressing table of {@code long}s (hash of the id,
 * record number): 16 to 32 bytes of heap per group; a lookup reads the candidate records from disk
 * (the page cache) to compare ids. Found keys are cached as by every store ({@link GroupKeyStore#keyCache}).
 *
 * <h2>The former layout</h2>
 * A directory of the former file-per-key store (two-character shard directories of {@code <id>.key}
 * and {@code <id>.destroyed} files) is imported when a store opens it: every key and tombstone
 * becomes a record, the slot file is forced to disk, then the old key files (and temporary files a
 * crash left) are overwritten with zeros, forced and deleted, and the tombstones and empty shard
 * directories removed. An import interrupted by a crash is completed by the next open (groups
 * already in the slot file are skipped). Stop every process of the old version before upgrading.
 */
public class FileGroupKeyStore implements GroupKeyStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileGroupKeyStore.class);

    static final String FILE_NAME = "keys.slots";
    static final int HEADER_BYTES = 128;
    static final int RECORD_BYTES = 128;
    static final int VERSION = 1;
    static final byte LIVE = 1;
    static final byte DESTROYED = 2;
    private static final byte[] MAGIC = "GRPKEYS\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int ID_BYTES = 64;
    private static final int KEY_BYTES = 32;
    private static final int ID_LENGTH_AT = 1;
    private static final int ID_AT = 2;
    private static final int KEY_AT = ID_AT + ID_BYTES;
    private static final int CRC_AT = RECORD_BYTES - 4;
    private static final int SCAN_CHUNK_RECORDS = 512;

    /** One lock per slot file in this JVM, held around the FileLock (see the class comment). */
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path file;
    private final ReentrantLock lock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> cache = GroupKeyStore.keyCache();
    /** Guards itself and {@link #scanned}. */
    private final SlotIndex index = new SlotIndex();
    /** The end of the records read into the index. */
    private long scanned = HEADER_BYTES;
    private volatile FileChannel channel;
    private volatile boolean closed;

    public FileGroupKeyStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.directory);
            Path slots = this.directory.resolve(FILE_NAME);
            boolean created = !Files.exists(slots);
            this.channel = open(slots);
            this.file = slots.toRealPath();
            if (created) {
                syncDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the key file in " + this.directory, e);
        }
        this.lock = JVM_LOCKS.computeIfAbsent(file, path -> new ReentrantLock());
        try {
            locked(() -> {
                writeOrCheckHeader();
                catchUpLocked();
                importFormerLayout();
                return null;
            }, "open the key file " + file);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    /** The slot file. */
    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return "the key directory " + directory + " (GROUPS_KEYS_DIR)";
    }

    /** Drops the cached key: {@link #find} reads the group's record from disk whenever nothing is cached. */
    @Override
    public void refresh(String groupId) {
        cache.remove(groupId);
    }

    @Override
    public Lookup find(String groupId) {
        checkId(groupId);
        SecretKey cached = cache.get(groupId);
        if (cached != null) {
            return new Lookup.Found(cached);
        }
        Slot slot = unlocked(() -> {
            synchronized (index) {
                Slot found = lookup(groupId);
                if (found == null) {
                    catchUp();
                    found = lookup(groupId);
                }
                return found;
            }
        }, "read the key of group " + groupId);
        if (slot == Slot.UNREADABLE) {
            // another process is rewriting this record (a destroy): read it again once it is done
            slot = locked(() -> lookupLocked(groupId), "read the key of group " + groupId);
        }
        return lookupOf(groupId, slot);
    }

    @Override
    public SecretKey create(String groupId) {
        SecretKey existing = GroupKeyStore.existing(groupId, find(groupId));
        if (existing != null) {
            return existing;
        }
        Slot slot = locked(() -> {
            catchUpLocked();
            Slot found = lookupLocked(groupId);
            if (found == null) {
                byte[] key = new byte[KEY_BYTES];
                random.nextBytes(key);
                append(record(LIVE, groupId, key));
                catchUpLocked();
                found = lookupLocked(groupId);
            }
            return found;
        }, "store the key of group " + groupId);
        SecretKey key = GroupKeyStore.existing(groupId, lookupOf(groupId, slot));
        if (key == null) {
            throw new IllegalStateException("The key of group " + groupId + " was written to " + file + " but cannot be read back");
        }
        return key;
    }

    /** Crypto-shreds the group: its record's key is overwritten with zeros and forced to disk. Idempotent. */
    @Override
    public void destroy(String groupId) {
        checkId(groupId);
        cache.remove(groupId);
        locked(() -> {
            catchUpLocked();
            Slot found = lookupLocked(groupId);
            if (found == null) {
                append(record(DESTROYED, groupId, new byte[KEY_BYTES]));
                catchUpLocked();
                channel.force(true);
            } else if (found.state() == LIVE) {
                write(record(DESTROYED, groupId, new byte[KEY_BYTES]), found.offset());
                channel.force(true);
            }
            return null;
        }, "destroy the key of group " + groupId);
        cache.remove(groupId);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private Lookup lookupOf(String groupId, Slot slot) {
        if (slot == null) {
            return new Lookup.Missing();
        }
        if (slot.state() == DESTROYED) {
            return new Lookup.Destroyed();
        }
        SecretKey key = new SecretKeySpec(slot.key(), "AES");
        cache.put(groupId, key);
        return new Lookup.Found(key);
    }

    // ---- locking and the channel ----

    private interface IoWork<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding this JVM's lock on the file and the OS lock; see {@link #unlocked} on retries. */
    private <T> T locked(IoWork<T> work, String what) {
        return unlocked(() -> {
            lock.lock();
            try (FileLock ignored = channel.lock()) {
                return work.run();
            } finally {
                lock.unlock();
            }
        }, what);
    }

    /**
     * Runs {@code work}, reopening the channel if it was closed under it: a FileChannel closes when a
     * thread using it is interrupted (Axon interrupts its processor threads when stopping them), which
     * must not break the store for every other thread. Every step is safe to repeat.
     */
    private <T> T unlocked(IoWork<T> work, String what) {
        for (int attempt = 1; ; attempt++) {
            FileChannel used = channel;
            try {
                return work.run();
            } catch (IOException e) {
                if (closed) {
                    throw new IllegalStateException("The key store on " + file + " is closed", e);
                }
                if (!used.isOpen()) {
                    reopen(used); // closed by an interrupted thread, maybe this one (also FileLockInterruptionException)
                }
                if (!(e instanceof ClosedChannelException) || Thread.currentThread().isInterrupted() || attempt == 3) {
                    throw new UncheckedIOException("Cannot " + what, e);
                }
            }
        }
    }

    private synchronized void reopen(FileChannel broken) {
        if (channel == broken && !closed) {
            try {
                channel = open(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot reopen the key file " + file, e);
            }
        }
    }

    private static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // best effort: the file's own data is forced whenever it matters
        }
    }

    // ---- reading and writing records ----

    private void writeOrCheckHeader() throws IOException {
        long size = channel.size();
        if (size < HEADER_BYTES) {
            // new, or a header torn by a crash before any record was appended
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.put(MAGIC).putInt(VERSION).putInt(RECORD_BYTES).flip();
            write(header, 0);
            channel.force(true);
            return;
        }
        ByteBuffer header = read(0, HEADER_BYTES);
        byte[] magic = new byte[MAGIC.length];
        header.get(magic);
        int version = header.getInt();
        int recordBytes = header.getInt();
        if (!Arrays.equals(magic, MAGIC) || version != VERSION || recordBytes != RECORD_BYTES) {
            throw new IllegalStateException(file + " is not a key file of this version (expected magic GRPKEYS, version "
                    + VERSION + ", " + RECORD_BYTES + "-byte records)");
        }
    }

    private void append(ByteBuffer record) throws IOException {
        long end;
        synchronized (index) {
            end = scanned; // under the lock, right after catchUpLocked: the end of the valid records
        }
        write(record, end);
    }

    private void write(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    static ByteBuffer record(byte state, String groupId, byte[] key) {
        byte[] id = groupId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        record.put(0, state).put(ID_LENGTH_AT, (byte) id.length).put(ID_AT, id).put(KEY_AT, key);
        CRC32 crc = new CRC32();
        crc.update(record.array(), 0, CRC_AT);
        record.putInt(CRC_AT, (int) crc.getValue());
        return record;
    }

    /** The record at {@code offset} in {@code buffer}, or null if it is not a valid one. */
    private static Slot parse(ByteBuffer buffer, int at, long offset) {
        if (buffer.limit() - at < RECORD_BYTES) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), at, CRC_AT);
        byte state = buffer.get(at);
        int idLength = buffer.get(at + ID_LENGTH_AT);
        if ((int) crc.getValue() != buffer.getInt(at + CRC_AT) || (state != LIVE && state != DESTROYED)
                || idLength < 1 || idLength > ID_BYTES) {
            return null;
        }
        String id = new String(buffer.array(), at + ID_AT, idLength, StandardCharsets.US_ASCII);
        if (!SAFE_ID.matcher(id).matches()) {
            return null;
        }
        byte[] key = Arrays.copyOfRange(buffer.array(), at + KEY_AT, at + KEY_AT + KEY_BYTES);
        return new Slot(offset, state, id, key);
    }

    private static void checkId(String groupId) {
        if (groupId == null || !SAFE_ID.matcher(groupId).matches()) {
            throw new IllegalArgumentException("Not a group id: " + groupId);
        }
    }

    // ---- the index ----

    /**
     * Indexes the valid records appended since the last scan, stopping at the first invalid one: it
     * may be an append in progress in another process. Holds the index's monitor.
     */
    private void catchUp() throws IOException {
        scan(false);
    }

    /** Under the lock: indexes everything, skips corrupt records followed by valid ones, cuts off a torn tail. */
    private void catchUpLocked() throws IOException {
        synchronized (index) {
            scan(true);
        }
    }

    private void scan(boolean locked) throws IOException {
        long size = channel.size();
        long position = scanned;
        long validEnd = scanned;
        List<Long> corrupt = new ArrayList<>();
        while (position < size) {
            int length = (int) Math.min((long) SCAN_CHUNK_RECORDS * RECORD_BYTES, size - position);
            ByteBuffer chunk = read(position, length);
            for (int at = 0; at < chunk.limit(); at += RECORD_BYTES) {
                long offset = position + at;
                Slot slot = parse(chunk, at, offset);
                if (slot == null) {
                    if (!locked) {
                        scanned = validEnd;
                        return;
                    }
                    corrupt.add(offset);
                    continue;
                }
                if (slot.offset() >= (long) Integer.MAX_VALUE * RECORD_BYTES) {
                    throw new IllegalStateException(file + " holds more records than this store can index");
                }
                for (Long skipped : corrupt) {
                    log.warn("Skipped a corrupt record at offset {} of the key file {}; its group (unknown) has no key", skipped, file);
                }
                corrupt.clear();
                if (slotOf(slot.id(), true) == null) {
                    index.add(slot.id().hashCode(), (int) ((offset - HEADER_BYTES) / RECORD_BYTES));
                } else {
                    log.warn("A second record for group {} at offset {} of the key file {}: the first one counts", slot.id(),
                            offset, file);
                }
                validEnd = offset + RECORD_BYTES;
            }
            position += chunk.limit();
            if (chunk.limit() < length) {
                break; // the file shrank under us
            }
        }
        if (locked && size > validEnd) {
            log.warn("Cut off {} bytes of an append torn by a crash at the end of the key file {}", size - validEnd, file);
            channel.truncate(validEnd);
            channel.force(true);
        }
        scanned = validEnd;
    }

    /**
     * The indexed record of the group as on disk now, or null; a candidate record that does not read
     * (being rewritten by another process, or damaged) answers {@link Slot#UNREADABLE} unless skipped.
     */
    private Slot slotOf(String groupId, boolean skipUnreadable) throws IOException {
        for (int number : index.candidates(groupId.hashCode())) {
            long offset = HEADER_BYTES + (long) number * RECORD_BYTES;
            Slot slot = parse(read(offset, RECORD_BYTES), 0, offset);
            if (slot == null) {
                if (skipUnreadable) {
                    continue;
                }
                return Slot.UNREADABLE;
            }
            if (slot.id().equals(groupId)) {
                return slot;
            }
        }
        return null;
    }

    /** The group's record as on disk now, null if it has none, {@link Slot#UNREADABLE} if it is being rewritten. */
    private Slot lookup(String groupId) throws IOException {
        return slotOf(groupId, false);
    }

    /** Under the lock no record is being rewritten: one that does not read is damaged. */
    private Slot lookupLocked(String groupId) throws IOException {
        synchronized (index) {
            Slot slot = slotOf(groupId, false);
            if (slot == Slot.UNREADABLE) {
                throw new IllegalStateException("A record of the key file " + file + " that group " + groupId
                        + " may use is corrupt (its checksum does not match)");
            }
            return slot;
        }
    }

    private record Slot(long offset, byte state, String id, byte[] key) {
        static final Slot UNREADABLE = new Slot(-1, (byte) 0, "", new byte[0]);
    }

    /** Record numbers by hash of the group id: open addressing, linear probing, never more than half full. */
    static final class SlotIndex {
        private static final int[] NONE = new int[0];
        private long[] table = new long[1024];
        private int size;

        void add(int hash, int number) {
            if ((size + 1) * 2L > table.length) {
                long[] old = table;
                table = new long[old.length * 2];
                for (long entry : old) {
                    if (entry != 0) {
                        put(table, (int) (entry >>> 32), entry);
                    }
                }
            }
            put(table, hash, ((long) hash << 32) | ((number + 1L) & 0xFFFFFFFFL));
            size++;
        }

        int[] candidates(int hash) {
            int mask = table.length - 1;
            int[] found = NONE;
            for (int i = spread(hash) & mask; table[i] != 0; i = (i + 1) & mask) {
                if ((int) (table[i] >>> 32) == hash) {
                    found = Arrays.copyOf(found, found.length + 1);
                    found[found.length - 1] = (int) table[i] - 1;
                }
            }
            return found;
        }

        private static void put(long[] table, int hash, long entry) {
            int mask = table.length - 1;
            int i = spread(hash) & mask;
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = entry;
        }

        private static int spread(int hash) {
            return (hash ^ (hash >>> 16)) * 0x9E3779B9;
        }
    }

    // ---- the former layout ----

    /** Under the lock, at open: see the class comment. */
    private void importFormerLayout() throws IOException {
        List<Path> shards = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().length() == 2 && Files.isDirectory(entry)) {
                    shards.add(entry);
                }
            }
        }
        Map<String, Path> keyFiles = new TreeMap<>();
        Map<String, Path> tombstones = new TreeMap<>();
        List<Path> leftovers = new ArrayList<>();
        for (Path shard : shards) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (name.endsWith(".key") && SAFE_ID.matcher(name.substring(0, name.length() - 4)).matches()) {
                        keyFiles.put(name.substring(0, name.length() - 4), entry);
                    } else if (name.endsWith(".destroyed") && SAFE_ID.matcher(name.substring(0, name.length() - 10)).matches()) {
                        tombstones.put(name.substring(0, name.length() - 10), entry);
                    } else if (name.endsWith(".tmp")) {
                        leftovers.add(entry); // a key the former store never moved into place: never used
                    }
                }
            }
        }
        if (keyFiles.isEmpty() && tombstones.isEmpty() && leftovers.isEmpty()) {
            return;
        }
        TreeSet<String> ids = new TreeSet<>(keyFiles.keySet());
        ids.addAll(tombstones.keySet());
        int live = 0;
        int destroyed = 0;
        for (String id : ids) {
            Slot slot = lookupLocked(id);
            if (tombstones.containsKey(id)) {
                // the former destroy wrote the tombstone first: with one, the key counts as destroyed
                if (slot == null) {
                    append(record(DESTROYED, id, new byte[KEY_BYTES]));
                    catchUpLocked();
                } else if (slot.state() == LIVE) {
                    write(record(DESTROYED, id, new byte[KEY_BYTES]), slot.offset());
                }
                destroyed++;
            } else {
                byte[] key = Files.readAllBytes(keyFiles.get(id));
                if (key.length != KEY_BYTES) {
                    throw new IllegalStateException("The former key file " + keyFiles.get(id) + " holds " + key.length
                            + " bytes, not a " + KEY_BYTES + "-byte key: left in place, nothing imported after it");
                }
                if (slot == null) {
                    append(record(LIVE, id, key));
                    catchUpLocked();
                }
                live++;
            }
        }
        channel.force(true);
        for (Path keyFile : keyFiles.values()) {
            shred(keyFile);
        }
        for (Path leftover : leftovers) {
            shred(leftover);
        }
        for (Path tombstone : tombstones.values()) {
            Files.deleteIfExists(tombstone);
        }
        for (Path shard : shards) {
            try {
                Files.deleteIfExists(shard);
            } catch (DirectoryNotEmptyException keptForWhatElseItHolds) {
                // not ours to remove
            }
        }
        log.info("Imported {} keys and {} destroyed keys from the former file-per-key layout into {}", live, destroyed, file);
    }

    private static void shred(Path oldFile) throws IOException {
        try (FileChannel old = FileChannel.open(oldFile, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) old.size());
            while (zeros.hasRemaining()) {
                old.write(zeros, zeros.position());
            }
            old.force(true);
        } catch (NoSuchFileException alreadyGone) {
            return;
        }
        Files.deleteIfExists(oldFile);
    }
}
