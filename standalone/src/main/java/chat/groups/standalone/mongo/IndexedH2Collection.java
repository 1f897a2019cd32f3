package chat.groups.standalone.mongo;

import chat.groups.standalone.mongo.QueryShape.SortKey;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An H2-backed collection whose queries use its indexes instead of reading every document.
 *
 * <p>mongo-java-server's own planner uses an index only when the filter names exactly the
 * index's fields, each with a plain value, and then still sorts; so a filter like
 * {@code {$and: [{_id: x}, {accountId: a}]}} (what the driver sends for {@code and(eq, eq)})
 * reads the whole collection, and it has no secondary indexes at all. This collection plans
 * first, in this order:
 * <ol>
 * <li>an equality on {@code _id} anywhere in the filter's conjunction: read that one document
 * through the unique {@code _id} index;</li>
 * <li>an equality on a leading prefix of a {@link H2SecondaryIndex}'s fields: walk that
 * prefix, from the start of the range the filter gives the next field, in the index's order
 * or reversed when that is the requested sort, and stop once skip + limit documents have
 * matched. An index whose order does not give the sort is still used to read only the
 * prefix's documents, which are then sorted;</li>
 * <li>otherwise the library's own path (its index use, or a scan of every document).</li>
 * </ol>
 * Whatever the plan, every document read is matched against the whole filter by the library's
 * matcher, so a plan only decides which documents are read, never which ones match.
 *
 * <p>It counts what it reads ({@link #statistics()}), which the tests use to show that a page
 * of a list costs a page of documents.
 */
public class IndexedH2Collection extends H2Collection {

    private static final Logger log = LoggerFactory.getLogger(IndexedH2Collection.class);

    private final MVMap<Object, Document> documents;
    private final LongAdder documentsRead = new LongAdder();
    private final LongAdder idLookups = new LongAdder();
    private final LongAdder indexScans = new LongAdder();
    private final LongAdder collectionScans = new LongAdder();

    /** What a collection has read since it was opened. */
    public record Statistics(long documentsRead, long idLookups, long indexScans, long collectionScans) {

        /** The reads between {@code earlier} and this. */
        public Statistics minus(Statistics earlier) {
            return new Statistics(documentsRead - earlier.documentsRead, idLookups - earlier.idLookups,
                    indexScans - earlier.indexScans, collectionScans - earlier.collectionScans);
        }
    }

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, documents, meta, cursorRegistry);
        this.documents = documents;
    }

    public Statistics statistics() {
        return new Statistics(documentsRead.sum(), idLookups.sum(), indexScans.sum(), collectionScans.sum());
    }

    // ---------------------------------------------------------------- indexes

    @Override
    public synchronized void addIndex(Index<Object> index) {
        boolean known = getIndexes().stream().anyMatch(existing -> existing.getName().equals(index.getName()));
        if (!known && index instanceof H2SecondaryIndex secondary) {
            if (!secondary.isEmpty() && secondary.documentCount() != count()) {
                // Every document in the index is the invariant; a stored index that breaks it was not
                // kept up to date (say, the file was written by a server without this backend).
                log.warn("Index {} of {} holds {} documents of {}; rebuilding it",
                        index.getName(), getFullName(), secondary.documentCount(), count());
                secondary.clear();
            }
            if (secondary.isEmpty() && !isEmpty()) {
                log.info("Building index {} of {} from its {} documents", index.getName(), getFullName(), count());
            }
        }
        super.addIndex(index);
    }

    // ---------------------------------------------------------------- reads

    /**
     * A copy of the stored document, never the stored object itself: mongo-java-server updates the
     * document a query found in place, field by field, while another connection may be encoding
     * that same object for the wire, so a reader could see half an update (a group's new version
     * with its old name; read-your-writes then answered a write with the state before it). With
     * copies, an update changes a copy that then replaces the stored document, and every reader
     * encodes a document of its own. See ReadDuringUpdateTest.
     */
    @Override
    protected Document getDocument(Object position) {
        documentsRead.increment();
        Document stored = super.getDocument(position);
        return stored == null ? null : stored.cloneDeeply();
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        collectionScans.increment();
        if (isNaturalDescending(orderBy)) {
            documentsRead.add(count());
            return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        Stream<Document> all = documents.values().stream().peek(document -> documentsRead.increment())
                .map(Document::cloneDeeply); // a reader's own copy, see getDocument
        return matchDocumentsFromStream(all, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        QueryResult planned = plan(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        if (planned != null) {
            return planned;
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private QueryResult plan(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        List<SortKey> sort = QueryShape.sortKeys(orderBy);
        List<Document> conjuncts = QueryShape.conjuncts(query);
        if (sort == null || conjuncts == null) {
            return null;
        }
        Map<String, Object> equalities = QueryShape.equalities(conjuncts);
        if (equalities.isEmpty()) {
            return null;
        }

        String idField = getIdField();
        if (idField != null && equalities.containsKey(idField)) {
            Index<Object> idIndex = idIndex(idField);
            if (idIndex != null) {
                idLookups.increment();
                Object id = equalities.get(idField);
                // A document's position is its _id as stored; the unique index maps normalized
                // _ids (numbers of any type) to it. Strings and ObjectIds are their own normal form.
                Object position = id instanceof String || id instanceof ObjectId
                        ? id
                        : idIndex.getPosition(new Document(idField, id));
                Stream<Document> candidates = position == null
                        ? Stream.empty()
                        : Stream.of(position).map(this::getDocument).filter(Objects::nonNull);
                return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
        }

        IndexScan scan = bestScan(equalities, sort);
        if (scan == null) {
            return null;
        }
        indexScans.increment();
        Interval range = scan.prefix.size() < scan.fields.size()
                ? QueryShape.interval(conjuncts, scan.fields.get(scan.prefix.size()))
                : null;
        Stream<Document> candidates = stream(scan.index.scan(scan.prefix, range, scan.reverse))
                .map(this::getDocument)
                .filter(Objects::nonNull);
        if (scan.ordered) {
            // In sort order already: the stream stays lazy and stops after skip + limit matches.
            return matchDocumentsFromStream(query, candidates, numberToSkip, limit, batchSize, null, fieldSelector);
        }
        return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private Index<Object> idIndex(String idField) {
        for (Index<Object> index : getIndexes()) {
            List<IndexKey> keys = index.getKeys();
            if (index.isUnique() && keys.size() == 1 && keys.get(0).getKey().equals(idField)) {
                return index;
            }
        }
        return null;
    }

    /** How to read a query's documents through one secondary index. */
    private record IndexScan(H2SecondaryIndex index, List<String> fields, List<Object> prefix, boolean reverse,
            boolean ordered) {
    }

    /**
     * The index that reads the fewest documents: one that gives the sort beats one that does not,
     * then the longer equality prefix wins.
     */
    private IndexScan bestScan(Map<String, Object> equalities, List<SortKey> sort) {
        IndexScan best = null;
        for (Index<Object> index : getIndexes()) {
            if (!(index instanceof H2SecondaryIndex secondary) || secondary.hasMultikeyDocuments()) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            for (IndexKey key : secondary.getKeys()) {
                fields.add(key.getKey());
            }
            List<Object> prefix = new ArrayList<>();
            while (prefix.size() < fields.size() && equalities.containsKey(fields.get(prefix.size()))) {
                prefix.add(equalities.get(fields.get(prefix.size())));
            }
            if (prefix.isEmpty() || walksArrays(secondary, fields.size(), prefix.size())) {
                continue;
            }
            Boolean reverse = direction(secondary, fields, prefix.size(), sort);
            IndexScan scan = new IndexScan(secondary, fields, prefix, reverse != null && reverse, reverse != null);
            if (best == null || better(scan, best)) {
                best = scan;
            }
        }
        return best;
    }

    /** Whether a walk after an equality prefix of length {@code k} would meet arrays' elements (a document many times). */
    private static boolean walksArrays(H2SecondaryIndex index, int fields, int k) {
        for (int i = k; i < fields; i++) {
            if (index.hasArraysIn(i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean better(IndexScan a, IndexScan b) {
        if (a.ordered != b.ordered) {
            return a.ordered;
        }
        return a.prefix.size() > b.prefix.size();
    }

    /**
     * Whether walking the index after an equality prefix of length {@code k} yields the sort:
     * {@code FALSE} forwards, {@code TRUE} backwards, {@code null} neither. Sort keys on the
     * prefix's fields are constant there and ignored.
     */
    private static Boolean direction(H2SecondaryIndex index, List<String> fields, int k, List<SortKey> sort) {
        Set<String> constant = new HashSet<>(fields.subList(0, k));
        List<SortKey> rest = new ArrayList<>();
        for (SortKey key : sort) {
            if (!constant.contains(key.field())) {
                rest.add(key);
            }
        }
        if (rest.size() > fields.size() - k) {
            return null;
        }
        Boolean reverse = null;
        for (int i = 0; i < rest.size(); i++) {
            SortKey key = rest.get(i);
            if (!key.field().equals(fields.get(k + i))) {
                return null;
            }
            boolean backwards = key.ascending() != index.isAscending(k + i);
            if (reverse != null && reverse != backwards) {
                return null;
            }
            reverse = backwards;
        }
        return reverse == null ? Boolean.FALSE : reverse;
    }

    private static <T> Stream<T> stream(Iterator<T> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }
}
