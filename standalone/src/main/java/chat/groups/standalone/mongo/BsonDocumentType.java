package chat.groups.standalone.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How a collection's documents are stored in the embedded store: as BSON, with the same encoder
 * and decoder mongo-java-server uses on the wire, so a document reads back exactly as a client
 * would receive it.
 *
 * <p>The library's own H2 backend stores each document with H2's default type, which is Java
 * serialization: every commit ran {@code ObjectOutputStream} (class descriptors included) over
 * every document of every page it touched, about a third of the server's CPU under writes.
 *
 * <p>Stores written that way still open: a value starting with {@link #BSON} is BSON, anything
 * else is read as H2's default type wrote it (its first byte is always a type tag below
 * {@link #BSON}). Pages are rewritten in BSON as they change or are compacted; a store written
 * in BSON is not readable by versions before this type.
 */
public final class BsonDocumentType extends BasicDataType<Document> {

    public static final BsonDocumentType INSTANCE = new BsonDocumentType();

    /** The first byte of a BSON value; H2's {@code ObjectDataType} never starts a value with it. */
    static final byte BSON = 126;

    private final ObjectDataType legacy = new ObjectDataType();

    private BsonDocumentType() {
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf bson = Unpooled.buffer(512);
        BsonEncoder.encodeDocument(document, bson);
        buffer.put(BSON).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return (Document) legacy.read(buffer);
        }
        buffer.get();
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice());
        Document document = BsonDecoder.decodeBson(bson);
        buffer.position(buffer.position() + bson.readerIndex());
        return document;
    }

    /** Values are only ever compared for equality (by {@code MVMap.replace}), never ordered. */
    @Override
    public int compare(Document a, Document b) {
        if (a.equals(b)) {
            return 0;
        }
        return Arrays.compare(encode(a), encode(b));
    }

    /** An estimate of the heap a document takes, for the page size and the cache. */
    @Override
    public int getMemory(Document document) {
        return 48 + estimate(document);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    private static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int bytes = 48;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bytes += 32 + estimate(entry.getKey()) + estimate(entry.getValue());
            }
            return bytes;
        }
        if (value instanceof Collection<?> values) {
            int bytes = 32;
            for (Object element : values) {
                bytes += 8 + estimate(element);
            }
            return bytes;
        }
        if (value instanceof String string) {
            return 40 + string.length();
        }
        return 24;
    }

    private static byte[] encode(Document document) {
        ByteBuf bson = Unpooled.buffer();
        BsonEncoder.encodeDocument(document, bson);
        byte[] bytes = new byte[bson.readableBytes()];
        bson.readBytes(bytes);
        return bytes;
    }
}
