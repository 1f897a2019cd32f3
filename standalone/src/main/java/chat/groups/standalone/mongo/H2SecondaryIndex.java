package chat.groups.standalone.mongo;

import chat.groups.standalone.mongo.IndexEntry.Bound;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-unique (secondary) index of an H2-backed collection, kept in the same MVStore as the
 * documents: one map entry per document, keyed by the indexed fields' values in index order
 * and the document's position (see {@link IndexEntry}, {@link IndexEntryType}). Because it
 * lives in the same store and is written in the same collection operation as the document,
 * a store commit (a checkpoint) always captures documents and index entries together.
 *
 * <p>mongo-java-server's own query path cannot use it ({@link #canHandle} is {@code false});
 * {@link IndexedH2Collection} plans queries over it: an equality on a prefix of the fields,
 * an optional range on the next one, walked forwards or backwards to give a sort on the
 * following fields without sorting.
 *
 * <p>Array values are stored whole (one entry per document, never one per element). A
 * query's equality on an array field could match a document whose key holds the array, so
 * the index counts such "multikey" documents in a small side map and the planner does not
 * use the index while any exist.
 */
final class H2SecondaryIndex extends Index<Object> {

    private static final Logger log = LoggerFactory.getLogger(H2SecondaryIndex.class);
    private static final String MULTIKEY_DOCUMENTS = "multikeyDocuments";

    private final MVMap<IndexEntry, Boolean> entries;
    private final MVMap<String, Long> meta;
    private final String idField;
    private final IndexEntryType type;
    private final boolean[] ascending;

    H2SecondaryIndex(String name, List<IndexKey> keys, MVMap<IndexEntry, Boolean> entries, MVMap<String, Long> meta,
            String idField) {
        super(name, keys, false);
        this.entries = entries;
        this.meta = meta;
        this.idField = idField;
        this.ascending = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ascending[i] = keys.get(i).isAscending();
        }
        this.type = new IndexEntryType(ascending);
    }

    /** The key type of the entries map: every opening of the map must use it. */
    static IndexEntryType keyType(List<IndexKey> keys) {
        boolean[] ascending = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ascending[i] = keys.get(i).isAscending();
        }
        return new IndexEntryType(ascending);
    }

    boolean isAscending(int field) {
        return ascending[field];
    }

    /** Whether some document holds an array in an indexed field (then the planner leaves the index alone). */
    boolean hasMultikeyDocuments() {
        return meta.getOrDefault(MULTIKEY_DOCUMENTS, 0L) > 0;
    }

    // ------------------------------------------------------------ maintenance

    IndexEntry entryOf(Document document, Object position) {
        List<String> fields = keys();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = detached(Utils.getSubdocumentValueCollectionAware(document, fields.get(i)));
        }
        return new IndexEntry(values, position);
    }

    /** A copy of mutable values: the library updates stored documents in place, a key must not change under the map. */
    private static Object detached(Object value) {
        if (value instanceof Document document) {
            return document.cloneDeeply();
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            for (Object element : collection) {
                copy.add(detached(element));
            }
            return copy;
        }
        return value;
    }

    private static boolean isMultikey(IndexEntry entry) {
        for (int i = 0; i < entry.size(); i++) {
            if (entry.value(i) instanceof Collection) {
                return true;
            }
        }
        return false;
    }

    private Object positionOf(Document document) {
        return Utils.getSubdocumentValue(document, idField);
    }

    @Override
    public Object getPosition(Document document) {
        IndexEntry entry = entryOf(document, positionOf(document));
        return entries.containsKey(entry) ? entry.position() : null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: any document may be added
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        put(entryOf(document, position));
    }

    private void put(IndexEntry entry) {
        if (entries.put(entry, Boolean.TRUE) == null && isMultikey(entry)) {
            countMultikey(1);
        }
    }

    private boolean delete(IndexEntry entry) {
        boolean removed = entries.remove(entry) != null;
        if (removed && isMultikey(entry)) {
            countMultikey(-1);
        }
        return removed;
    }

    private void countMultikey(long delta) {
        meta.merge(MULTIKEY_DOCUMENTS, delta, Long::sum);
    }

    @Override
    public Object remove(Document document) {
        IndexEntry entry = entryOf(document, positionOf(document));
        return delete(entry) ? entry.position() : null;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: any change is allowed
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        IndexEntry before = entryOf(oldDocument, position);
        IndexEntry after = entryOf(newDocument, position);
        if (type.compare(before, after) == 0 && isMultikey(before) == isMultikey(after)) {
            return;
        }
        if (!delete(before)) {
            log.warn("Index {} had no entry {} for the document being updated; adding the new one", getName(), before);
        }
        put(after);
    }

    /** Empties the index (before it is rebuilt from the documents). */
    void clear() {
        entries.clear();
        meta.clear();
    }

    @Override
    public boolean canHandle(Document query) {
        return false; // planned by IndexedH2Collection, which knows the sort and the limit
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("planned by IndexedH2Collection");
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        log.debug("Dropping {}", this);
        // The owning database removes the maps from the store.
    }

    // ------------------------------------------------------------ scans

    /**
     * The positions of the entries whose first {@code prefix.size()} values equal {@code prefix}
     * and whose next value lies in {@code range} (if given), in index order or reversed.
     * Lazy: only the entries taken are read.
     */
    Iterator<Object> scan(List<Object> prefix, Interval range, boolean reverse) {
        int fields = keys().size();
        Object[] from = new Object[fields];
        Object[] to = new Object[fields];
        int k = prefix.size();
        for (int i = 0; i < k; i++) {
            from[i] = prefix.get(i);
            to[i] = prefix.get(i);
        }
        Bound fromRest = Bound.LOW;
        Bound toRest = Bound.HIGH;
        if (k < fields) {
            Interval.Limit low = null;
            Interval.Limit high = null;
            if (range != null) {
                low = ascending[k] ? range.lower() : range.upper();
                high = ascending[k] ? range.upper() : range.lower();
            }
            if (low == null) {
                from[k] = Bound.LOW;
            } else {
                from[k] = low.value();
                fromRest = low.inclusive() ? Bound.LOW : Bound.HIGH;
            }
            if (high == null) {
                to[k] = Bound.HIGH;
            } else {
                to[k] = high.value();
                toRest = high.inclusive() ? Bound.HIGH : Bound.LOW;
            }
            for (int i = k + 1; i < fields; i++) {
                from[i] = fromRest;
                to[i] = toRest;
            }
        }
        IndexEntry first = new IndexEntry(from, fromRest);
        IndexEntry last = new IndexEntry(to, toRest);
        if (type.compare(first, last) > 0) {
            return java.util.Collections.emptyIterator();
        }
        Cursor<IndexEntry, Boolean> cursor = reverse ? entries.cursor(last, first, true) : entries.cursor(first, last, false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Object next() {
                IndexEntry entry = cursor.next();
                if (entry == null) {
                    throw new NoSuchElementException();
                }
                return entry.position();
            }
        };
    }
}
