package chat.groups.common.crypto;

import chat.groups.common.testing.RawBytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.common.crypto.GroupKeyStore.Lookup;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One key per group, on disk; destroying one leaves only a tombstone. The slot file itself: {@link FileGroupKeyStoreTest}. */
class GroupKeyStoreTest {

    @TempDir
    Path directory;

    @Test
    void createsAKeyOnceAndFindsItAgainFromAnotherProcessesView() {
        SecretKey key = new FileGroupKeyStore(directory).create("group1AAAAAAAAAA");

        assertThat(key.getEncoded()).hasSize(32);
        assertThat(new FileGroupKeyStore(directory).create("group1AAAAAAAAAA").getEncoded()).isEqualTo(key.getEncoded());
        assertThat(new FileGroupKeyStore(directory).find("group1AAAAAAAAAA")).isEqualTo(new Lookup.Found(key));
        assertThat(new FileGroupKeyStore(directory).find("group2AAAAAAAAAA")).isInstanceOf(Lookup.Missing.class);
    }

    @Test
    void destroyingZeroesTheKeyAndLeavesATombstone() throws Exception {
        FileGroupKeyStore keys = new FileGroupKeyStore(directory);
        byte[] key = keys.create("group1AAAAAAAAAA").getEncoded();
        assertThat(RawBytes.occurrences(Files.readAllBytes(keys.file()), key)).isOne();

        keys.destroy("group1AAAAAAAAAA");
        keys.destroy("group1AAAAAAAAAA"); // again: nothing more to do

        assertThat(RawBytes.occurrences(Files.readAllBytes(keys.file()), key)).isZero();
        assertThat(keys.find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
        assertThat(new FileGroupKeyStore(directory).find("group1AAAAAAAAAA")).isInstanceOf(Lookup.Destroyed.class);
    }

    @Test
    void twoDestroyersRacingBothSucceed() throws Exception {
        for (int round = 0; round < 50; round++) {
            String groupId = "race" + String.format("%012d", round);
            new FileGroupKeyStore(directory).create(groupId);
            GroupKeyStore commandSide = new FileGroupKeyStore(directory);
            GroupKeyStore shredder = new FileGroupKeyStore(directory);
            java.util.concurrent.CompletableFuture<Void> first =
                    java.util.concurrent.CompletableFuture.runAsync(() -> commandSide.destroy(groupId));
            shredder.destroy(groupId);
            first.get();
            assertThat(commandSide.find(groupId)).isInstanceOf(Lookup.Destroyed.class);
        }
    }

    @Test
    void aDestroyedKeyIsNeverMadeAgain() {
        FileGroupKeyStore keys = new FileGroupKeyStore(directory);
        keys.create("group1AAAAAAAAAA");
        keys.destroy("group1AAAAAAAAAA");

        assertThatThrownBy(() -> keys.create("group1AAAAAAAAAA")).hasMessageContaining("was destroyed");
    }

    @Test
    void refusesNamesThatAreNotGroupIds() {
        assertThatThrownBy(() -> new FileGroupKeyStore(directory).find("../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
