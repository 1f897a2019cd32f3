package chat.groups.standalone.mongo;

import java.util.Arrays;

/**
 * One key of a {@link H2SecondaryIndex}: the values of the index's fields in one document,
 * then that document's position (its {@code _id}), which makes every key unique although
 * many documents share the same field values.
 *
 * <p>Bounds of a scan use the {@link Bound} sentinels in place of values; they sort below or
 * above every real value and are never stored.
 */
final class IndexEntry {

    /** Sentinels for scan bounds: {@code LOW} sorts before, {@code HIGH} after, every value. */
    enum Bound { LOW, HIGH }

    private final Object[] values;
    private final Object position;

    IndexEntry(Object[] values, Object position) {
        this.values = values;
        this.position = position;
    }

    int size() {
        return values.length;
    }

    Object value(int i) {
        return values[i];
    }

    Object position() {
        return position;
    }

    boolean isBound() {
        if (position instanceof Bound) {
            return true;
        }
        for (Object value : values) {
            if (value instanceof Bound) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return Arrays.toString(values) + "@" + position;
    }
}
