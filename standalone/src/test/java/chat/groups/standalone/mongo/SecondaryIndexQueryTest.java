package chat.groups.standalone.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.mongo.IndexedH2Collection.Statistics;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/**
 * The query planner on generated data and queries, well beyond what the groups read model
 * asks: equality prefixes, ranges of every kind (and {@code $or}s of them) on a field that is
 * sometimes null, missing or of another numeric type, sorts the index gives forwards or
 * backwards or not at all, skip and limit, updates and deletes of indexed fields, and
 * documents that hold arrays. Every answer must equal the plain backend's.
 */
class SecondaryIndexQueryTest {

    private static final String DATABASE = "planner";
    private static final String COLLECTION = "things";

    @Test
    void generatedQueriesAnswerExactlyAsThePlainBackendDoes() {
        try (EmbeddedServer indexed = EmbeddedServer.indexed(); EmbeddedServer plain = EmbeddedServer.plain()) {
            MongoCollection<Document> subject = things(indexed);
            MongoCollection<Document> oracle = things(plain);
            Random random = new Random(7);
            for (int i = 0; i < 600; i++) {
                Document document = randomDocument(random, i);
                subject.insertOne(new Document(document));
                oracle.insertOne(new Document(document));
            }
            for (int round = 0; round < 3; round++) {
                for (int q = 0; q < 250; q++) {
                    assertSameAnswers(subject, oracle, random);
                }
                // Change indexed fields of some documents, delete others.
                for (int u = 0; u < 40; u++) {
                    Bson filter = eq("_id", "d" + random.nextInt(600));
                    Bson change = random.nextBoolean()
                            ? Updates.set("b", random.nextInt(20))
                            : Updates.combine(Updates.set("c", random.nextBoolean()), Updates.set("a", "a" + random.nextInt(3)));
                    subject.updateOne(filter, change);
                    oracle.updateOne(filter, change);
                }
                Bson gone = and(eq("a", "a" + random.nextInt(3)), lt("b", random.nextInt(5)));
                assertThat(subject.deleteMany(gone).getDeletedCount()).isEqualTo(oracle.deleteMany(gone).getDeletedCount());
                Bson many = and(eq("a", "a1"), gte("b", 15));
                subject.updateMany(many, Updates.inc("b", 1));
                oracle.updateMany(many, Updates.inc("b", 1));
            }
            Statistics statistics = indexed.statistics(DATABASE, COLLECTION);
            assertThat(statistics.indexScans()).isGreaterThan(500);
            long documents = subject.countDocuments();
            assertThat(validateKeys(indexed)).allMatch(keys -> keys == documents);
        }
    }

