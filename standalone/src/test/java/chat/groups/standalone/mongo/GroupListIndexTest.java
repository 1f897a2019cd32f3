package chat.groups.standalone.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.GroupView;
import chat.groups.query.GroupStore;
import chat.groups.query.GroupWriteBatch;
import chat.groups.query.GroupStore.ListPosition;
import chat.groups.standalone.mongo.IndexedH2Collection.Statistics;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query side's own {@link GroupStore}, unchanged, on the standalone server's embedded
 * MongoDB: its list queries read a page of documents, not the collection, and answer exactly
 * what the library's plain H2 backend answers, through every kind of write, restarts and
 * crashes.
 */
class GroupListIndexTest {

    private static final String DATABASE = "groups";
    private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

    @TempDir
    Path dir;

    /** The read model of one server, and the versions the projection has applied. */
    private static final class ReadModel {
        final GroupStore store;
        final Map<String, Long> versions = new HashMap<>();

        ReadModel(EmbeddedServer server) {
            this.store = new GroupStore(server.database(DATABASE));
            store.ensureIndexes();
        }

        void create(String id, String account, Instant createdAt) {
            write(store, new GroupCreatedEvent(id, account, "conv" + id, "Group " + id, null, null, List.of(), createdAt), 0);
            versions.put(id, 0L);
        }

        long next(String id) {
            return versions.merge(id, 1L, Long::sum);
        }

        void archive(String id) {
            write(store, new GroupArchivedEvent(id, T0.plusSeconds(3600)), next(id));
        }

        void unarchive(String id) {
            write(store, new GroupUnarchivedEvent(id), next(id));
        }

        void rename(String id, String name) {
            write(store, new GroupRenamedEvent(id, name), next(id));
        }

        void delete(String id) {
            write(store, new GroupDeletedEvent(id, T0), next(id));
            versions.remove(id);
        }
    }

    /** One event, written as the projection writes its batches. */
    static void write(GroupStore store, GroupEvent event, long sequence) {
        GroupWriteBatch batch = new GroupWriteBatch();
        batch.add(event, sequence);
        store.write(batch);
    }

    // ---------------------------------------------------------------- cost

    @Test
    void aPageReadsAboutAPageOfDocumentsWhateverTheSizeOfTheCollection() {
        int accounts = 50;
        int groups = 5_000;
        try (EmbeddedServer server = EmbeddedServer.indexed()) {
            ReadModel model = new ReadModel(server);
            for (int i = 0; i < groups; i++) {
                // Creation times interleave the accounts and some share a millisecond.
                model.create(id(i), account(i % accounts), T0.plusMillis(i / 3));
            }
            for (int i = 0; i < groups; i += 4) {
                model.archive(id(i));
            }
            GroupStore store = model.store;
            String account = account(7);
            List<GroupView> all = store.listAfter(account, null, null, 1_000);
            assertThat(all).hasSize(groups / accounts);

            // First page, each filter: page + 1 documents (the query asks one more for has_more).
            for (Boolean archived : new Boolean[] {null, true, false}) {
                Statistics cost = cost(server, () -> store.listAfter(account, archived, null, 11));
                assertThat(cost.documentsRead()).as("first page, archived=%s", archived).isLessThanOrEqualTo(11);
                assertThat(cost.indexScans()).isEqualTo(1);
                assertThat(cost.collectionScans()).isZero();
            }

            // A page deep in the account's list, both directions: the cursor's lookup, then the page.
            GroupView middle = all.get(all.size() / 2);
            Statistics after = cost(server, () -> {
                ListPosition position = store.positionOf(account, middle.id()).orElseThrow();
                return store.listAfter(account, null, position, 11);
            });
            // (+ 2: groups of the same millisecond as the cursor are read and passed over)
            assertThat(after.documentsRead()).isLessThanOrEqualTo(1 + 11 + 2);
            assertThat(after.idLookups()).isEqualTo(1);
            Statistics before = cost(server, () -> {
                ListPosition position = store.positionOf(account, middle.id()).orElseThrow();
                return store.listBefore(account, false, position, 11);
            });
            assertThat(before.documentsRead()).isLessThanOrEqualTo(1 + 11 + 2);
            assertThat(before.collectionScans()).isZero();

            // Retrieving one group reads one document.
            Statistics find = cost(server, () -> store.find(account, middle.id()));
            assertThat(find.documentsRead()).isEqualTo(1);

            // Without the indexes, the same page reads every document: the counter counts what it should.
            server.database(DATABASE).getCollection(GroupStore.COLLECTION).dropIndexes();
            Statistics unindexed = cost(server, () -> store.listAfter(account, null, null, 11));
            assertThat(unindexed.documentsRead()).isEqualTo(groups);
            assertThat(unindexed.collectionScans()).isEqualTo(1);
        }
    }

