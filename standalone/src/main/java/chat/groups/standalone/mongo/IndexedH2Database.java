package chat.groups.standalone.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Constants;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link H2Database} whose collections are {@link IndexedH2Collection}s and whose
 * non-unique indexes are real ({@link H2SecondaryIndex}) instead of ignored. Nothing is
 * Java-serialized: documents are BSON ({@link BsonDocumentType}, which also reads the library's
 * format) and unique-index keys too ({@link KeyValueType}). A store written by the plain
 * {@code H2Backend} opens (its indexes are built or rebuilt on first open), but a store written
 * here no longer opens with the plain backend.
 *
 * <p>Map names: documents {@code databases.<db>.<collection>}, collection metadata
 * {@code meta.<db>.<collection>} (both as in {@code H2Database}), a secondary index
 * {@code <db>.<collection>._index_<name>} (the library's name for any index) and its own counters
 * {@code <db>.<collection>._index_<name>._meta}, a unique index {@code <db>.<collection>._unique_<name>}.
 */
class IndexedH2Database extends H2Database {

    private static final Logger log = LoggerFactory.getLogger(IndexedH2Database.class);

    private static final String DATABASES_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final String INDEX_META_SUFFIX = "._meta";

    private final MVStore store;

    IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry); // skips initializeNamespacesAndIndexes, see below
        this.store = store;
        super.initializeNamespacesAndIndexes();
    }

    /**
     * The superclass constructor opens the collections and indexes, before this class's fields
     * are set; they are opened once the store is known instead.
     */
    @Override
    protected void initializeNamespacesAndIndexes() {
        if (store != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = store.openMap(DATABASES_PREFIX + fullName,
                new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
        MVMap<String, Object> meta = store.openMap(META_PREFIX + fullName);
        return new IndexedH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    /**
     * Unique indexes live under their own map name, keyed by {@link KeyValueType}. A store written
     * before has them under the library's name, Java-serialized and in the order of those bytes:
     * that map is dropped and the index is rebuilt from the documents (see
     * {@code AbstractMongoCollection.addIndex}), committed with the next checkpoint.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        String legacyName = indexMapName(collectionName, indexName);
        if (store.hasMap(legacyName)) {
            log.info("Rebuilding unique index {} of {} in its current format", indexName, collectionName);
            store.removeMap(legacyName);
        }
        MVMap<KeyValue, Object> positions = store.openMap(uniqueIndexMapName(collectionName, indexName),
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
        return new UniqueIndex(positions, indexName, keys, sparse);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        if (sparse) {
            // A sparse index leaves documents out; the planner assumes one entry per document.
            return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
        }
        String mapName = indexMapName(collectionName, indexName);
        MVMap<IndexEntry, Boolean> entries = store.openMap(mapName,
                new MVMap.Builder<IndexEntry, Boolean>().keyType(H2SecondaryIndex.keyType(keys)));
        MVMap<String, Long> meta = store.openMap(mapName + INDEX_META_SUFFIX);
        log.debug("opening secondary index {} {} of {} ({} entries)", indexName, keys, collectionName, entries.sizeAsLong());
        return new H2SecondaryIndex(indexName, keys, entries, meta, Constants.ID_FIELD);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String metaName = indexMapName(collection.getCollectionName(), indexName) + INDEX_META_SUFFIX;
        if (store.hasMap(metaName)) {
            store.removeMap(metaName);
        }
        String uniqueName = uniqueIndexMapName(collection.getCollectionName(), indexName);
        if (store.hasMap(uniqueName)) {
            store.removeMap(uniqueName);
        }
    }

    private String indexMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }

    private String uniqueIndexMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._unique_" + indexName;
    }
}