    @Test
    void documentsHoldingArraysAreIndexedByElementAndFoundOnceByAnEqualityOnOne() {
        try (EmbeddedServer indexed = EmbeddedServer.indexed(); EmbeddedServer plain = EmbeddedServer.plain()) {
            MongoCollection<Document> subject = things(indexed);
            MongoCollection<Document> oracle = things(plain);
            for (int i = 0; i < 50; i++) {
                Document document = new Document("_id", "d" + i).append("a", "a" + i % 2).append("b", i).append("c", i % 3 == 0);
                subject.insertOne(new Document(document));
                oracle.insertOne(new Document(document));
            }
            Document multikey = new Document("_id", "m").append("a", List.of("a0", "a1", "a0")).append("b", 7).append("c", true);
            Document empty = new Document("_id", "e").append("a", List.of()).append("b", 8).append("c", true);
            for (MongoCollection<Document> collection : List.of(subject, oracle)) {
                collection.insertOne(new Document(multikey));
                collection.insertOne(new Document(empty));
            }

            Bson sort = Sorts.descending("b");
            for (Bson filter : List.of(eq("a", "a0"), eq("a", "a1"), and(eq("a", "a0"), eq("c", true)),
                    and(eq("a", "a1"), lt("b", 20)))) {
                Statistics start = indexed.statistics(DATABASE, COLLECTION);
                assertThat(ids(subject.find(filter).sort(sort).limit(30))).as("%s", filter).contains("m")
                        .isEqualTo(ids(oracle.find(filter).sort(sort).limit(30)));
                Statistics used = indexed.statistics(DATABASE, COLLECTION).minus(start);
                assertThat(used.indexScans()).isEqualTo(1);
                assertThat(used.collectionScans()).isZero();
            }
            // A walk over the array field itself would meet "m" once per element: not through the index.
            Bson noEqualityOnA = lt("b", 10);
            Statistics start = indexed.statistics(DATABASE, COLLECTION);
            assertThat(ids(subject.find(noEqualityOnA).sort(sort))).isEqualTo(ids(oracle.find(noEqualityOnA).sort(sort)))
                    .containsOnlyOnce("m");
            assertThat(indexed.statistics(DATABASE, COLLECTION).minus(start).indexScans()).isZero();

            // Elements that change move the document's entries; it is still found exactly once.
            for (MongoCollection<Document> collection : List.of(subject, oracle)) {
                collection.updateOne(eq("_id", "m"), Updates.set("a", List.of("a1", "a2")));
                collection.updateOne(eq("_id", "e"), Updates.set("a", List.of("a0")));
            }
            for (String value : List.of("a0", "a1", "a2")) {
                assertThat(ids(subject.find(eq("a", value)).sort(sort))).as(value)
                        .isEqualTo(ids(oracle.find(eq("a", value)).sort(sort)));
            }
            subject.deleteOne(eq("_id", "m"));
            oracle.deleteOne(eq("_id", "m"));
            assertThat(ids(subject.find(eq("a", "a1")).sort(sort))).isEqualTo(ids(oracle.find(eq("a", "a1")).sort(sort)));
            long documents = subject.countDocuments();
            assertThat(validateKeys(indexed)).as("one key per element (e: 1, others: 1)").allMatch(keys -> keys == documents);
        }
    }

    @Test
    void anIdEqualityAmongOtherConditionsReadsOneDocumentAndMatchesIdsOfAnyNumericType() {
        try (EmbeddedServer indexed = EmbeddedServer.indexed(); EmbeddedServer plain = EmbeddedServer.plain()) {
            MongoCollection<Document> subject = things(indexed);
            MongoCollection<Document> oracle = things(plain);
            List<Object> ids = List.of(1, 2L, 3.5, "four", new org.bson.types.ObjectId());
            for (Object id : ids) {
                for (MongoCollection<Document> collection : List.of(subject, oracle)) {
                    collection.insertOne(new Document("_id", id).append("a", "a1").append("b", 1));
                }
            }
            List<Object> probes = List.of(1, 1L, 1.0, 2, 2L, 2.0, 3.5, "four", ids.get(4), "1", 5);
            for (Object probe : probes) {
                for (Bson filter : List.of(and(eq("_id", probe), eq("a", "a1")), and(eq("a", "a1"), eq("_id", probe)),
                        and(eq("_id", probe), eq("a", "a2")), and(eq("_id", probe), lt("b", 5)))) {
                    Statistics start = indexed.statistics(DATABASE, COLLECTION);
                    List<Object> found = new ArrayList<>();
                    subject.find(filter).forEach(document -> found.add(document.get("_id")));
                    List<Object> expected = new ArrayList<>();
                    oracle.find(filter).forEach(document -> expected.add(document.get("_id")));
                    assertThat(found).as("%s", filter).isEqualTo(expected);
                    Statistics used = indexed.statistics(DATABASE, COLLECTION).minus(start);
                    assertThat(used.documentsRead()).as("%s", filter).isLessThanOrEqualTo(1);
                    assertThat(used.idLookups()).isEqualTo(1);
                }
            }
        }
    }

