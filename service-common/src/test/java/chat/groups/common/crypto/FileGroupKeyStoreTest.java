package chat.groups.common.crypto;

import static chat.groups.common.testing.RawBytes.occurrences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.common.crypto.GroupKeyStore.Lookup;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slot file of {@link FileGroupKeyStore}: its layout, crashes, other processes, and the former layout. */
class FileGroupKeyStoreTest {

    private static final int HEADER = FileGroupKeyStore.HEADER_BYTES;
    private static final int RECORD = FileGroupKeyStore.RECORD_BYTES;

    @TempDir
    Path directory;

    private final List<FileGroupKeyStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(FileGroupKeyStore::close);
    }

    private FileGroupKeyStore open() {
        FileGroupKeyStore store = new FileGroupKeyStore(directory);
        opened.add(store);
        return store;
    }

    private Path slots() {
        return directory.resolve(FileGroupKeyStore.FILE_NAME);
    }

    @Test
    void keysAndTombstonesSurviveAReopenAndADestroyedKeyIsNeverMadeAgain() {
        FileGroupKeyStore keys = open();
        SecretKey one = keys.create("group1AAAAAAAAAA");
        SecretKey two = keys.create("group2AAAAAAAAAA");
        keys.destroy("group3AAAAAAAAAA"); // never made: destroyed all the same
        keys.destroy("group2AAAAAAAAAA");
        keys.close();
        opened.remove(keys);

        FileGroupKeyStore reopened = open();
        assertThat(reopened.find("group1AAAAAAAAAA")).isEqualTo(new Lookup.Found(one));
        assertThat(reopened.create("group1AAAAAAAAAA").getEncoded()).isEqualTo(one.getEncoded());
        assertThat(reopened.find("group2AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
        assertThat(reopened.find("group3AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
        assertThat(reopened.find("group4AAAAAAAAAA")).isInstanceOf(Lookup.Missing.class);
        assertThatThrownBy(() -> reopened.create("group2AAAAAAAAAA")).hasMessageContaining("was destroyed");
        assertThatThrownBy(() -> reopened.create("group3AAAAAAAAAA")).hasMessageContaining("was destroyed");
        assertThat(two.getEncoded()).isNotEqualTo(one.getEncoded());
    }

    @Test
    void twoStoresOnOneDirectorySeeEachOthersCreatesAndAfterRefreshDestroys() {
        FileGroupKeyStore commandSide = open();
        FileGroupKeyStore querySide = open();

        SecretKey made = commandSide.create("group1AAAAAAAAAA");
        assertThat(querySide.find("group1AAAAAAAAAA")).isEqualTo(new Lookup.Found(made));
        SecretKey other = querySide.create("group2AAAAAAAAAA");
        assertThat(commandSide.find("group2AAAAAAAAAA")).isEqualTo(new Lookup.Found(other));

        querySide.destroy("group1AAAAAAAAAA");
        assertThat(commandSide.find("group1AAAAAAAAAA")).isEqualTo(new Lookup.Found(made)); // cached
        commandSide.refresh("group1AAAAAAAAAA");
        assertThat(commandSide.find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
        assertThatThrownBy(() -> commandSide.create("group1AAAAAAAAAA")).hasMessageContaining("was destroyed");
    }

    @Test
    void storesRacingToCreateTheSameKeysAgreeAndWriteEachOnce() throws Exception {
        List<FileGroupKeyStore> stores = List.of(open(), open(), open());
        List<String> ids = IntStream.range(0, 300).mapToObj(i -> String.format("race%012d", i)).toList();

        List<CompletableFuture<Map<String, String>>> runs = stores.stream()
                .map(store -> CompletableFuture.supplyAsync(() -> {
                    Map<String, String> keys = new HashMap<>();
                    ids.forEach(id -> keys.put(id, HexFormat.of().formatHex(store.create(id).getEncoded())));
                    return keys;
                })).toList();

        Map<String, String> first = runs.get(0).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<Map<String, String>> run : runs) {
            assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(first);
        }
        assertThat(Files.size(slots())).isEqualTo(HEADER + (long) ids.size() * RECORD);
    }

    @Test
    void twoProcessesShareTheFile() throws Exception {
        List<String> shared = IntStream.range(0, 150).mapToObj(i -> String.format("shared%010d", i)).toList();
        List<String> own1 = IntStream.range(0, 100).mapToObj(i -> String.format("first%011d", i)).toList();
        List<String> own2 = IntStream.range(0, 100).mapToObj(i -> String.format("second%010d", i)).toList();
        FileGroupKeyStore here = open();
        here.create("early0000000000A");

        Process a = child("create", concat(own1, shared));
        Process b = child("create", concat(shared, own2));
        Map<String, String> fromA = keysPrinted(a);
        Map<String, String> fromB = keysPrinted(b);

        for (String id : shared) {
            assertThat(fromA.get(id)).as(id).isNotNull().isEqualTo(fromB.get(id));
            assertThat(HexFormat.of().formatHex(((Lookup.Found) here.find(id)).key().getEncoded())).isEqualTo(fromA.get(id));
        }
        assertThat(HexFormat.of().formatHex(((Lookup.Found) here.find(own2.get(7))).key().getEncoded()))
                .isEqualTo(fromB.get(own2.get(7)));
        assertThat(Files.size(slots())).isEqualTo(HEADER + (1L + shared.size() + own1.size() + own2.size()) * RECORD);

        keysPrinted(child("destroy", List.of(shared.get(3), "never00000000000")));
        here.refresh(shared.get(3));
        assertThat(here.find(shared.get(3))).isInstanceOf(Lookup.Destroyed.class);
        assertThat(here.find("never00000000000")).isInstanceOf(Lookup.Destroyed.class);
        assertThat(occurrences(Files.readAllBytes(slots()), HexFormat.of().parseHex(fromA.get(shared.get(3))))).isZero();
    }

    @Test
    void aTornLastRecordIsCutOffOnOpenAndCreatesGoOn() throws Exception {
        SecretKey kept = twoKeysMadeAndClosed();
        try (RandomAccessFile file = new RandomAccessFile(slots().toFile(), "rw")) {
            file.setLength(HEADER + RECORD + 50); // the second append, half written
        }

        FileGroupKeyStore reopened = reopenedWithOnlyTheFirstKey(kept);
        assertThat(reopened.find("group2AAAAAAAAAA")).isInstanceOf(Lookup.Missing.class);
        SecretKey again = reopened.create("group2AAAAAAAAAA");
        assertThat(Files.size(slots())).isEqualTo(HEADER + 2L * RECORD);
        assertThat(open().find("group2AAAAAAAAAA")).isEqualTo(new Lookup.Found(again));
    }

    @Test
    void aLastRecordWithAWrongChecksumIsCutOffOnOpen() throws Exception {
        SecretKey kept = twoKeysMadeAndClosed();
        flipByte(HEADER + RECORD + 70); // in the second key

        FileGroupKeyStore reopened = reopenedWithOnlyTheFirstKey(kept);
        assertThat(reopened.find("group2AAAAAAAAAA")).isInstanceOf(Lookup.Missing.class);
        reopened.create("group3AAAAAAAAAA");
        assertThat(Files.size(slots())).isEqualTo(HEADER + 2L * RECORD);
    }

    @Test
    void aCorruptRecordBeforeValidOnesIsSkippedNotCutOffNorReused() throws Exception {
        FileGroupKeyStore keys = open();
        keys.create("group1AAAAAAAAAA");
        SecretKey two = keys.create("group2AAAAAAAAAA");
        closeAll();
        opened.clear();
        flipByte(HEADER + 70);

        FileGroupKeyStore reopened = open();
        assertThat(Files.size(slots())).isEqualTo(HEADER + 2L * RECORD);
        assertThat(reopened.find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Missing.class);
        assertThat(reopened.find("group2AAAAAAAAAA")).isEqualTo(new Lookup.Found(two));
        reopened.create("group3AAAAAAAAAA");
        assertThat(Files.size(slots())).isEqualTo(HEADER + 3L * RECORD);
    }

    @Test
    void aDestroyedKeysBytesAreNowhereInTheFile() throws Exception {
        FileGroupKeyStore keys = open();
        List<byte[]> doomed = new ArrayList<>();
        List<byte[]> living = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] key = keys.create(String.format("group%011d", i)).getEncoded();
            (i % 2 == 0 ? doomed : living).add(key);
        }
        for (int i = 0; i < 40; i += 2) {
            keys.destroy(String.format("group%011d", i));
        }

        byte[] raw = Files.readAllBytes(slots());
        for (byte[] key : doomed) {
            assertThat(occurrences(raw, key)).isZero();
            assertThat(occurrences(raw, java.util.Arrays.copyOf(key, 8))).isZero(); // not even a part of it
        }
        for (byte[] key : living) {
            assertThat(occurrences(raw, key)).isOne();
        }
        assertThat(occurrences(raw, "group00000000000".getBytes(StandardCharsets.US_ASCII))).isOne(); // the tombstone
    }

    @Test
    void tenThousandKeysTakeOneHundredTwentyEightBytesEach() throws Exception {
        FileGroupKeyStore keys = open();
        for (int i = 0; i < 10_000; i++) {
            keys.create(String.format("g%015d", i));
        }

        assertThat(Files.size(slots())).isEqualTo(HEADER + 10_000L * RECORD).isLessThan(1_300_000);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(slots());
        }
        FileGroupKeyStore reopened = open();
        assertThat(reopened.find(String.format("g%015d", 9_999))).isEqualTo(keys.find(String.format("g%015d", 9_999)));
        assertThat(reopened.find(String.format("g%015d", 10_000))).isInstanceOf(Lookup.Missing.class);
    }

    @Test
    void theFormerFilePerKeyLayoutIsImportedAndItsFilesShredded() throws Exception {
        byte[] live = randomKey();
        byte[] halfDestroyed = randomKey(); // the former destroy died between its tombstone and zeroing the key
        byte[] neverMoved = randomKey();
        Path shard = Files.createDirectories(directory.resolve("gr"));
        Files.write(shard.resolve("grLiveAAAAAAAAAA.key"), live);
        Files.write(shard.resolve("grGoneAAAAAAAAAA.destroyed"), new byte[0]);
        Files.write(shard.resolve("grHalfAAAAAAAAAA.key"), halfDestroyed);
        Files.write(shard.resolve("grHalfAAAAAAAAAA.destroyed"), new byte[0]);
        Files.write(shard.resolve("grTempAAAAAAAAAA8812345.tmp"), neverMoved);

        FileGroupKeyStore keys = open();

        assertThat(keys.find("grLiveAAAAAAAAAA")).isEqualTo(new Lookup.Found(new javax.crypto.spec.SecretKeySpec(live, "AES")));
        assertThat(keys.find("grGoneAAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
        assertThat(keys.find("grHalfAAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
        assertThat(keys.find("grTempAAAAAAAAAA")).isInstanceOf(Lookup.Missing.class);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(slots());
        }
        byte[] raw = Files.readAllBytes(slots());
        assertThat(occurrences(raw, halfDestroyed)).isZero();
        assertThat(occurrences(raw, neverMoved)).isZero();
        assertThat(raw).hasSize(HEADER + 3 * RECORD);

        // an import a crash interrupted (old files still there) is completed, nothing twice
        closeAll();
        opened.clear();
        Files.createDirectories(shard);
        Files.write(shard.resolve("grLiveAAAAAAAAAA.key"), live);
        Files.write(shard.resolve("grGoneAAAAAAAAAA.destroyed"), new byte[0]);
        FileGroupKeyStore again = open();
        assertThat(Files.size(slots())).isEqualTo(HEADER + 3L * RECORD);
        assertThat(again.find("grLiveAAAAAAAAAA")).isEqualTo(new Lookup.Found(new javax.crypto.spec.SecretKeySpec(live, "AES")));
        assertThat(Files.exists(shard)).isFalse();
    }

    @Test
    void refusesAFileThatIsNotAKeyFile() throws Exception {
        Files.write(slots(), new byte[FileGroupKeyStore.HEADER_BYTES + 5]);

        assertThatThrownBy(() -> new FileGroupKeyStore(directory)).hasMessageContaining("is not a key file");
    }

    @Test
    void anInterruptedThreadDoesNotBreakTheStoreForOthers() throws Exception {
        FileGroupKeyStore keys = open();
        SecretKey made = keys.create("group1AAAAAAAAAA");
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread interrupted = new Thread(() -> {
            Thread.currentThread().interrupt();
            keys.refresh("group1AAAAAAAAAA");
            try {
                keys.find("group1AAAAAAAAAA"); // closes the channel under everyone
            } catch (RuntimeException expected) {
                failed.set(expected); // the interrupted caller fails
            }
        });
        interrupted.start();
        interrupted.join();

        assertThat(failed.get()).hasRootCauseInstanceOf(java.nio.channels.ClosedByInterruptException.class);

        keys.refresh("group1AAAAAAAAAA");
        assertThat(keys.find("group1AAAAAAAAAA")).isEqualTo(new Lookup.Found(made));
        assertThat(keys.create("group2AAAAAAAAAA")).isNotNull();
    }

    private void flipByte(long position) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(slots().toFile(), "rw")) {
            file.seek(position);
            int value = file.read();
            file.seek(position);
            file.write(value ^ 0x5A);
        }
    }

    private Process child(String command, List<String> ids) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> line = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                KeyStoreProcess.class.getName(), directory.toString(), command));
        line.addAll(ids);
        return new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Map<String, String> keysPrinted(Process process) throws Exception {
        Map<String, String> keys = new HashMap<>();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        output.lines().map(line -> line.split(" ")).forEach(parts -> keys.put(parts[0], parts[1]));
        return keys;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /** Two keys made ({@code group1…}, {@code group2…}) and every store closed; answers the first key. */
    private SecretKey twoKeysMadeAndClosed() throws Exception {
        FileGroupKeyStore keys = open();
        SecretKey first = keys.create("group1AAAAAAAAAA");
        keys.create("group2AAAAAAAAAA");
        closeAll();
        opened.clear();
        return first;
    }

    /** Reopens the store and checks that the second record was cut off and the first kept. */
    private FileGroupKeyStore reopenedWithOnlyTheFirstKey(SecretKey first) throws Exception {
        FileGroupKeyStore reopened = open();
        assertThat(Files.size(slots())).isEqualTo(HEADER + RECORD);
        assertThat(reopened.find("group1AAAAAAAAAA")).isEqualTo(new Lookup.Found(first));
        return reopened;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
