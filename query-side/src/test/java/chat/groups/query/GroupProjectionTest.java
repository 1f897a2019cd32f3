package chat.groups.query;

import chat.groups.common.testing.TestMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.GroupView;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The projection turns group events into documents of the {@code groups} collection. */
class GroupProjectionTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    static final String ACCOUNT = "acct_owner";
    static final String GROUP = "l7cGNIBKZiNJ6wqF";
    static final Instant CREATED_AT = Instant.parse("1991-12-09T23:00:00.123Z");
    static final Contact ALICE = new Contact("c_alice", "alice", "+15550100", "https://a.example/alice.png",
            "Alice", "conv_alice", 692233100L, 692230000L);
    static final Contact BOB = new Contact(null, "bob", null, null, null, null, null, null);

    GroupStore store;
    RecordingQueryUpdateEmitter emitter;
    GroupProjection projection;
    MongoCollection<Document> groups;

    @BeforeEach
    void setUp() {
        store = new GroupStore(mongo.database());
        store.ensureIndexes();
        emitter = new RecordingQueryUpdateEmitter();
        projection = new GroupProjection(() -> store, emitter);
        groups = mongo.database().getCollection(GroupStore.COLLECTION);
    }

    static GroupCreatedEvent created(String groupId) {
        return new GroupCreatedEvent(groupId, ACCOUNT, "conv_" + groupId, "Plaza Hotel", "Front desk",
                "https://a.example/plaza.png", List.of(ALICE, BOB), CREATED_AT);
    }

    Document document(String groupId) {
        return groups.find(Filters.eq("_id", groupId)).first();
    }

    /** Creates {@link #GROUP} at sequence 0 and forgets the emission. */
    void givenGroupCreated() {
        projection.on(created(GROUP), 0);
        emitter.forget();
    }

    @Nested
    class CreatingAGroup {

        @Test
        void stores_every_field_of_the_event_in_a_document_keyed_by_the_group_id() {
            projection.on(created(GROUP), 0);

            Document group = document(GROUP);
            assertThat(group.getString("accountId")).isEqualTo(ACCOUNT);
            assertThat(group.getString("name")).isEqualTo("Plaza Hotel");
            assertThat(group.getString("description")).isEqualTo("Front desk");
            assertThat(group.getString("avatarUrl")).isEqualTo("https://a.example/plaza.png");
            assertThat(group.getString("conversationId")).isEqualTo("conv_" + GROUP);
            assertThat(group.getList("contacts", Document.class)).containsExactly(
                    new Document("id", "c_alice").append("username", "alice").append("phoneNumber", "+15550100")
                            .append("avatarUrl", "https://a.example/alice.png").append("displayName", "Alice")
                            .append("conversationId", "conv_alice").append("lastActiveAt", 692233100L)
                            .append("createdAt", 692230000L),
                    new Document("id", null).append("username", "bob").append("phoneNumber", null)
                            .append("avatarUrl", null).append("displayName", null).append("conversationId", null)
                            .append("lastActiveAt", null).append("createdAt", null));
        }

        @Test
        void keeps_times_as_epoch_millis_starts_active_and_is_at_the_version_of_the_event() {
            projection.on(created(GROUP), 0);

            Document group = document(GROUP);
            assertThat(group.get("createdAt")).isEqualTo(CREATED_AT.toEpochMilli());
            assertThat(group.containsKey("archivedAt")).isTrue();
            assertThat(group.get("archivedAt")).isNull();
            assertThat(group.getBoolean("archived")).isFalse();
            assertThat(group.get("version")).isEqualTo(0L);
        }

        @Test
        void reads_back_as_the_view_of_the_group() {
            projection.on(created(GROUP), 0);

            assertThat(store.find(ACCOUNT, GROUP)).contains(new GroupView(GROUP, ACCOUNT, "Plaza Hotel",
                    "Front desk", "https://a.example/plaza.png", "conv_" + GROUP, List.of(ALICE, BOB),
                    CREATED_AT, null, 0));
        }

        @Test
        void a_group_without_contacts_has_an_empty_contact_list() {
            projection.on(new GroupCreatedEvent(GROUP, ACCOUNT, null, "Solo", null, null, null, CREATED_AT), 0);

            assertThat(document(GROUP).getList("contacts", Document.class)).isEmpty();
            assertThat(store.find(ACCOUNT, GROUP).orElseThrow().contacts()).isEmpty();
        }

        @Test
        void a_create_replayed_after_the_group_exists_changes_nothing_and_resends_the_current_state() {
            givenGroupCreated();
            projection.on(new GroupRenamedEvent(GROUP, "Renamed"), 1);
            Document before = document(GROUP);
            emitter.forget();

            assertThatCode(() -> projection.on(created(GROUP), 0)).doesNotThrowAnyException();

            assertThat(document(GROUP)).isEqualTo(before);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).singleElement()
                    .satisfies(view -> assertThat(view.name()).isEqualTo("Renamed"))
                    .satisfies(view -> assertThat(view.version()).isEqualTo(1));
        }
    }

    @Nested
    class ChangingAGroup {

        @BeforeEach
        void givenAGroup() {
            givenGroupCreated();
        }

        @Test
        void a_rename_changes_the_name_and_the_version() {
            projection.on(new GroupRenamedEvent(GROUP, "Plaza Hotel NYC"), 1);

            assertThat(document(GROUP).getString("name")).isEqualTo("Plaza Hotel NYC");
            assertThat(document(GROUP).get("version")).isEqualTo(1L);
        }

        @Test
        void a_description_change_can_set_and_clear_the_description() {
            projection.on(new GroupDescriptionChangedEvent(GROUP, "Concierge"), 1);
            assertThat(document(GROUP).getString("description")).isEqualTo("Concierge");

            projection.on(new GroupDescriptionChangedEvent(GROUP, null), 2);
            assertThat(document(GROUP).containsKey("description")).isTrue();
            assertThat(document(GROUP).getString("description")).isNull();
            assertThat(document(GROUP).get("version")).isEqualTo(2L);
        }

        @Test
        void an_avatar_change_changes_the_avatar_url() {
            projection.on(new GroupAvatarChangedEvent(GROUP, "https://a.example/new.png"), 1);

            assertThat(document(GROUP).getString("avatarUrl")).isEqualTo("https://a.example/new.png");
            assertThat(document(GROUP).get("version")).isEqualTo(1L);
        }

        @Test
        void a_contacts_change_replaces_the_whole_contact_list() {
            projection.on(new GroupContactsChangedEvent(GROUP, List.of(BOB)), 1);

            assertThat(store.find(ACCOUNT, GROUP).orElseThrow().contacts()).containsExactly(BOB);
            assertThat(document(GROUP).get("version")).isEqualTo(1L);
        }

        @Test
        void archiving_records_when_and_marks_the_group_archived() {
            Instant archivedAt = CREATED_AT.plusSeconds(3600);

            projection.on(new GroupArchivedEvent(GROUP, archivedAt), 1);

            Document group = document(GROUP);
            assertThat(group.get("archivedAt")).isEqualTo(archivedAt.toEpochMilli());
            assertThat(group.getBoolean("archived")).isTrue();
            assertThat(group.get("version")).isEqualTo(1L);
            assertThat(store.find(ACCOUNT, GROUP).orElseThrow().archivedAt()).isEqualTo(archivedAt);
        }

        @Test
        void unarchiving_clears_the_archival() {
            projection.on(new GroupArchivedEvent(GROUP, CREATED_AT.plusSeconds(3600)), 1);

            projection.on(new GroupUnarchivedEvent(GROUP), 2);

            Document group = document(GROUP);
            assertThat(group.containsKey("archivedAt")).isTrue();
            assertThat(group.get("archivedAt")).isNull();
            assertThat(group.getBoolean("archived")).isFalse();
            assertThat(group.get("version")).isEqualTo(2L);
        }

        @Test
        void a_change_leaves_the_other_fields_alone() {
            Document before = document(GROUP);

            projection.on(new GroupRenamedEvent(GROUP, "Other"), 1);

            Document after = document(GROUP);
            after.put("name", before.get("name"));
            after.put("version", before.get("version"));
            assertThat(after).isEqualTo(before);
        }
    }

    @Nested
    class RedeliveredAndStaleEvents {

        @BeforeEach
        void givenAGroupAtVersion2() {
            givenGroupCreated();
            projection.on(new GroupRenamedEvent(GROUP, "Second name"), 1);
            projection.on(new GroupArchivedEvent(GROUP, CREATED_AT.plusSeconds(60)), 2);
            emitter.forget();
        }

        @Test
        void a_redelivered_event_changes_nothing_and_resends_the_current_state_which_includes_it() {
            Document before = document(GROUP);

            projection.on(new GroupArchivedEvent(GROUP, CREATED_AT.plusSeconds(999)), 2);

            assertThat(document(GROUP)).isEqualTo(before);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).singleElement()
                    .satisfies(view -> assertThat(view.version()).isEqualTo(2))
                    .satisfies(view -> assertThat(view.archivedAt()).isEqualTo(CREATED_AT.plusSeconds(60)));
        }

        @Test
        void an_older_event_changes_nothing_and_resends_the_current_state() {
            Document before = document(GROUP);

            projection.on(new GroupRenamedEvent(GROUP, "First name"), 1);
            projection.on(new GroupUnarchivedEvent(GROUP), 1);
            projection.on(new GroupContactsChangedEvent(GROUP, List.of()), 0);
            projection.on(new GroupDescriptionChangedEvent(GROUP, "old"), 1);
            projection.on(new GroupAvatarChangedEvent(GROUP, "old"), 1);

            assertThat(document(GROUP)).isEqualTo(before);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).hasSize(5)
                    .allSatisfy(view -> assertThat(view.version()).isEqualTo(2))
                    .allSatisfy(view -> assertThat(view.name()).isEqualTo("Second name"));
        }

        @Test
        void a_stale_delete_keeps_the_group() {
            projection.on(new GroupDeletedEvent(GROUP, CREATED_AT), 2);

            assertThat(document(GROUP)).isNotNull();
            assertThat(emitter.isSilent()).isTrue();
        }

        @Test
        void replaying_the_whole_history_again_changes_nothing() {
            Document before = document(GROUP);

            projection.on(created(GROUP), 0);
            projection.on(new GroupRenamedEvent(GROUP, "Second name"), 1);
            projection.on(new GroupArchivedEvent(GROUP, CREATED_AT.plusSeconds(60)), 2);

            assertThat(document(GROUP)).isEqualTo(before);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).hasSize(3)
                    .allSatisfy(view -> assertThat(view.version()).isEqualTo(2));
        }

        @Test
        void an_event_of_a_group_that_is_not_there_changes_nothing() {
            projection.on(new GroupRenamedEvent("no_such_group", "Ghost"), 5);

            assertThat(document("no_such_group")).isNull();
            assertThat(emitter.isSilent()).isTrue();
        }
    }

    @Nested
    class DeletingAGroup {

        @BeforeEach
        void givenAGroup() {
            givenGroupCreated();
        }

        @Test
        void removes_its_document() {
            projection.on(new GroupDeletedEvent(GROUP, CREATED_AT.plusSeconds(5)), 1);

            assertThat(document(GROUP)).isNull();
            assertThat(store.find(ACCOUNT, GROUP)).isEmpty();
        }

        @Test
        void completes_the_subscriptions_to_the_group() {
            projection.on(new GroupDeletedEvent(GROUP, CREATED_AT.plusSeconds(5)), 1);

            assertThat(emitter.completedFor(ACCOUNT, GROUP)).isTrue();
            assertThat(emitter.completedFor(ACCOUNT, "another_group")).isFalse();
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).isEmpty();
        }

        @Test
        void a_redelivered_delete_completes_the_subscriptions_again_and_sends_no_state() {
            projection.on(new GroupDeletedEvent(GROUP, CREATED_AT.plusSeconds(5)), 1);
            emitter.forget();

            projection.on(new GroupDeletedEvent(GROUP, CREATED_AT.plusSeconds(5)), 1);

            assertThat(emitter.completedFor(ACCOUNT, GROUP)).isTrue();
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).isEmpty();
        }

        @Test
        void leaves_the_other_groups_alone() {
            projection.on(created("other_group"), 0);

            projection.on(new GroupDeletedEvent(GROUP, CREATED_AT.plusSeconds(5)), 1);

            assertThat(document("other_group")).isNotNull();
        }
    }

    @Nested
    class AddingAndRemovingMembers {

        static final Contact CAROL = new Contact("c_carol", "carol", null, null, "Carol", null, null, null);

        @Test
        void added_contacts_follow_the_members_and_their_ids_and_usernames_become_contact_keys() {
            givenGroupCreated();

            projection.on(new GroupContactsAddedEvent(GROUP, List.of(CAROL)), 1);

            Document group = document(GROUP);
            assertThat(GroupDocuments.toView(group).contacts()).containsExactly(ALICE, BOB, CAROL);
            assertThat(group.getList("contactKeys", String.class)).containsExactly("c_alice", "alice", "bob", "c_carol", "carol");
            assertThat(group.get("version")).isEqualTo(1L);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).singleElement()
                    .satisfies(view -> assertThat(view.contacts()).containsExactly(ALICE, BOB, CAROL));
        }

        @Test
        void a_removed_member_leaves_the_list_and_its_keys() {
            givenGroupCreated();

            projection.on(new GroupContactRemovedEvent(GROUP, ALICE), 1);

            Document group = document(GROUP);
            assertThat(GroupDocuments.toView(group).contacts()).containsExactly(BOB);
            assertThat(group.getList("contactKeys", String.class)).containsExactly("bob");
        }

        @Test
        void a_redelivered_add_or_remove_changes_nothing_and_resends_the_current_state() {
            givenGroupCreated();
            projection.on(new GroupContactsAddedEvent(GROUP, List.of(CAROL)), 1);
            projection.on(new GroupContactRemovedEvent(GROUP, CAROL), 2);
            emitter.forget();

            projection.on(new GroupContactsAddedEvent(GROUP, List.of(CAROL)), 1);
            projection.on(new GroupContactRemovedEvent(GROUP, ALICE), 2); // stale: version 2 is applied

            GroupView view = store.find(ACCOUNT, GROUP).orElseThrow();
            assertThat(view.contacts()).containsExactly(ALICE, BOB);
            assertThat(view.version()).isEqualTo(2);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).hasSize(2).allMatch(v -> v.version() == 2);
        }

        @Test
        void replacing_the_whole_list_replaces_the_contact_keys_too() {
            givenGroupCreated();

            projection.on(new GroupContactsChangedEvent(GROUP, List.of(CAROL)), 1);

            assertThat(document(GROUP).getList("contactKeys", String.class)).containsExactly("c_carol", "carol");
        }

        @Test
        void a_change_to_a_deleted_group_writes_nothing_and_tells_nobody() {
            givenGroupCreated();
            projection.on(new GroupDeletedEvent(GROUP, CREATED_AT), 1);

            projection.on(new GroupContactsAddedEvent(GROUP, List.of(CAROL)), 2);

            assertThat(document(GROUP)).isNull();
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).isEmpty();
        }
    }

    @Nested
    class Subscriptions {

        @Test
        void every_applied_change_sends_the_new_state_to_the_subscribers_of_the_group() {
            projection.on(created(GROUP), 0);
            projection.on(new GroupRenamedEvent(GROUP, "Renamed"), 1);
            projection.on(new GroupArchivedEvent(GROUP, CREATED_AT.plusSeconds(1)), 2);

            List<GroupView> updates = emitter.updatesFor(ACCOUNT, GROUP);
            assertThat(updates).extracting(GroupView::version).containsExactly(0L, 1L, 2L);
            assertThat(updates.get(1).name()).isEqualTo("Renamed");
            assertThat(updates.get(2)).isEqualTo(store.find(ACCOUNT, GROUP).orElseThrow());
        }

        @Test
        void subscribers_of_other_groups_hear_nothing() {
            projection.on(created(GROUP), 0);

            assertThat(emitter.updatesFor(ACCOUNT, "another_group")).isEmpty();
        }

        @Test
        void a_subscriber_of_another_account_hears_nothing_about_the_group() {
            projection.on(created(GROUP), 0);

            assertThat(emitter.updatesFor("acct_intruder", GROUP)).isEmpty();
        }
    }

    /** In a processor, the events of a batch come in one {@link BatchingUnitOfWork}. */
    @Nested
    class ProcessorBatches {

        /** Handles the events as a tracking processor's batch does; {@code duringEach} runs after each event. */
        void handleAsOneBatch(List<GroupEvent> events, List<Long> sequences, Runnable duringEach) throws Exception {
            List<EventMessage<?>> messages = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                messages.add(new GenericDomainEventMessage<>("Group", events.get(i).groupId(), sequences.get(i), events.get(i)));
            }
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
            ResultMessage<?> result = batch.executeWithResult(() -> {
                DomainEventMessage<?> message = (DomainEventMessage<?>) batch.getMessage();
                projection.on((GroupEvent) message.getPayload(), message.getSequenceNumber());
                duringEach.run();
                return null;
            });
            if (result.isExceptional()) {
                throw (Exception) result.exceptionResult(); // the processor's error handler gets it
            }
        }

        @Test
        void writes_the_batch_at_its_last_event_and_sends_each_groups_final_state_once() throws Exception {
            List<Long> documentsSeen = new ArrayList<>();

            handleAsOneBatch(List.of(created(GROUP), created("other_group"), new GroupRenamedEvent(GROUP, "Renamed"),
                            new GroupContactsAddedEvent(GROUP, List.of(AddingAndRemovingMembers.CAROL)),
                            new GroupArchivedEvent("other_group", CREATED_AT)),
                    List.of(0L, 0L, 1L, 2L, 1L),
                    () -> documentsSeen.add(groups.countDocuments()));

            assertThat(documentsSeen).containsExactly(0L, 0L, 0L, 0L, 2L);
            GroupView group = store.find(ACCOUNT, GROUP).orElseThrow();
            assertThat(group.name()).isEqualTo("Renamed");
            assertThat(group.contacts()).containsExactly(ALICE, BOB, AddingAndRemovingMembers.CAROL);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).containsExactly(group);
            assertThat(emitter.updatesFor(ACCOUNT, "other_group")).singleElement()
                    .satisfies(other -> assertThat(other.archivedAt()).isEqualTo(CREATED_AT));
        }

        @Test
        void a_batch_repeated_after_a_crash_changes_nothing_and_resends_the_current_state() throws Exception {
            List<GroupEvent> events = List.of(created(GROUP), new GroupRenamedEvent(GROUP, "Renamed"),
                    new GroupContactRemovedEvent(GROUP, ALICE));
            handleAsOneBatch(events, List.of(0L, 1L, 2L), () -> { });
            Document written = document(GROUP);
            emitter.forget();

            handleAsOneBatch(events, List.of(0L, 1L, 2L), () -> { });

            assertThat(document(GROUP)).isEqualTo(written);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).singleElement()
                    .satisfies(view -> assertThat(view.version()).isEqualTo(2));
        }

        /** The names of the MongoDB commands the projection sends while handling these events as one batch. */
        List<String> commandsOfBatch(List<GroupEvent> events, List<Long> sequences) throws Exception {
            List<String> commands = new ArrayList<>();
            try (MongoClient counting = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(mongo.uri()))
                    .addCommandListener(new CommandListener() {
                        @Override
                        public void commandStarted(CommandStartedEvent event) {
                            commands.add(event.getCommandName());
                        }
                    })
                    .build())) {
                GroupStore countedStore = new GroupStore(counting.getDatabase(mongo.database().getName()));
                projection = new GroupProjection(() -> countedStore, emitter);
                handleAsOneBatch(events, sequences, () -> { });
            }
            return commands;
        }

        @Test
        void groups_the_batch_creates_are_sent_as_written_without_reading_them_back() throws Exception {
            List<String> commands = commandsOfBatch(
                    List.of(created(GROUP), new GroupContactRemovedEvent(GROUP, BOB), created("other_group")),
                    List.of(0L, 1L, 0L));

            assertThat(commands).containsExactly("update");
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).containsExactly(store.find(ACCOUNT, GROUP).orElseThrow());
            assertThat(emitter.updatesFor(ACCOUNT, "other_group")).containsExactly(store.find(ACCOUNT, "other_group").orElseThrow());
        }

        @Test
        void a_batch_that_changes_one_group_gets_its_state_from_the_update_itself() throws Exception {
            givenGroupCreated();

            List<String> commands = commandsOfBatch(
                    List.of(new GroupRenamedEvent(GROUP, "Renamed"), new GroupArchivedEvent(GROUP, CREATED_AT)),
                    List.of(1L, 2L));

            assertThat(commands).containsExactly("findAndModify");
            GroupView stored = store.find(ACCOUNT, GROUP).orElseThrow();
            assertThat(stored.name()).isEqualTo("Renamed");
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).containsExactly(stored);
        }

        @Test
        void a_change_of_members_sends_the_document_it_wrote_without_reading_it_again() throws Exception {
            givenGroupCreated();

            List<String> commands = commandsOfBatch(
                    List.of(new GroupContactsAddedEvent(GROUP, List.of(AddingAndRemovingMembers.CAROL))), List.of(1L));

            assertThat(commands).containsExactly("find", "update");
            GroupView stored = store.find(ACCOUNT, GROUP).orElseThrow();
            assertThat(stored.contacts()).containsExactly(ALICE, BOB, AddingAndRemovingMembers.CAROL);
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).containsExactly(stored);
        }

        @Test
        void a_change_of_one_group_over_a_newer_document_sends_the_stored_state() throws Exception {
            givenGroupCreated();
            projection.on(new GroupRenamedEvent(GROUP, "Renamed"), 1);
            projection.on(new GroupRenamedEvent(GROUP, "Renamed again"), 2);
            emitter.forget();

            handleAsOneBatch(List.of(new GroupRenamedEvent(GROUP, "Renamed")), List.of(1L), () -> { });

            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).singleElement()
                    .satisfies(view -> assertThat(view.name()).isEqualTo("Renamed again"))
                    .satisfies(view -> assertThat(view.version()).isEqualTo(2));
        }

        @Test
        void a_create_repeated_in_a_batch_over_a_newer_document_sends_the_stored_state() throws Exception {
            givenGroupCreated();
            projection.on(new GroupRenamedEvent(GROUP, "Renamed"), 1);
            emitter.forget();

            handleAsOneBatch(List.of(created("other_group"), created(GROUP)), List.of(0L, 0L), () -> { });

            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).singleElement()
                    .satisfies(view -> assertThat(view.name()).isEqualTo("Renamed"))
                    .satisfies(view -> assertThat(view.version()).isEqualTo(1));
            assertThat(emitter.updatesFor(ACCOUNT, "other_group")).containsExactly(store.find(ACCOUNT, "other_group").orElseThrow());
        }

        @Test
        void a_group_the_batch_deletes_ends_its_subscriptions() throws Exception {
            givenGroupCreated();

            handleAsOneBatch(List.of(new GroupRenamedEvent(GROUP, "Renamed"), new GroupDeletedEvent(GROUP, CREATED_AT)),
                    List.of(1L, 2L), () -> { });

            assertThat(document(GROUP)).isNull();
            assertThat(emitter.completedFor(ACCOUNT, GROUP)).isTrue();
            assertThat(emitter.updatesFor(ACCOUNT, GROUP)).isEmpty();
        }

        @Test
        void a_failed_batch_write_fails_the_batch_so_the_processor_retries_it() {
            projection = new GroupProjection(() -> new GroupStore(mongo.database()) {
                @Override
                public java.util.Map<String, GroupView> write(GroupWriteBatch batch) {
                    throw new com.mongodb.MongoException("simulated outage");
                }
            }, emitter);

            assertThatCode(() -> handleAsOneBatch(List.of(created(GROUP)), List.of(0L), () -> { }))
                    .hasMessageContaining("simulated outage");
            assertThat(document(GROUP)).isNull();
            assertThat(emitter.isSilent()).isTrue();
        }
    }

    @Nested
    class Indexes {

        @Test
        void the_list_indexes_exist_and_creating_them_again_is_harmless() {
            assertThatCode(store::ensureIndexes).doesNotThrowAnyException();

            assertThat(indexKeys()).contains(
                    new Document("accountId", 1).append("createdAt", -1).append("_id", -1),
                    new Document("accountId", 1).append("archived", 1).append("createdAt", -1).append("_id", -1),
                    new Document("accountId", 1).append("contactKeys", 1).append("createdAt", -1).append("_id", -1),
                    new Document("accountId", 1).append("contactKeys", 1).append("archived", 1)
                            .append("createdAt", -1).append("_id", -1));
        }

        @Test
        void a_reset_empties_the_collection_and_keeps_the_indexes() {
            projection.on(created(GROUP), 0);
            projection.on(created("other_group"), 0);

            projection.onReset();

            assertThat(groups.countDocuments()).isZero();
            assertThat(indexKeys()).contains(
                    new Document("accountId", 1).append("createdAt", -1).append("_id", -1),
                    new Document("accountId", 1).append("archived", 1).append("createdAt", -1).append("_id", -1));
        }

        @Test
        void after_a_reset_the_history_is_applied_again() {
            projection.on(created(GROUP), 0);
            projection.on(new GroupRenamedEvent(GROUP, "Renamed"), 1);

            projection.onReset();
            projection.on(created(GROUP), 0);
            projection.on(new GroupRenamedEvent(GROUP, "Renamed"), 1);

            assertThat(store.find(ACCOUNT, GROUP).orElseThrow().name()).isEqualTo("Renamed");
        }

        private List<Document> indexKeys() {
            List<Document> keys = new ArrayList<>();
            for (Document index : groups.listIndexes()) {
                Document key = index.get("key", Document.class);
                // servers answer 1 or 1.0; normalize to ints
                Document normalized = new Document();
                key.forEach((field, direction) -> normalized.append(field, ((Number) direction).intValue()));
                keys.add(normalized);
            }
            return keys;
        }
    }
}
