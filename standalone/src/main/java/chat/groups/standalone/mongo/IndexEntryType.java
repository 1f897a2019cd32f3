package chat.groups.standalone.mongo;

import chat.groups.standalone.mongo.IndexEntry.Bound;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How an {@link H2SecondaryIndex} orders and stores its keys in the MVStore.
 *
 * <p>Order: field by field, each ascending or descending as the index declares it, compared
 * exactly as mongo-java-server sorts query results ({@link ValueComparator}, the comparator
 * behind {@code DocumentComparator}), so that walking the index yields documents in the order a
 * sort on those fields would; then by position, so that keys are unique.
 *
 * <p>Storage: the number of values, each value, the position. {@code null} and
 * {@link Missing} (a field the document does not have) get tags of their own; every other
 * value is written by H2's {@link ObjectDataType}, as the collection's documents themselves
 * are.
 */
final class IndexEntryType extends BasicDataType<IndexEntry> {

    private static final byte NULL = 0;
    private static final byte MISSING = 1;
    private static final byte VALUE = 2;

    private final boolean[] ascending;
    private final ObjectDataType objects = new ObjectDataType();

    IndexEntryType(boolean[] ascending) {
        this.ascending = ascending.clone();
    }

    @Override
    public int compare(IndexEntry a, IndexEntry b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareValues(a.value(i), b.value(i), i < ascending.length ? ascending[i] : true);
            if (c != 0) {
                return c;
            }
        }
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        return compareValues(a.position(), b.position(), true);
    }

    /** Whether two values are the same index value (as an ascending field compares them). */
    int compareElements(Object x, Object y) {
        return compareValues(x, y, true);
    }

    private static int compareValues(Object x, Object y, boolean ascending) {
        if (x instanceof Bound || y instanceof Bound) {
            return Integer.compare(rank(x), rank(y));
        }
        return (ascending ? ValueComparator.asc() : ValueComparator.desc()).compare(x, y);
    }

    private static int rank(Object value) {
        if (value == Bound.LOW) {
            return -1;
        }
        return value == Bound.HIGH ? 1 : 0;
    }

    @Override
    public int getMemory(IndexEntry entry) {
        int memory = 24 + 16 * (entry.size() + 1);
        for (int i = 0; i < entry.size(); i++) {
            memory += memory(entry.value(i));
        }
        return memory + memory(entry.position());
    }

    private int memory(Object value) {
        return value == null || value instanceof Missing || value instanceof Bound ? 0 : objects.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buffer, IndexEntry entry) {
        buffer.putVarInt(entry.size());
        for (int i = 0; i < entry.size(); i++) {
            writeValue(buffer, entry.value(i));
        }
        writeValue(buffer, entry.position());
    }

    private void writeValue(WriteBuffer buffer, Object value) {
        if (value == null) {
            buffer.put(NULL);
        } else if (value instanceof Missing) {
            buffer.put(MISSING);
        } else if (value instanceof Bound) {
            throw new IllegalStateException("A scan bound is not an index key: " + value);
        } else {
            buffer.put(VALUE);
            objects.write(buffer, value);
        }
    }

    @Override
    public IndexEntry read(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        Object[] values = new Object[size];
        for (int i = 0; i < size; i++) {
            values[i] = readValue(buffer);
        }
        return new IndexEntry(values, readValue(buffer));
    }

    private Object readValue(ByteBuffer buffer) {
        byte tag = buffer.get();
        switch (tag) {
            case NULL:
                return null;
            case MISSING:
                return Missing.getInstance();
            case VALUE:
                return objects.read(buffer);
            default:
                throw new IllegalStateException("Corrupt index key: unknown tag " + tag);
        }
    }

    @Override
    public IndexEntry[] createStorage(int size) {
        return new IndexEntry[size];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IndexEntryType type && java.util.Arrays.equals(ascending, type.ascending);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ascending);
    }
}
