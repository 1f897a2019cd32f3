package chat.groups.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold of a group's events into its state, shared by the aggregate and time travel. */
class GroupStateTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Contact HECTOR = new Contact(null, "Hector", null, null, null, null, null, null);
    private static final GroupCreatedEvent CREATED_EVENT = new GroupCreatedEvent("g1", "acme", "conv1", "Plaza Hotel",
            "World-renowned.", "https://a.example/p.jpg", List.of(HECTOR), CREATED);

    @Test
    void creationGivesEveryFieldAndVersionZero() {
        GroupState state = GroupState.evolve(null, CREATED_EVENT, 0);

        assertThat(state).isEqualTo(new GroupState("g1", "acme", "conv1", "Plaza Hotel", "World-renowned.",
                "https://a.example/p.jpg", List.of(HECTOR), CREATED, null, null, 0));
        assertThat(state.archived()).isFalse();
        assertThat(state.deleted()).isFalse();
    }

    @Test
    void addsAppendNewMembersAndRemovesTakeOneOutByItsIdentity() {
        Contact ana = new Contact("cAna000000000001", "ana", null, null, null, null, null, null);
        Contact cedric = new Contact(null, "Cedric", null, null, null, null, null, null);
        GroupState state = fold(CREATED_EVENT,
                new GroupEvent.GroupContactsAddedEvent("g1", List.of(ana, cedric)),
                new GroupEvent.GroupContactsAddedEvent("g1", List.of(HECTOR)), // a member already: no change
                new GroupEvent.GroupContactRemovedEvent("g1", HECTOR));

        assertThat(state.contacts()).containsExactly(ana, cedric);
        assertThat(state.version()).isEqualTo(3);

        GroupState after = GroupState.evolve(state, new GroupEvent.GroupContactRemovedEvent("g1",
                new Contact("cAna000000000001", "someone", null, null, null, null, null, null)), 4);
        assertThat(after.contacts()).as("the same member: same id").containsExactly(cedric);
    }

    @Test
    void erasedMembershipEventsChangeNothingButTheVersion() {
        // After deletion the sealed content reads as absent (null); the fold must still get through.
        GroupState state = fold(CREATED_EVENT,
                new GroupEvent.GroupContactsAddedEvent("g1", null),
                new GroupEvent.GroupContactRemovedEvent("g1", null));

        assertThat(state.contacts()).containsExactly(HECTOR);
        assertThat(state.version()).isEqualTo(2);
    }

    @Test
    void eachChangeReplacesOneFieldAndAdvancesTheVersion() {
        GroupState state = fold(CREATED_EVENT,
                new GroupRenamedEvent("g1", "The Plaza"),
                new GroupDescriptionChangedEvent("g1", null),
                new GroupAvatarChangedEvent("g1", "https://a.example/q.jpg"),
                new GroupContactsChangedEvent("g1", List.of()));

        assertThat(state.name()).isEqualTo("The Plaza");
        assertThat(state.description()).isNull();
        assertThat(state.avatarUrl()).isEqualTo("https://a.example/q.jpg");
        assertThat(state.contacts()).isEmpty();
        assertThat(state.version()).isEqualTo(4);
        assertThat(state.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void archivingAndUnarchivingSetAndClearTheArchivalTime() {
        Instant archivedAt = Instant.parse("2026-02-01T00:00:00Z");
        GroupState archived = fold(CREATED_EVENT, new GroupArchivedEvent("g1", archivedAt));
        GroupState unarchived = GroupState.evolve(archived, new GroupUnarchivedEvent("g1"), 2);

        assertThat(archived.archived()).isTrue();
        assertThat(archived.archivedAt()).isEqualTo(archivedAt);
        assertThat(unarchived.archived()).isFalse();
        assertThat(unarchived.version()).isEqualTo(2);
    }

    @Test
    void deletionKeepsTheLastContentAndMarksTheTime() {
        Instant deletedAt = Instant.parse("2026-03-01T00:00:00Z");
        GroupState deleted = fold(CREATED_EVENT, new GroupDeletedEvent("g1", deletedAt));

        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.deletedAt()).isEqualTo(deletedAt);
        assertThat(deleted.name()).isEqualTo("Plaza Hotel");
    }

    @Test
    void erasedContentFoldsToNullsAndAnEmptyMemberList() {
        GroupCreatedEvent erased = new GroupCreatedEvent("g1", "acme", "conv1", null, null, null, null, CREATED);

        GroupState state = GroupState.evolve(null, erased, 0);

        assertThat(state.name()).isNull();
        assertThat(state.contacts()).isEmpty();
    }

    @Test
    void theViewIsTheStateAsTheReadModelShowsIt() {
        GroupView view = fold(CREATED_EVENT, new GroupRenamedEvent("g1", "The Plaza")).view();

        assertThat(view).isEqualTo(new GroupView("g1", "acme", "The Plaza", "World-renowned.", "https://a.example/p.jpg",
                "conv1", List.of(HECTOR), CREATED, null, 1));
    }

    @Test
    void aChangeBeforeCreationIsRefused() {
        assertThatThrownBy(() -> GroupState.evolve(null, new GroupRenamedEvent("g1", "x"), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before it was created");
    }

    private static GroupState fold(GroupEvent... events) {
        GroupState state = null;
        for (int i = 0; i < events.length; i++) {
            state = GroupState.evolve(state, events[i], i);
        }
        return state;
    }
}
