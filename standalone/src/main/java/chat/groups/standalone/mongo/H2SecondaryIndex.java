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
 * <p>Arrays are multikey, as in MongoDB: a document whose field holds a non-empty array has one
 * entry per distinct element, so an equality on an element finds it exactly once. The index
 * counts such documents per field, and the extra entries they make, in a small side map: the
 * planner uses the index only with an equality on every field that holds arrays (a walk over
 * such a field would meet a document once per element), and the count of documents stays
 * known ({@link #documentCount}). An empty array is one entry with a null in its place (no
 * element can match it). A document with arrays in two indexed fields (which MongoDB refuses to index) gets
 * one entry holding them whole and is counted apart; the planner leaves the index alone while
 * any exists.
 */
final class H2SecondaryIndex extends Index<Object> {

    private static final Logger log = LoggerFactory.getLogger(H2SecondaryIndex.class);
    private static final String MULTIKEY_DOCUMENTS = "multikeyDocuments";
    private static final String EXTRA_ENTRIES = "extraEntries";
    private static final String EXPLODED_DOCUMENTS = "explodedDocuments.";

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

    /** Whether some document holds arrays in two indexed fields (then the planner leaves the index alone). */
    boolean hasMultikeyDocuments() {
        return meta.getOrDefault(MULTIKEY_DOCUMENTS, 0L) > 0;
    }

    /** Whether some document has one entry per element of an array in indexed field {@code field}. */
    boolean hasArraysIn(int field) {
        return meta.getOrDefault(EXPLODED_DOCUMENTS + field, 0L) > 0;
    }

    /** How many documents the index holds (entries less the extra ones of arrays). */
    long documentCount() {
        return getCount() - meta.getOrDefault(EXTRA_ENTRIES, 0L);
    }

    // ------------------------------------------------------------ maintenance

    /** The entries of one document, and how it is counted. {@code arrayField} is -1 when none is exploded. */
    private record Keys(List<IndexEntry> entries, int arrayField, boolean wholeArrays) {
    }

    Keys keysOf(Document document, Object position) {
        List<String> fields = keys();
        Object[] values = new Object[fields.size()];
        int arrayField = -1;
        int arrays = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = detached(Utils.getSubdocumentValueCollectionAware(document, fields.get(i)));
            if (values[i] instanceof Collection<?> collection) {
                if (collection.isEmpty()) {
                    // As MongoDB does, an empty array is indexed as a non-value (here null): no element
                    // can equal it, and the library's comparator does not order empty lists consistently.
                    values[i] = null;
                } else {
                    arrays++;
                    arrayField = i;
                }
            }
        }
        if (arrays == 0) {
            return new Keys(List.of(new IndexEntry(values, position)), -1, false);
        }
        if (arrays > 1) {
            return new Keys(List.of(new IndexEntry(values, position)), -1, true);
        }
        List<IndexEntry> entries = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (Object element : (Collection<?>) values[arrayField]) {
            boolean repeated = false;
            for (Object earlier : seen) {
                if (type.compareElements(earlier, element) == 0) {
                    repeated = true;
                    break;
                }
            }
            if (!repeated) {
                seen.add(element);
                Object[] elementValues = values.clone();
                elementValues[arrayField] = element;
                entries.add(new IndexEntry(elementValues, position));
            }
        }
        return new Keys(entries, arrayField, false);
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

    private Object positionOf(Document document) {
        return Utils.getSubdocumentValue(document, idField);
    }

    @Override
    public Object getPosition(Document document) {
        IndexEntry entry = keysOf(document, positionOf(document)).entries().get(0);
        return entries.containsKey(entry) ? entry.position() : null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: any document may be added
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        put(keysOf(document, position));
    }

    private void put(Keys keys) {
        boolean added = false;
        for (IndexEntry entry : keys.entries()) {
            added |= entries.put(entry, Boolean.TRUE) == null;
        }
        if (added) {
            count(keys, 1);
        }
    }

    private boolean delete(Keys keys) {
        boolean removed = false;
        for (IndexEntry entry : keys.entries()) {
            removed |= entries.remove(entry) != null;
        }
        if (removed) {
            count(keys, -1);
        }
        return removed;
    }

    private void count(Keys keys, long sign) {
        if (keys.wholeArrays()) {
            meta.merge(MULTIKEY_DOCUMENTS, sign, Long::sum);
        }
        if (keys.arrayField() >= 0) {
            meta.merge(EXPLODED_DOCUMENTS + keys.arrayField(), sign, Long::sum);
        }
        if (keys.entries().size() > 1) {
            meta.merge(EXTRA_ENTRIES, sign * (keys.entries().size() - 1), Long::sum);
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = positionOf(document);
        return delete(keysOf(document, position)) ? position : null;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: any change is allowed
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        Keys before = keysOf(oldDocument, position);
        Keys after = keysOf(newDocument, position);
        if (same(before, after)) {
            return;
        }
        // Only the entries that differ change: a member joining a group of 250 moves one entry, not 500.
        java.util.TreeSet<IndexEntry> kept = new java.util.TreeSet<>(type::compare);
        kept.addAll(after.entries());
        boolean found = false;
        for (IndexEntry entry : before.entries()) {
            if (kept.remove(entry)) {
                found |= entries.containsKey(entry);
            } else {
                found |= entries.remove(entry) != null;
            }
        }
        if (!found) {
            log.warn("Index {} had no entry {} for the document being updated; adding the new one", getName(),
                    before.entries().get(0));
        }
        for (IndexEntry entry : kept) {
            entries.put(entry, Boolean.TRUE);
        }
        count(before, -1);
        count(after, 1);
    }

    private boolean same(Keys a, Keys b) {
        if (a.entries().size() != b.entries().size() || a.arrayField() != b.arrayField()
                || a.wholeArrays() != b.wholeArrays()) {
            return false;
        }
        for (int i = 0; i < a.entries().size(); i++) {
            if (type.compare(a.entries().get(i), b.entries().get(i)) != 0) {
                return false;
            }
        }
        return true;
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