    @Test
    void aPageOfAContactsGroupsReadsAboutAPageWhateverTheNumberOfGroupsAndMembers() {
        int groups = 4_000;
        String account = account(1);
        Contact target = new Contact("cTarget000000001", "target", null, null, null, null, null, null);
        try (EmbeddedServer server = EmbeddedServer.indexed()) {
            GroupStore store = new GroupStore(server.database(DATABASE));
            store.ensureIndexes();
            for (int i = 0; i < groups; i++) {
                // Every group has 40 members; one in five has the target among them, in two accounts.
                List<Contact> members = new ArrayList<>();
                for (int m = 0; m < 40; m++) {
                    members.add(new Contact(null, "member" + ((i + m) % 500), null, null, null, null, null, null));
                }
                if (i % 5 == 0) {
                    members.add(target);
                }
                write(store, new GroupCreatedEvent(id(i), account(i % 2), null, "Group " + i, null, null, members,
                        T0.plusMillis(i / 3)), 0);
                if (i % 10 == 5) {
                    write(store, new GroupArchivedEvent(id(i), T0.plusSeconds(3600)), 1);
                }
            }
            List<GroupView> all = store.listAfter(account, null, "target", null, 10_000);
            assertThat(all).hasSize(groups / 5 / 2);
            assertThat(all).allSatisfy(group -> assertThat(group.contacts()).contains(target));

            for (String contact : new String[] {"target", "cTarget000000001"}) {
                for (Boolean archived : new Boolean[] {null, true, false}) {
                    Statistics first = cost(server, () -> store.listAfter(account, archived, contact, null, 11));
                    assertThat(first.documentsRead()).as("first page, %s, archived=%s", contact, archived)
                            .isLessThanOrEqualTo(11);
                    assertThat(first.indexScans()).isEqualTo(1);
                    assertThat(first.collectionScans()).isZero();
                }
            }
            GroupView middle = all.get(all.size() / 2);
            Statistics after = cost(server, () -> store.listAfter(account, false, "target",
                    store.positionOf(account, middle.id()).orElseThrow(), 11));
            assertThat(after.documentsRead()).isLessThanOrEqualTo(1 + 11 + 2);
            Statistics before = cost(server, () -> store.listBefore(account, null, "target",
                    store.positionOf(account, middle.id()).orElseThrow(), 11));
            assertThat(before.documentsRead()).isLessThanOrEqualTo(1 + 11 + 2);
            assertThat(before.collectionScans()).isZero();
            // A member of many groups of both accounts: still a page.
            Statistics popular = cost(server, () -> store.listAfter(account, null, "member7", null, 11));
            assertThat(popular.documentsRead()).isLessThanOrEqualTo(11);

            // Members joining and leaving move the group in and out of the contact's list.
            GroupView joining = store.listAfter(account, null, null, null, 1).get(0);
            assertThat(store.listAfter(account, null, "newcomer", null, 10)).isEmpty();
            write(store, new GroupContactsAddedEvent(joining.id(),
                    List.of(new Contact(null, "newcomer", null, null, null, null, null, null))), joining.version() + 1);
            assertThat(store.listAfter(account, null, "newcomer", null, 10)).extracting(GroupView::id)
                    .containsExactly(joining.id());
            write(store, new GroupContactRemovedEvent(joining.id(),
                    new Contact(null, "newcomer", null, null, null, null, null, null)), joining.version() + 2);
            assertThat(store.listAfter(account, null, "newcomer", null, 10)).isEmpty();
            assertThat(store.listAfter(account, null, "member7", null, 10_000))
                    .as("the same answer as the plain backend's matcher")
                    .isEqualTo(store.listAfter(account, null, null, null, 10_000).stream()
                            .filter(g -> g.contacts().stream().anyMatch(c -> "member7".equals(c.username())))
                            .toList());

            // Without the indexes, the same page reads every document: the counter counts what it should.
            server.database(DATABASE).getCollection(GroupStore.COLLECTION).dropIndexes();
            Statistics unindexed = cost(server, () -> store.listAfter(account, null, "target", null, 11));
            assertThat(unindexed.documentsRead()).isEqualTo(groups);
        }
    }

