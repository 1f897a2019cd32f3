package chat.groups.command;

import chat.groups.api.ArchiveGroupCommand;
import chat.groups.api.Change;
import chat.groups.api.Contact;
import chat.groups.api.CreateGroupCommand;
import chat.groups.api.DeleteGroupCommand;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import chat.groups.api.UnarchiveGroupCommand;
import chat.groups.api.UpdateGroupCommand;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of a {@link Group}, written as given (past events) / when (a command) /
 * expect (new events, the answered version, or a rejection).
 *
 * <p>Every command handler but creation answers the group's version: the sequence number
 * of its last event. The fixture numbers given events from 0, so after {@code given(created())}
 * the version is 0 and the next event is number 1.
 */
class GroupTest {

    private static final String GROUP_ID = "grp_1";
    private static final String OWNER = "acc_owner";
    private static final String STRANGER = "acc_stranger";
    private static final String CONVERSATION_ID = "conv_1";

    private static final Instant CREATED_AT = Instant.parse("2024-01-01T10:00:00Z");
    private static final Instant ARCHIVED_AT = Instant.parse("2024-02-01T10:00:00Z");
    private static final Instant LATER = Instant.parse("2024-03-01T10:00:00Z");
    private static final Instant DELETED_AT = Instant.parse("2024-04-01T10:00:00Z");

    private static final Contact ALICE =
            new Contact("c_alice", "alice", "+15550001", "https://img/alice.png", "Alice", "conv_a", 1_700_000_000L, 1_690_000_000L);
    private static final Contact BOB =
            new Contact("c_bob", "bob", null, null, null, null, null, null);
    private static final Contact CAROL =
            new Contact(null, "carol", null, null, "Carol", null, null, null);

