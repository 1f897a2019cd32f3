package chat.groups.standalone.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The keys of a unique index ({@link UniqueIndex}): each value in BSON, ordered as MongoDB orders
 * values. H2's default type would Java-serialize every key, and, since {@link KeyValue} is not
 * {@code Comparable}, serialize both keys again for every comparison of a B-tree search.
 */
final class KeyValueType extends BasicDataType<KeyValue> {

    static final KeyValueType INSTANCE = new KeyValueType();

    /** Stands for a missing field; BSON type 0 is the end of a document, never a value's type. */
    private static final byte MISSING = 0;
    private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();

    private KeyValueType() {
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int sizes = Integer.compare(a.size(), b.size());
        for (int i = 0; sizes == 0 && i < a.size(); i++) {
            int order = ORDER.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return sizes;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        ByteBuf bson = Unpooled.buffer(64);
        for (Object value : key) {
            if (value instanceof Missing) {
                bson.writeByte(MISSING);
            } else {
                byte type = BsonEncoder.determineType(value);
                bson.writeByte(type);
                BsonEncoder.encodeValue(type, value, bson);
            }
        }
        buffer.putVarInt(key.size()).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice());
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte type = bson.readByte();
            values.add(type == MISSING ? Missing.getInstance() : BsonDecoder.decodeValue(type, bson));
        }
        buffer.position(buffer.position() + bson.readerIndex());
        return new KeyValue(values);
    }

    @Override
    public int getMemory(KeyValue key) {
        return 64 + 48 * key.size();
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