    private static Statistics cost(EmbeddedServer server, java.util.function.Supplier<?> query) {
        Statistics start = server.statistics(DATABASE, GroupStore.COLLECTION);
        query.get();
        return server.statistics(DATABASE, GroupStore.COLLECTION).minus(start);
    }

    // ---------------------------------------------------------------- same answers

    @Test
    void listsEqualThoseOfThePlainBackendThroughCreatesArchivesRenamesAndDeletes() {
        try (EmbeddedServer indexed = EmbeddedServer.indexed(); EmbeddedServer plain = EmbeddedServer.plain()) {
            List<ReadModel> models = List.of(new ReadModel(indexed), new ReadModel(plain));
            Random random = new Random(42);
            List<String> live = new ArrayList<>();
            int accounts = 4;
            for (int step = 0; step < 1_200; step++) {
                int dice = random.nextInt(10);
                if (dice < 5 || live.isEmpty()) {
                    String id = id(step);
                    String account = account(random.nextInt(accounts));
                    Instant createdAt = T0.plusMillis(random.nextInt(150)); // many ties on createdAt
                    models.forEach(m -> m.create(id, account, createdAt));
                    live.add(id);
                } else {
                    String id = live.get(random.nextInt(live.size()));
                    switch (dice) {
                        case 5, 6 -> models.forEach(m -> m.archive(id));
                        case 7 -> models.forEach(m -> m.unarchive(id));
                        case 8 -> {
                            String name = "Renamed " + random.nextInt(100);
                            models.forEach(m -> m.rename(id, name));
                        }
                        default -> {
                            models.forEach(m -> m.delete(id));
                            live.remove(id);
                        }
                    }
                }
                if (step % 600 == 599) {
                    for (int a = 0; a < accounts + 1; a++) { // + one account with no groups
                        assertSameLists(models.get(0).store, models.get(1).store, account(a));
                    }
                }
            }
            Statistics statistics = indexed.statistics(DATABASE, GroupStore.COLLECTION);
            assertThat(statistics.indexScans()).isPositive();
            assertThat(statistics.collectionScans()).isZero();
        }
    }

    /** Every page of every filter, paged forwards and backwards with several page sizes, agrees. */
    private static void assertSameLists(GroupStore indexed, GroupStore oracle, String account) {
        for (Boolean archived : new Boolean[] {null, true, false}) {
            List<GroupView> everything = oracle.listAfter(account, archived, null, 10_000);
            assertThat(indexed.listAfter(account, archived, null, 10_000)).isEqualTo(everything);
            List<GroupView> sorted = new ArrayList<>(everything);
            sorted.sort(Comparator.comparing(GroupView::createdAt).thenComparing(GroupView::id).reversed());
            assertThat(everything).as("the oracle's own order").isEqualTo(sorted);

            for (int pageSize : new int[] {2, 7}) {
                List<GroupView> forwards = pageThrough(indexed, account, archived, pageSize);
                assertThat(forwards).isEqualTo(everything);
            }
            // Cursors that are any group of the account, also ones the filter leaves out
            // (a sample of them, first and last included, to keep the test quick).
            List<GroupView> groups = oracle.listAfter(account, null, null, 10_000);
            int stride = Math.max(1, groups.size() / 12);
            for (int i = 0; i < groups.size(); i += (i + stride >= groups.size() && i != groups.size() - 1)
                    ? groups.size() - 1 - i : stride) {
                GroupView cursor = groups.get(i);
                ListPosition position = oracle.positionOf(account, cursor.id()).orElseThrow();
                assertThat(indexed.positionOf(account, cursor.id())).contains(position);
                assertThat(indexed.listAfter(account, archived, position, 4))
                        .isEqualTo(oracle.listAfter(account, archived, position, 4));
                assertThat(indexed.listBefore(account, archived, position, 4))
                        .isEqualTo(oracle.listBefore(account, archived, position, 4));
                assertThat(indexed.find(account, cursor.id())).isEqualTo(oracle.find(account, cursor.id()));
                assertThat(indexed.find("someone-else", cursor.id())).isEmpty();
            }
        }
    }