    private static MongoCollection<Document> things(EmbeddedServer server) {
        MongoCollection<Document> collection = server.database(DATABASE).getCollection(COLLECTION);
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("a"), Indexes.descending("b")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("a", "c", "b", "_id")));
        return collection;
    }

    private static Document randomDocument(Random random, int i) {
        Document document = new Document("_id", "d" + i).append("a", "a" + random.nextInt(3));
        int kind = random.nextInt(10);
        if (kind == 0) {
            document.append("b", null);
        } else if (kind == 1) {
            // b missing
        } else if (kind == 2) {
            document.append("b", (long) random.nextInt(20));
        } else {
            document.append("b", random.nextInt(20));
        }
        if (random.nextInt(8) != 0) {
            document.append("c", random.nextBoolean());
        }
        return document.append("payload", "x".repeat(random.nextInt(20)));
    }

    private static void assertSameAnswers(MongoCollection<Document> subject, MongoCollection<Document> oracle, Random random) {
        List<Bson> conditions = new ArrayList<>();
        if (random.nextInt(6) != 0) {
            conditions.add(eq("a", "a" + random.nextInt(4)));
        }
        if (random.nextBoolean()) {
            conditions.add(eq("c", random.nextBoolean()));
        }
        int b = random.nextInt(22) - 1;
        switch (random.nextInt(9)) {
            case 0 -> conditions.add(lt("b", b));
            case 1 -> conditions.add(lte("b", b));
            case 2 -> conditions.add(gt("b", b));
            case 3 -> conditions.add(and(gte("b", b), lt("b", b + random.nextInt(6))));
            case 4 -> conditions.add(eq("b", random.nextBoolean() ? b : (long) b));
            case 5 -> conditions.add(or(lt("b", b), and(eq("b", b), lt("_id", "d" + random.nextInt(600)))));
            case 6 -> conditions.add(or(gt("b", b), and(eq("b", b), gt("_id", "d" + random.nextInt(600)))));
            case 7 -> conditions.add(random.nextBoolean() ? ne("b", b) : in("b", b, b + 1, null));
            default -> {
                // no condition on b
            }
        }
        if (conditions.isEmpty()) {
            conditions.add(eq("a", "a1"));
        }
        Bson filter = conditions.size() == 1 ? conditions.get(0) : and(conditions);

        Bson sort = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> Sorts.descending("b", "_id");
            case 2 -> Sorts.ascending("b", "_id");
            case 3 -> Sorts.orderBy(Sorts.ascending("c"), Sorts.descending("b"), Sorts.ascending("_id"));
            case 4 -> Sorts.orderBy(Sorts.descending("b"), Sorts.ascending("_id"));
            default -> Sorts.ascending("_id");
        };
        if (sort == null) {
            // No order asked: the same documents, in whatever order.
            assertThat(new HashSet<>(ids(subject.find(filter)))).as("%s", filter)
                    .isEqualTo(new HashSet<>(ids(oracle.find(filter))));
            return;
        }
        int skip = random.nextInt(3) == 0 ? random.nextInt(5) : 0;
        int limit = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(12);
        assertThat(ids(subject.find(filter).sort(sort).skip(skip).limit(limit)))
                .as("%s sorted %s, skip %d, limit %d", filter, sort, skip, limit)
                .isEqualTo(ids(oracle.find(filter).sort(sort).skip(skip).limit(limit)));
    }

    private static List<String> ids(FindIterable<Document> documents) {
        List<String> ids = new ArrayList<>();
        for (Document document : documents) {
            ids.add(document.getString("_id"));
        }
        return ids;
    }

    /** The number of keys in each index of the collection, as {@code validate} reports them. */
    private static List<Long> validateKeys(EmbeddedServer server) {
        Document validation = server.database(DATABASE).runCommand(new Document("validate", COLLECTION));
        Document keys = validation.get("keysPerIndex", Document.class);
        List<Long> counts = new ArrayList<>();
        for (Object count : keys.values()) {
            counts.add(((Number) count).longValue());
        }
        assertThat(counts).hasSize(3);
        return counts;
    }
}
