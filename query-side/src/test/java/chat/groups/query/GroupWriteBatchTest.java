package chat.groups.query;

import chat.groups.common.testing.TestMongo;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rebuild writes batches of events with one bulk write each ({@link GroupStore#write});
 * whatever the batching and however often a batch is written again, the documents end up
 * exactly as the event-by-event projection leaves them.
 */
class GroupWriteBatchTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    GroupStore eventByEvent;
    GroupStore batched;

    record Sequenced(GroupEvent event, long sequence) {
    }

    @BeforeEach
    void setUp() {
        eventByEvent = new GroupStore(mongo.database(), "groups_one_by_one");
        batched = new GroupStore(mongo.database(), "groups_batched");
    }

    @Test
    void anyBatchingOfAnyHistoryWritesWhatTheEventByEventProjectionWrites() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            eventByEvent.drop();
            batched.drop();
            List<Sequenced> history = history(random, 25);
            history.forEach(e -> applyOne(eventByEvent, e));

            List<Integer> boundaries = writeInRandomBatches(random, history, 0);
            // A crash loses the tokens of the last batches; the processor redelivers from an earlier
            // batch boundary to the end, batched differently this time.
            writeInRandomBatches(random, history, boundaries.get(random.nextInt(boundaries.size())));

            assertThat(documents(batched)).as("seed %d", seed).isEqualTo(documents(eventByEvent));
        }
    }

    @Test
    void aBatchOverAPartlyWrittenGroupLeavesTheStateAtTheBatchsLastEvent() {
        List<Sequenced> history = List.of(
                new Sequenced(created("g1"), 0),
                new Sequenced(new GroupRenamedEvent("g1", "One"), 1),
                new Sequenced(new GroupDescriptionChangedEvent("g1", "first"), 2),
                new Sequenced(new GroupRenamedEvent("g1", "Two"), 3),
                new Sequenced(new GroupArchivedEvent("g1", T0.plusSeconds(9)), 4));
        history.forEach(e -> applyOne(eventByEvent, e));
        history.subList(0, 3).forEach(e -> applyOne(batched, e)); // a crash after part of the batch

        batched.write(batchOf(history));

        assertThat(documents(batched)).isEqualTo(documents(eventByEvent));
        assertThat(documents(batched).get(0).get("version")).isEqualTo(4L);
    }

    @Test
    void membersAddedAndRemovedOverAPartlyWrittenGroupEndAsEventByEvent() {
        Contact bob = new Contact("cBob000000000001", "bob", null, null, null, null, null, null);
        Contact carol = new Contact(null, "carol", null, null, null, null, null, null);
        List<Sequenced> history = List.of(
                new Sequenced(created("g1"), 0),
                new Sequenced(new GroupEvent.GroupContactsAddedEvent("g1", List.of(bob)), 1),
                new Sequenced(new GroupRenamedEvent("g1", "Renamed"), 2),
                new Sequenced(new GroupEvent.GroupContactsAddedEvent("g1", List.of(carol)), 3),
                new Sequenced(new GroupEvent.GroupContactRemovedEvent("g1", bob), 4),
                new Sequenced(new GroupEvent.GroupContactsAddedEvent("g1", List.of(bob)), 5));
        history.forEach(e -> applyOne(eventByEvent, e));
        history.subList(0, 4).forEach(e -> applyOne(batched, e)); // a crash after part of the batch

        batched.write(batchOf(history.subList(1, 6)));
        batched.write(batchOf(history.subList(1, 6))); // and written once more

        assertThat(documents(batched)).isEqualTo(documents(eventByEvent));
        Document group = documents(batched).get(0);
        assertThat(group.getList("contacts", Document.class)).extracting(c -> c.get("username"))
                .containsExactly("alice", "carol", "bob");
        assertThat(group.getList("contactKeys", String.class)).containsExactly("alice", "carol", "cBob000000000001", "bob");
        assertThat(group.get("version")).isEqualTo(5L);
    }

    @Test
    void aCreationOverANewerDocumentChangesNothing() {
        applyOne(batched, new Sequenced(created("g1"), 0));
        applyOne(batched, new Sequenced(new GroupRenamedEvent("g1", "Newer"), 1));
        List<Document> before = documents(batched);

        batched.write(batchOf(List.of(new Sequenced(created("g1"), 0))));

        assertThat(documents(batched)).isEqualTo(before);
    }

    @Test
    void aGroupCreatedAndDeletedInOneBatchLeavesNoDocument() {
        batched.write(batchOf(List.of(
                new Sequenced(created("g1"), 0),
                new Sequenced(new GroupRenamedEvent("g1", "Gone soon"), 1),
                new Sequenced(new GroupDeletedEvent("g1", T0), 2),
                new Sequenced(created("g2"), 0))));

        assertThat(documents(batched)).extracting(d -> d.get("_id")).containsExactly("g2");
    }

    @Test
    void anEmptyBatchWritesNothing() {
        GroupWriteBatch empty = new GroupWriteBatch();

        batched.write(empty);

        assertThat(empty.events()).isZero();
        assertThat(batched.count()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** Writes history from {@code from} on in batches of random sizes; returns where the batches began. */
    List<Integer> writeInRandomBatches(Random random, List<Sequenced> history, int from) {
        List<Integer> boundaries = new ArrayList<>();
        for (int start = from; start < history.size(); ) {
            boundaries.add(start);
            int end = Math.min(history.size(), start + 1 + random.nextInt(40));
            batched.write(batchOf(history.subList(start, end)));
            start = end;
        }
        return boundaries;
    }

    static GroupWriteBatch batchOf(List<Sequenced> events) {
        GroupWriteBatch batch = new GroupWriteBatch();
        events.forEach(e -> batch.add(e.event(), e.sequence()));
        assertThat(batch.events()).isEqualTo(events.size());
        return batch;
    }

    static GroupCreatedEvent created(String groupId) {
        return new GroupCreatedEvent(groupId, "acct", "conv_" + groupId, "Group " + groupId, null, null,
                List.of(new Contact(null, "alice", null, null, null, null, null, null)), T0);
    }

    /** Histories of {@code groups} groups, interleaved, each in its own order; some groups end deleted. */
    static List<Sequenced> history(Random random, int groups) {
        Map<String, Integer> next = new HashMap<>();
        List<Sequenced> history = new ArrayList<>();
        List<String> alive = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            alive.add("g" + g);
        }
        while (!alive.isEmpty()) {
            String id = alive.get(random.nextInt(alive.size()));
            int sequence = next.merge(id, 1, Integer::sum) - 1;
            if (sequence == 0) {
                history.add(new Sequenced(created(id), 0));
                continue;
            }
            int pick = random.nextInt(20);
            if (pick == 0 || sequence > 12) {
                alive.remove(id);
                if (random.nextBoolean()) {
                    history.add(new Sequenced(new GroupDeletedEvent(id, T0.plusSeconds(sequence)), sequence));
                }
                continue;
            }
            history.add(new Sequenced(change(random, id, sequence), sequence));
        }
        return history;
    }

    static GroupEvent change(Random random, String id, int sequence) {
        return switch (random.nextInt(9)) {
            case 6, 7 -> new GroupEvent.GroupContactsAddedEvent(id, List.of(
                    new Contact(null, "user" + random.nextInt(4), null, null, null, null, null, (long) sequence),
                    new Contact(null, "alice", null, null, null, null, null, null)));
            case 8 -> new GroupEvent.GroupContactRemovedEvent(id, new Contact(null,
                    random.nextBoolean() ? "alice" : "user" + random.nextInt(4), null, null, null, null, null, null));
            case 0 -> new GroupRenamedEvent(id, "Name " + sequence);
            case 1 -> new GroupDescriptionChangedEvent(id, random.nextBoolean() ? null : "About " + sequence);
            case 2 -> new GroupAvatarChangedEvent(id, "https://a.example/" + sequence + ".png");
            case 3 -> new GroupContactsChangedEvent(id, List.of(
                    new Contact("c" + sequence, "user" + sequence, null, null, null, null, null, (long) sequence)));
            case 4 -> new GroupArchivedEvent(id, T0.plusSeconds(sequence));
            default -> new GroupUnarchivedEvent(id);
        };
    }

    static void applyOne(GroupStore store, Sequenced sequenced) {
        new OneEventWrites(mongo.database(), store.collectionName()).apply(sequenced.event(), sequenced.sequence());
    }

    static List<Document> documents(GroupStore store) {
        return mongo.database().getCollection(store.collectionName()).find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
    }
}