    private static List<GroupView> pageThrough(GroupStore store, String account, Boolean archived, int pageSize) {
        List<GroupView> seen = new ArrayList<>();
        ListPosition after = null;
        while (true) {
            List<GroupView> page = store.listAfter(account, archived, after, pageSize);
            seen.addAll(page);
            if (page.size() < pageSize) {
                break;
            }
            GroupView last = page.get(page.size() - 1);
            after = new ListPosition(last.createdAt().toEpochMilli(), last.id());
        }
        // And back from the end to the start with listBefore: the same groups, reversed pages.
        if (!seen.isEmpty()) {
            List<GroupView> backwards = new ArrayList<>();
            GroupView last = seen.get(seen.size() - 1);
            backwards.add(last);
            ListPosition before = new ListPosition(last.createdAt().toEpochMilli(), last.id());
            while (true) {
                List<GroupView> page = store.listBefore(account, archived, before, pageSize);
                backwards.addAll(page); // nearest first
                if (page.size() < pageSize) {
                    break;
                }
                GroupView first = page.get(page.size() - 1);
                before = new ListPosition(first.createdAt().toEpochMilli(), first.id());
            }
            Collections.reverse(backwards);
            assertThat(backwards).isEqualTo(seen);
        }
        return seen;
    }

    // ---------------------------------------------------------------- on disk

    @Test
    void theIndexIsOnDiskWithItsDocumentsAndACrashLosesBothOrNeither() {
        Path file = dir.resolve("projection.mv.db");
        List<String> accounts = List.of(account(0), account(1), account(2));
        try (EmbeddedServer server = EmbeddedServer.indexed(file)) {
            ReadModel model = new ReadModel(server);
            for (int i = 0; i < 300; i++) {
                model.create(id(i), accounts.get(i % 3), T0.plusMillis(i / 2));
            }
            for (int i = 0; i < 300; i += 5) {
                model.archive(id(i));
            }
            server.checkpoint();
            // After the checkpoint: more groups, archives, unarchives, deletes, then a crash.
            for (int i = 300; i < 400; i++) {
                model.create(id(i), accounts.get(i % 3), T0.plusMillis(i / 2));
            }
            for (int i = 0; i < 300; i += 10) {
                model.unarchive(id(i));
                model.delete(id(i + 1));
                model.archive(id(i + 2));
            }
            server.crash();
        }

        try (EmbeddedServer server = EmbeddedServer.indexed(file); EmbeddedServer oracle = EmbeddedServer.plain()) {
            ReadModel restored = new ReadModel(server);
            ReadModel expected = new ReadModel(oracle);
            // The state of the checkpoint, exactly: 300 groups, every fifth archived.
            for (int i = 0; i < 300; i++) {
                expected.create(id(i), accounts.get(i % 3), T0.plusMillis(i / 2));
            }
            for (int i = 0; i < 300; i += 5) {
                expected.archive(id(i));
            }
            Statistics start = server.statistics(DATABASE, GroupStore.COLLECTION);
            for (String account : accounts) {
                assertSameLists(restored.store, expected.store, account);
            }
            Statistics used = server.statistics(DATABASE, GroupStore.COLLECTION).minus(start);
            assertThat(used.collectionScans()).as("served by the restored index").isZero();
            assertThat(used.indexScans()).isPositive();
            assertIndexesHoldEveryDocument(server, 300);

            // It carries on: writes after the restart are indexed too.
            restored.versions.putAll(expected.versions);
            restored.archive(id(1));
            expected.archive(id(1));
            restored.delete(id(2));
            expected.delete(id(2));
            for (String account : accounts) {
                assertSameLists(restored.store, expected.store, account);
            }
        }

        // A clean shutdown keeps everything (the store commits on close).
        try (EmbeddedServer server = EmbeddedServer.indexed(file)) {
            assertIndexesHoldEveryDocument(server, 299);
        }
    }

