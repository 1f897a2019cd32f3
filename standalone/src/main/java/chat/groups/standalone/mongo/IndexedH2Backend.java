package chat.groups.standalone.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with real secondary indexes and index-aware query planning
 * (see {@link IndexedH2Collection}): everything, indexes included, lives in the one
 * {@link MVStore} given, and is committed only when its owner commits the store.
 */
public class IndexedH2Backend extends H2Backend {

    public IndexedH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** A collection's read statistics, for tests and diagnostics; zeros if it does not exist. */
    public IndexedH2Collection.Statistics statistics(String databaseName, String collectionName) {
        if (resolveDatabase(databaseName).resolveCollection(collectionName, false) instanceof IndexedH2Collection collection) {
            return collection.statistics();
        }
        return new IndexedH2Collection.Statistics(0, 0, 0, 0);
    }
}
