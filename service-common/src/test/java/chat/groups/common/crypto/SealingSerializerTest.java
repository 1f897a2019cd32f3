package chat.groups.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group events are stored with their personal content sealed by the group's key. */
class SealingSerializerTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    private static final GroupCreatedEvent CREATED_EVENT = new GroupCreatedEvent("grpAAAAAAAAAAAA1", "acme", "conv1",
            "Secret Society", "Members only", "https://a.example/s.jpg",
            List.of(new Contact(null, "Zorblax", "+15550001", null, "Zorb", null, null, null)), CREATED);

    @TempDir
    Path keyDirectory;

    private SealingSerializer serializer() {
        JacksonSerializer jackson = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();
        return new SealingSerializer(jackson, new FileGroupKeyStore(keyDirectory));
    }

    @Test
    void storesNoPersonalContentInTheClearButKeepsIdsAndTimes() {
        String stored = new String(serializer().serialize(CREATED_EVENT, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(stored).doesNotContain("Secret Society", "Members only", "a.example", "Zorblax", "Zorb", "+15550001");
        assertThat(stored).contains("\"groupId\":\"grpAAAAAAAAAAAA1\"", "\"accountId\":\"acme\"", "\"sealed\":");
    }

    @Test
    void readsBackExactlyWhatWasWritten() {
        SealingSerializer serializer = serializer();

        Object read = serializer.deserialize(serializer.serialize(CREATED_EVENT, byte[].class));

        assertThat(read).isEqualTo(CREATED_EVENT);
    }

    @Test
    void sealsTheMembersOfAddsAndRemovesAndReadsThemBackUntilTheKeyIsDestroyed() {
        Contact member = new Contact("cZorb00000000001", "Zorblax", "+15550001", null, "Zorb", null, 1L, 2L);
        GroupContactsAddedEvent added = new GroupContactsAddedEvent("grpAAAAAAAAAAAA1", List.of(member));
        GroupContactRemovedEvent removed = new GroupContactRemovedEvent("grpAAAAAAAAAAAA1", member);
        SealingSerializer serializer = serializer();

        SerializedObject<byte[]> storedAdd = serializer.serialize(added, byte[].class);
        SerializedObject<byte[]> storedRemove = serializer.serialize(removed, byte[].class);

        for (SerializedObject<byte[]> stored : List.of(storedAdd, storedRemove)) {
            assertThat(new String(stored.getData(), StandardCharsets.UTF_8))
                    .doesNotContain("Zorblax", "Zorb", "+15550001", "cZorb")
                    .contains("\"groupId\":\"grpAAAAAAAAAAAA1\"", "\"sealed\":");
        }
        assertThat(serializer.<byte[], Object>deserialize(storedAdd)).isEqualTo(added);
        assertThat(serializer.<byte[], Object>deserialize(storedRemove)).isEqualTo(removed);

        new FileGroupKeyStore(keyDirectory).destroy("grpAAAAAAAAAAAA1");
        assertThat(serializer().<byte[], Object>deserialize(storedAdd))
                .isEqualTo(new GroupContactsAddedEvent("grpAAAAAAAAAAAA1", null));
        assertThat(serializer().<byte[], Object>deserialize(storedRemove))
                .isEqualTo(new GroupContactRemovedEvent("grpAAAAAAAAAAAA1", null));
    }

    @Test
    void leavesEventsWithoutPersonalContentUnsealed() {
        GroupArchivedEvent archived = new GroupArchivedEvent("grpAAAAAAAAAAAA1", CREATED);
        SealingSerializer serializer = serializer();

        SerializedObject<String> stored = serializer.serialize(archived, String.class);

        assertThat(stored.getData()).doesNotContain("sealed");
        assertThat(serializer.<String, Object>deserialize(stored)).isEqualTo(archived);
    }

    @Test
    void afterTheKeyIsDestroyedTheContentReadsAsErased() {
        SealingSerializer serializer = serializer();
        SerializedObject<byte[]> created = serializer.serialize(CREATED_EVENT, byte[].class);
        SerializedObject<byte[]> renamed = serializer.serialize(new GroupRenamedEvent("grpAAAAAAAAAAAA1", "Renamed"), byte[].class);

        new FileGroupKeyStore(keyDirectory).destroy("grpAAAAAAAAAAAA1");

        assertThat((Object) serializer().deserialize(created)).isEqualTo(new GroupCreatedEvent("grpAAAAAAAAAAAA1", "acme",
                "conv1", null, null, null, null, CREATED));
        assertThat((Object) serializer().deserialize(renamed)).isEqualTo(new GroupRenamedEvent("grpAAAAAAAAAAAA1", null));
    }

    @Test
    void aMissingKeyIsAnErrorNotAnErasure() throws Exception {
        SerializedObject<byte[]> created = serializer().serialize(CREATED_EVENT, byte[].class);
        Files.delete(keyDirectory.resolve(FileGroupKeyStore.FILE_NAME)); // every key gone: a wrong directory

        assertThatThrownBy(() -> serializer().deserialize(created))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No key for group grpAAAAAAAAAAAA1")
                .hasMessageContaining("GROUPS_KEYS_DIR");
    }

    @Test
    void sealedContentMovedToAnotherGroupFailsAuthentication() {
        SealingSerializer serializer = serializer();
        String stored = new String(serializer.serialize(CREATED_EVENT, byte[].class).getData(), StandardCharsets.UTF_8);
        serializer.serialize(new GroupCreatedEvent("grpBBBBBBBBBBBB2", "acme", "conv2", "Other", null, null, List.of(),
                CREATED), byte[].class);
        String forged = stored.replace("grpAAAAAAAAAAAA1", "grpBBBBBBBBBBBB2");

        assertThatThrownBy(() -> serializer.deserialize(new SimpleSerializedObject<>(forged.getBytes(StandardCharsets.UTF_8),
                byte[].class, serializer.typeForClass(GroupCreatedEvent.class))))
                .hasMessageContaining("failed authentication");
    }

    @Test
    void everythingElseIsPlainJackson() {
        SealingSerializer serializer = serializer();
        MetaData metaData = MetaData.from(Map.of("request_id", "req_1"));

        SerializedObject<String> stored = serializer.serialize(metaData, String.class);

        assertThat(stored.getData()).contains("req_1");
        assertThat(serializer.<String, Object>deserialize(stored)).isEqualTo(metaData);
    }
}