    @Test
    void aStoreWrittenByThePlainBackendGetsItsIndexesBuiltAndAStaleIndexIsRebuilt() {
        Path file = dir.resolve("projection.mv.db");
        try (EmbeddedServer before = EmbeddedServer.plain(file)) {
            ReadModel model = new ReadModel(before);
            for (int i = 0; i < 200; i++) {
                model.create(id(i), account(i % 2), T0.plusMillis(i));
            }
        }
        try (EmbeddedServer upgraded = EmbeddedServer.indexed(file)) {
            assertIndexesHoldEveryDocument(upgraded, 200);
            GroupStore store = new GroupStore(upgraded.database(DATABASE));
            assertThat(store.listAfter(account(0), null, null, 5)).extracting(GroupView::id)
                    .containsExactly(id(198), id(196), id(194), id(192), id(190));
            ReadModel model = new ReadModel(upgraded);
            for (int i = 200; i < 210; i++) {
                model.create(id(i), account(i % 2), T0.plusMillis(i));
            }
            // The rebuilt _id index still refuses a second document with an existing id.
            MongoCollection<org.bson.Document> groups = upgraded.database(DATABASE).getCollection(GroupStore.COLLECTION);
            assertThatThrownBy(() -> groups.insertOne(new org.bson.Document("_id", id(7))))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThat(store.find(account(1), id(7))).isPresent();
        }
        // A secondary index whose count no longer matches its collection (say, a counter lost).
        String metaName;
        long extraEntries;
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).compress().open()) {
            metaName = raw.getMapNames().stream().filter(name -> name.endsWith("._meta")).findFirst().orElseThrow();
            MVMap<String, Long> meta = raw.openMap(metaName);
            extraEntries = meta.getOrDefault("extraEntries", 0L);
            meta.put("extraEntries", extraEntries + 3);
            raw.commit();
        }
        try (EmbeddedServer reopened = EmbeddedServer.indexed(file)) {
            assertIndexesHoldEveryDocument(reopened, 210);
            GroupStore store = new GroupStore(reopened.database(DATABASE));
            assertThat(store.listAfter(account(0), null, null, 3)).extracting(GroupView::id)
                    .containsExactly(id(208), id(206), id(204));
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).compress().open()) {
            MVMap<String, Long> meta = raw.openMap(metaName);
            assertThat(meta.getOrDefault("extraEntries", 0L)).as("the index was rebuilt").isEqualTo(extraEntries);
        }
    }

    @Test
    void aReplayFromScratchDropsTheIndexesWithTheCollectionAndStartsThemAfresh() {
        try (EmbeddedServer server = EmbeddedServer.indexed(); EmbeddedServer oracle = EmbeddedServer.plain()) {
            ReadModel model = new ReadModel(server);
            for (int i = 0; i < 50; i++) {
                model.create(id(i), account(0), T0.plusMillis(i));
            }
            model.store.drop();
            model.store.ensureIndexes();
            model.versions.clear();
            ReadModel expected = new ReadModel(oracle);
            for (int i = 100; i < 130; i++) {
                model.create(id(i), account(0), T0.plusMillis(i));
                expected.create(id(i), account(0), T0.plusMillis(i));
            }
            assertSameLists(model.store, expected.store, account(0));
            assertIndexesHoldEveryDocument(server, 30);
        }
    }

    /**
     * The four list indexes exist and have exactly one entry per document ({@code validate}'s key
     * counts): these groups have no members, so the contact indexes hold one entry each as well.
     */
    private static void assertIndexesHoldEveryDocument(EmbeddedServer server, int documents) {
        org.bson.Document validation = server.database(DATABASE)
                .runCommand(new org.bson.Document("validate", GroupStore.COLLECTION));
        assertThat(validation.getInteger("nrecords")).isEqualTo(documents);
        org.bson.Document keys = validation.get("keysPerIndex", org.bson.Document.class);
        assertThat(keys).hasSize(5); // _id, the two list indexes and the two contact indexes
        Map<String, Long> counts = keys.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((Number) e.getValue()).longValue()));
        assertThat(counts.values()).as("%s", counts).allMatch(count -> count == documents);
    }

    private static String id(int i) {
        return String.format("g%015d", i);
    }

    private static String account(int i) {
        return "account" + i;
    }
}