    private FixtureConfiguration<Group> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Group.class);
    }

    // ---------------------------------------------------------------- create

    @Nested
    @DisplayName("create")
    class Create {

        @Test
        void emitsGroupCreatedWithEveryField() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroupCommand(GROUP_ID, OWNER, CONVERSATION_ID, "Team", "Our team",
                            "https://img/team.png", List.of(ALICE, BOB), CREATED_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new GroupCreatedEvent(GROUP_ID, OWNER, CONVERSATION_ID, "Team", "Our team",
                            "https://img/team.png", List.of(ALICE, BOB), CREATED_AT));
        }

        @Test
        void emitsGroupCreatedWithoutOptionalFieldsOrContacts() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroupCommand(GROUP_ID, OWNER, null, "Team", null, null, List.of(), CREATED_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new GroupCreatedEvent(GROUP_ID, OWNER, null, "Team", null, null, List.of(), CREATED_AT));
        }

        @Test
        void answersTheGroupId() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroupCommand(GROUP_ID, OWNER, CONVERSATION_ID, "Team", null, null, List.of(), CREATED_AT))
                    .expectResultMessagePayload(GROUP_ID);
        }

        @Test
        void leavesAGroupThatIsNotDeleted() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroupCommand(GROUP_ID, OWNER, CONVERSATION_ID, "Team", null, null, List.of(), CREATED_AT))
                    .expectNotMarkedDeleted();
        }
    }

    // ---------------------------------------------------------------- update

    @Nested
    @DisplayName("update, one field at a time")
    class UpdateOneField {

        @Test
        void newNameRenamesTheGroup() {
            fixture.given(created())
                    .when(update().name("Renamed").build())
                    .expectEvents(new GroupRenamedEvent(GROUP_ID, "Renamed"))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void newDescriptionChangesIt() {
            fixture.given(created())
                    .when(update().description("New description").build())
                    .expectEvents(new GroupDescriptionChangedEvent(GROUP_ID, "New description"))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void nullDescriptionClearsIt() {
            fixture.given(created())
                    .when(update().description(null).build())
                    .expectEvents(new GroupDescriptionChangedEvent(GROUP_ID, null))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void descriptionCanBeSetAgainAfterBeingCleared() {
            fixture.given(created(), new GroupDescriptionChangedEvent(GROUP_ID, null))
                    .when(update().description("Back again").build())
                    .expectEvents(new GroupDescriptionChangedEvent(GROUP_ID, "Back again"))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void newAvatarChangesIt() {
            fixture.given(created())
                    .when(update().avatarUrl("https://img/new.png").build())
                    .expectEvents(new GroupAvatarChangedEvent(GROUP_ID, "https://img/new.png"))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void nullAvatarClearsIt() {
            fixture.given(created())
                    .when(update().avatarUrl(null).build())
                    .expectEvents(new GroupAvatarChangedEvent(GROUP_ID, null))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void newContactsReplaceTheOldOnes() {
            fixture.given(created())
                    .when(update().contacts(List.of(CAROL)).build())
                    .expectEvents(new GroupContactsChangedEvent(GROUP_ID, List.of(CAROL)))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void emptyContactsRemoveThemAll() {
            fixture.given(created())
                    .when(update().contacts(List.of()).build())
                    .expectEvents(new GroupContactsChangedEvent(GROUP_ID, List.of()))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void reorderedContactsAreAChange() {
            fixture.given(created())
                    .when(update().contacts(List.of(BOB, ALICE)).build())
                    .expectEvents(new GroupContactsChangedEvent(GROUP_ID, List.of(BOB, ALICE)))
                    .expectResultMessagePayload(1L);
        }
    }

    @Nested
    @DisplayName("update, several fields at once")
    class UpdateSeveralFields {

        @Test
        void emitsOneEventPerChangedFieldInAFixedOrder() {
            fixture.given(created())
                    .when(update()
                            .archivedAt(ARCHIVED_AT)
                            .contacts(List.of(CAROL))
                            .avatarUrl("https://img/new.png")
                            .description("New description")
                            .name("Renamed")
                            .build())
                    .expectEvents(
                            new GroupRenamedEvent(GROUP_ID, "Renamed"),
                            new GroupDescriptionChangedEvent(GROUP_ID, "New description"),
                            new GroupAvatarChangedEvent(GROUP_ID, "https://img/new.png"),
                            new GroupContactsChangedEvent(GROUP_ID, List.of(CAROL)),
                            new GroupArchivedEvent(GROUP_ID, ARCHIVED_AT))
                    .expectResultMessagePayload(5L);
        }

        @Test
        void emitsEventsOnlyForTheFieldsThatActuallyChange() {
            fixture.given(created())
                    .when(update()
                            .name("Team")                    // current value
                            .description("New description")
                            .avatarUrl("https://img/team.png") // current value
                            .contacts(List.of(ALICE, BOB))     // current value
                            .archivedAt(null)                  // already active
                            .build())
                    .expectEvents(new GroupDescriptionChangedEvent(GROUP_ID, "New description"))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void canChangeFieldsAndUnarchiveTogether() {
            fixture.given(created(), archived())
                    .when(update().name("Renamed").archivedAt(null).build())
                    .expectEvents(
                            new GroupRenamedEvent(GROUP_ID, "Renamed"),
                            new GroupUnarchivedEvent(GROUP_ID))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void canChangeFieldsOfAnArchivedGroupWithoutUnarchivingIt() {
            fixture.given(created(), archived())
                    .when(update().name("Renamed").build())
                    .expectEvents(new GroupRenamedEvent(GROUP_ID, "Renamed"))
                    .expectResultMessagePayload(2L);
        }
    }

    @Nested
    @DisplayName("update that changes nothing")
    class UpdateNoOp {

        @Test
        void allChangesAbsentEmitsNothingAndAnswersTheCurrentVersion() {
            fixture.given(created())
                    .when(update().build())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void sameNameEmitsNothing() {
            fixture.given(created())
                    .when(update().name("Team").build())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void sameDescriptionEmitsNothing() {
            fixture.given(created())
                    .when(update().description("Our team").build())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void clearingAnAbsentDescriptionEmitsNothing() {
            fixture.given(createdWithoutOptionals())
                    .when(update().description(null).build())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void sameAvatarEmitsNothing() {
            fixture.given(created())
                    .when(update().avatarUrl("https://img/team.png").build())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void sameContactsEmitNothing() {
            fixture.given(created())
                    .when(update().contacts(List.of(ALICE, BOB)).build())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void emptyContactsOnAGroupWithoutContactsEmitNothing() {
            fixture.given(createdWithoutOptionals())
                    .when(update().contacts(List.of()).build())
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void valuesEqualToTheLatestEventsEmitNothing() {
            fixture.given(created(),
                            new GroupRenamedEvent(GROUP_ID, "Renamed"),
                            new GroupContactsChangedEvent(GROUP_ID, List.of(CAROL)))
                    .when(update().name("Renamed").contacts(List.of(CAROL)).build())
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void answersTheCurrentVersionAfterManyEvents() {
            fixture.given(created(),
                            new GroupRenamedEvent(GROUP_ID, "One"),
                            new GroupRenamedEvent(GROUP_ID, "Two"),
                            archived(),
                            unarchived())
                    .when(update().build())
                    .expectNoEvents()
                    .expectResultMessagePayload(4L);
        }
    }

    @Nested
    @DisplayName("update of the archival state")
    class UpdateArchival {

        @Test
        void archivedAtOnAnActiveGroupArchivesIt() {
            fixture.given(created())
                    .when(update().archivedAt(ARCHIVED_AT).build())
                    .expectEvents(new GroupArchivedEvent(GROUP_ID, ARCHIVED_AT))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void archivedAtOnAnArchivedGroupEmitsNothing() {
            fixture.given(created(), archived())
                    .when(update().archivedAt(LATER).build())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void nullArchivedAtOnAnArchivedGroupUnarchivesIt() {
            fixture.given(created(), archived())
                    .when(update().archivedAt(null).build())
                    .expectEvents(new GroupUnarchivedEvent(GROUP_ID))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void nullArchivedAtOnAnActiveGroupEmitsNothing() {
            fixture.given(created())
                    .when(update().archivedAt(null).build())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void nullArchivedAtOnAGroupUnarchivedEarlierEmitsNothing() {
            fixture.given(created(), archived(), unarchived())
                    .when(update().archivedAt(null).build())
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void archivedAtBeforeTheGroupWasCreatedIsRefusedEvenOnAnArchivedGroup() {
            String message = "'archived_at' (" + (CREATED_AT.getEpochSecond() - 1) + ") is before group 'grp_1' was "
                    + "created (" + CREATED_AT.getEpochSecond() + "). Send a time from " + CREATED_AT.getEpochSecond()
                    + " on, e.g. the current Unix time.";
            fixture.given(created())
                    .when(update().name("Renamed").archivedAt(CREATED_AT.minusSeconds(1)).build())
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.INVALID_ARCHIVED_AT, message))
                    .expectNoEvents();
            fixture.given(created(), archived())
                    .when(update().archivedAt(Instant.ofEpochSecond(1000)).build())
                    .expectException(CommandExecutionException.class)
                    .expectNoEvents();
        }

        @Test
        void archivedAtInTheSecondTheGroupWasCreatedIsAllowed() {
            fixture.given(created())
                    .when(update().archivedAt(CREATED_AT).build())
                    .expectEvents(new GroupArchivedEvent(GROUP_ID, CREATED_AT));
        }

        @Test
        void archivedAtOnAGroupUnarchivedEarlierArchivesItAgain() {
            fixture.given(created(), archived(), unarchived())
                    .when(update().archivedAt(LATER).build())
                    .expectEvents(new GroupArchivedEvent(GROUP_ID, LATER))
                    .expectResultMessagePayload(3L);
        }
    }

    // ---------------------------------------------------------------- archive

    @Nested
    @DisplayName("archive")
    class Archive {

        @Test
        void archivesAnActiveGroup() {
            fixture.given(created())
                    .when(new ArchiveGroupCommand(GROUP_ID, OWNER, ARCHIVED_AT))
                    .expectEvents(new GroupArchivedEvent(GROUP_ID, ARCHIVED_AT))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void answersTheVersionAfterSeveralEvents() {
            fixture.given(created(), new GroupRenamedEvent(GROUP_ID, "Renamed"), new GroupAvatarChangedEvent(GROUP_ID, null))
                    .when(new ArchiveGroupCommand(GROUP_ID, OWNER, ARCHIVED_AT))
                    .expectEvents(new GroupArchivedEvent(GROUP_ID, ARCHIVED_AT))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void archivesAGroupThatWasUnarchived() {
            fixture.given(created(), archived(), unarchived())
                    .when(new ArchiveGroupCommand(GROUP_ID, OWNER, LATER))
                    .expectEvents(new GroupArchivedEvent(GROUP_ID, LATER))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void rejectsAnAlreadyArchivedGroup() {
            fixture.given(created(), archived())
                    .when(new ArchiveGroupCommand(GROUP_ID, OWNER, LATER))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionMessage(
                            "Group 'grp_1' is already archived; unarchive it first to archive it again.")
                    .expectExceptionDetails(new Rejection(Reason.GROUP_ALREADY_ARCHIVED,
                            "Group 'grp_1' is already archived; unarchive it first to archive it again."))
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- unarchive

    @Nested
    @DisplayName("unarchive")
    class Unarchive {

        @Test
        void unarchivesAnArchivedGroup() {
            fixture.given(created(), archived())
                    .when(new UnarchiveGroupCommand(GROUP_ID, OWNER))
                    .expectEvents(new GroupUnarchivedEvent(GROUP_ID))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void rejectsAnActiveGroup() {
            fixture.given(created())
                    .when(new UnarchiveGroupCommand(GROUP_ID, OWNER))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionMessage("Group 'grp_1' is not archived, so there is nothing to unarchive.")
                    .expectExceptionDetails(new Rejection(Reason.GROUP_NOT_ARCHIVED,
                            "Group 'grp_1' is not archived, so there is nothing to unarchive."))
                    .expectNoEvents();
        }

        @Test
        void rejectsAGroupThatWasAlreadyUnarchived() {
            fixture.given(created(), archived(), unarchived())
                    .when(new UnarchiveGroupCommand(GROUP_ID, OWNER))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.GROUP_NOT_ARCHIVED,
                            "Group 'grp_1' is not archived, so there is nothing to unarchive."))
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- delete

    @Nested
    @DisplayName("delete")
    class Delete {

        @Test
        void deletesAnActiveGroup() {
            fixture.given(created())
                    .when(new DeleteGroupCommand(GROUP_ID, OWNER, DELETED_AT))
                    .expectEvents(new GroupDeletedEvent(GROUP_ID, DELETED_AT))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void deletesAnArchivedGroup() {
            fixture.given(created(), archived())
                    .when(new DeleteGroupCommand(GROUP_ID, OWNER, DELETED_AT))
                    .expectEvents(new GroupDeletedEvent(GROUP_ID, DELETED_AT))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(2L);
        }
    }

    @Nested
    @DisplayName("after deletion, the group can no longer be loaded")
    class AfterDeletion {

        @Test
        void updateFails() {
            fixture.given(created(), deleted())
                    .when(update().name("Renamed").build())
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }

        @Test
        void noOpUpdateFails() {
            fixture.given(created(), deleted())
                    .when(update().build())
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }

        @Test
        void archiveFails() {
            fixture.given(created(), deleted())
                    .when(new ArchiveGroupCommand(GROUP_ID, OWNER, ARCHIVED_AT))
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }

        @Test
        void unarchiveFails() {
            fixture.given(created(), archived(), deleted())
                    .when(new UnarchiveGroupCommand(GROUP_ID, OWNER))
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }

        @Test
        void deletingAgainFails() {
            fixture.given(created(), deleted())
                    .when(new DeleteGroupCommand(GROUP_ID, OWNER, LATER))
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }

        @Test
        void anotherAccountGetsTheSameFailure() {
            fixture.given(created(), deleted())
                    .when(new DeleteGroupCommand(GROUP_ID, STRANGER, LATER))
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- ownership

    @Nested
    @DisplayName("another account's group does not exist for the caller")
    class Ownership {

        @Test
        void updateIsRejected() {
            fixture.given(created())
                    .when(new UpdateGroupCommand(GROUP_ID, STRANGER, Change.to("Hijacked"), null, null, null, null))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionMessage("No such group: 'grp_1'.")
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }

        @Test
        void noOpUpdateIsRejectedToo() {
            fixture.given(created())
                    .when(new UpdateGroupCommand(GROUP_ID, STRANGER, null, null, null, null, null))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }

        @Test
        void archiveIsRejected() {
            fixture.given(created())
                    .when(new ArchiveGroupCommand(GROUP_ID, STRANGER, ARCHIVED_AT))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }

        @Test
        void archiveOfAnArchivedGroupIsRejectedAsNotFoundNotAsAlreadyArchived() {
            fixture.given(created(), archived())
                    .when(new ArchiveGroupCommand(GROUP_ID, STRANGER, LATER))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }

        @Test
        void unarchiveIsRejected() {
            fixture.given(created(), archived())
                    .when(new UnarchiveGroupCommand(GROUP_ID, STRANGER))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }

        @Test
        void unarchiveOfAnActiveGroupIsRejectedAsNotFoundNotAsNotArchived() {
            fixture.given(created())
                    .when(new UnarchiveGroupCommand(GROUP_ID, STRANGER))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }

        @Test
        void deleteIsRejected() {
            fixture.given(created())
                    .when(new DeleteGroupCommand(GROUP_ID, STRANGER, DELETED_AT))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }

        @Test
        void aMissingAccountIsRejectedLikeAStranger() {
            fixture.given(created())
                    .when(new DeleteGroupCommand(GROUP_ID, null, DELETED_AT))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(groupNotFound())
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** "Team", described, with an avatar and two contacts, owned by {@link #OWNER}. */
    private static GroupCreatedEvent created() {
        return new GroupCreatedEvent(GROUP_ID, OWNER, CONVERSATION_ID, "Team", "Our team",
                "https://img/team.png", List.of(ALICE, BOB), CREATED_AT);
    }

    /** "Team" with no description, no avatar, no conversation and no contacts. */
    private static GroupCreatedEvent createdWithoutOptionals() {
        return new GroupCreatedEvent(GROUP_ID, OWNER, null, "Team", null, null, List.of(), CREATED_AT);
    }

    private static GroupArchivedEvent archived() {
        return new GroupArchivedEvent(GROUP_ID, ARCHIVED_AT);
    }

    private static GroupUnarchivedEvent unarchived() {
        return new GroupUnarchivedEvent(GROUP_ID);
    }

    private static GroupDeletedEvent deleted() {
        return new GroupDeletedEvent(GROUP_ID, DELETED_AT);
    }

    private static Rejection groupNotFound() {
        return new Rejection(Reason.GROUP_NOT_FOUND, "No such group: 'grp_1'.");
    }

    /** An update of {@link #GROUP_ID} by its owner; a field left unset is absent (a null {@code Change}). */
    private static UpdateBuilder update() {
        return new UpdateBuilder();
    }

    private static final class UpdateBuilder {
        private Change<String> name;
        private Change<String> description;
        private Change<String> avatarUrl;
        private Change<List<Contact>> contacts;
        private Change<Instant> archivedAt;

        UpdateBuilder name(String value) {
            name = Change.to(value);
            return this;
        }

        UpdateBuilder description(String value) {
            description = Change.to(value);
            return this;
        }

        UpdateBuilder avatarUrl(String value) {
            avatarUrl = Change.to(value);
            return this;
        }

        UpdateBuilder contacts(List<Contact> value) {
            contacts = Change.to(value);
            return this;
        }

        UpdateBuilder archivedAt(Instant value) {
            archivedAt = Change.to(value);
            return this;
        }

        UpdateGroupCommand build() {
            return new UpdateGroupCommand(GROUP_ID, OWNER, name, description, avatarUrl, contacts, archivedAt);
        }
    }
}
