package chat.groups.common.crypto;

import chat.groups.api.GroupEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The event serializer: group events are stored as JSON whose personal content (every field
 * but the ids and timestamps) is sealed with the group's own key, AES-256-GCM, authenticated
 * and bound to the group and the event type. Destroying the key (see {@link GroupKeyStore})
 * crypto-shreds the group: its events then read with that content absent, everywhere,
 * including in backups of the event store. Everything else is plain Jackson.
 *
 * <pre>{"groupId":"l7cG...","accountId":"acme","createdAt":"...","sealed":"AAAAAQ..."}</pre>
 */
public class SealingSerializer implements Serializer {

    /** Fields that stay readable: who owns the group and when things happened, never what it says. */
    static final Set<String> PLAIN_FIELDS = Set.of("groupId", "accountId", "conversationId", "createdAt", "archivedAt",
            "deletedAt");
    static final String SEALED = "sealed";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final JacksonSerializer delegate;
    private final ObjectMapper mapper;
    private final GroupKeyStore keys;
    private final SecureRandom random = new SecureRandom();

    public SealingSerializer(JacksonSerializer delegate, GroupKeyStore keys) {
        this.delegate = delegate;
        this.mapper = delegate.getObjectMapper();
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (!(object instanceof GroupEvent event)) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedType type = typeForClass(object.getClass());
        ObjectNode tree = mapper.valueToTree(object);
        ObjectNode secret = mapper.createObjectNode();
        for (String field : fieldNames(tree)) {
            if (!PLAIN_FIELDS.contains(field)) {
                secret.set(field, tree.remove(field));
            }
        }
        if (!secret.isEmpty()) {
            SecretKey key = keys.create(event.groupId());
            tree.put(SEALED, seal(key, bytes(secret), associatedData(event.groupId(), type)));
        }
        SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(bytes(tree), byte[].class, type);
        return getConverter().convert(serialized, expectedRepresentation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        if (!GroupEvent.class.isAssignableFrom(type)) {
            return delegate.deserialize(serializedObject);
        }
        try {
            ObjectNode tree = (ObjectNode) mapper.readTree(getConverter().convert(serializedObject, byte[].class).getData());
            JsonNode sealed = tree.remove(SEALED);
            if (sealed != null) {
                String groupId = tree.path("groupId").asText();
                GroupKeyStore.Lookup lookup = keys.find(groupId);
                if (lookup instanceof GroupKeyStore.Lookup.Found found) {
                    byte[] plain = open(found.key(), sealed.asText(), associatedData(groupId, serializedObject.getType()));
                    tree.setAll((ObjectNode) mapper.readTree(plain));
                } else if (lookup instanceof GroupKeyStore.Lookup.Missing) {
                    throw new IllegalStateException("No key for group " + groupId + " in " + keys.location()
                            + ": every side must use the key store the command side writes (GROUPS_KEYS_MONGODB_URI "
                            + "or GROUPS_KEYS_DIR).");
                }
                // Destroyed: the group was deleted; its personal content stays absent (reads as erased).
            }
            return (T) mapper.treeToValue(tree, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a " + type.getSimpleName(), e);
        }
    }

    private String seal(SecretKey key, byte[] plain, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] open(SecretKey key, String sealed, byte[] associatedData) {
        byte[] data = Base64.getDecoder().decode(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealed event content failed authentication: altered, or sealed for "
                    + "another group or event type", e);
        }
    }

    private static byte[] associatedData(String groupId, SerializedType type) {
        return (groupId + "|" + type.getName()).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytes(JsonNode tree) {
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(ObjectNode tree) {
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class<?> classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
