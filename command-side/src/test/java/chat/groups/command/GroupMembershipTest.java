package chat.groups.command;

import chat.groups.api.AddContactsCommand;
import chat.groups.api.Contact;
import chat.groups.api.DeleteGroupCommand;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupContactRemovedEvent;
import chat.groups.api.GroupEvent.GroupContactsAddedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.Members;
import chat.groups.api.MetadataKeys;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import chat.groups.api.RemoveContactCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Adding and removing members one call at a time, as given (past events) / when (a command) /
 * expect (new events and the answered version, or a rejection and no events).
 */
class GroupMembershipTest {

    private static final String GROUP_ID = "grp_1";
    private static final String OWNER = "acc_owner";
    private static final Instant CREATED_AT = Instant.parse("2024-01-01T10:00:00Z");

    private static final Contact ALICE = new Contact("cAlice0000000001", "alice", null, null, "Alice", null, null, null);
    private static final Contact BOB = new Contact("cBob000000000001", "bob", null, null, null, null, null, null);
    private static final Contact CAROL = new Contact(null, "carol", null, null, "Carol", null, null, null);
    private static final Contact DAVE = new Contact("cDave00000000001", "dave", null, null, null, null, null, null);

    private FixtureConfiguration<Group> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Group.class);
    }

    @Nested
    @DisplayName("add contacts")
    class Add {

        @Test
        void addsTheContactsThatAreNotMembersYet() {
            fixture.given(created(ALICE, BOB))
                    .when(add(CAROL, DAVE))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, List.of(CAROL, DAVE)))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void leavesExistingMembersAsTheyAreAndAddsOnlyTheOthers() {
            Contact aliceRenamed = new Contact(ALICE.id(), "alice2", null, null, "Someone else", null, null, null);
            fixture.given(created(ALICE, CAROL))
                    .when(add(aliceRenamed, new Contact(null, "carol", "+15550001", null, null, null, null, null), DAVE))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, List.of(DAVE)));
        }

        @Test
        void addingOnlyExistingMembersChangesNothingAndAnswersTheCurrentVersion() {
            fixture.given(created(ALICE, CAROL), new GroupArchivedEvent(GROUP_ID, CREATED_AT))
                    .when(add(ALICE, CAROL))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void aContactWithAnIdIsAnotherMemberThanOneKnownOnlyByTheSameUsername() {
            // The rule of create and update: a contact is known by its id, else by its username.
            Contact carolWithId = new Contact("cCarol0000000001", "carol", null, null, null, null, null, null);
            fixture.given(created(CAROL))
                    .when(add(carolWithId))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, List.of(carolWithId)));
        }

        @Test
        void theSameContactTwiceInOneCommandIsAddedOnce() {
            fixture.given(created())
                    .when(add(DAVE, DAVE))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, List.of(DAVE)));
        }

        @Test
        void fillsTheGroupUpToItsCapExactly() {
            List<Contact> members = contacts(0, Members.CAP - 2);
            fixture.given(created(members))
                    .when(new AddContactsCommand(GROUP_ID, OWNER, contacts(Members.CAP - 2, Members.CAP), null))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, contacts(Members.CAP - 2, Members.CAP)));
        }

        @Test
        void refusesTheWholeCommandWhenTheNewMembersDoNotAllFit() {
            String message = "Group 'grp_1' has 248 members and room for 2 more (at most 250 per group), but 3 of "
                    + "these contacts are not members yet. Nothing was added: add at most 2 contacts, or remove "
                    + "members first.";
            fixture.given(created(contacts(0, Members.CAP - 2)))
                    .when(new AddContactsCommand(GROUP_ID, OWNER, contacts(Members.CAP - 3, Members.CAP + 1), null))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionMessage(message)
                    .expectExceptionDetails(new Rejection(Reason.MEMBER_CAP_REACHED, message))
                    .expectNoEvents();
        }

        @Test
        void aFullGroupRefusesANewMemberButStillAcceptsExistingOnes() {
            List<Contact> full = contacts(0, Members.CAP);
            fixture.given(created(full))
                    .when(add(DAVE))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.MEMBER_CAP_REACHED, "Group 'grp_1' has 250 members "
                            + "and room for 0 more (at most 250 per group), but 1 of these contacts are not members "
                            + "yet. Nothing was added: add at most 0 contacts, or remove members first."))
                    .expectNoEvents();
            fixture.given(created(full))
                    .when(new AddContactsCommand(GROUP_ID, OWNER, List.of(full.get(7)), null))
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void aRemovedMemberMakesRoomAgain() {
            List<Contact> full = contacts(0, Members.CAP);
            fixture.given(created(full), new GroupContactRemovedEvent(GROUP_ID, full.get(3)))
                    .when(add(DAVE))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, List.of(DAVE)))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void countsMembersAfterAReplacementOfTheWholeList() {
            fixture.given(created(contacts(0, Members.CAP)), new GroupContactsChangedEvent(GROUP_ID, List.of(ALICE)))
                    .when(add(BOB))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, List.of(BOB)));
        }

        @Test
        void anIfMatchOfAnotherVersionIsRefused() {
            fixture.given(created(), new GroupContactsAddedEvent(GROUP_ID, List.of(ALICE)))
                    .when(new AddContactsCommand(GROUP_ID, OWNER, List.of(BOB), 0L))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(rejection(Reason.VERSION_MISMATCH))
                    .expectNoEvents();
            fixture.given(created(), new GroupContactsAddedEvent(GROUP_ID, List.of(ALICE)))
                    .when(new AddContactsCommand(GROUP_ID, OWNER, List.of(BOB), 1L))
                    .expectEvents(new GroupContactsAddedEvent(GROUP_ID, List.of(BOB)));
        }

        @Test
        void anotherAccountsGroupIsNotFound() {
            fixture.given(created())
                    .when(new AddContactsCommand(GROUP_ID, "acc_stranger", List.of(BOB), null))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.GROUP_NOT_FOUND, "No such group: 'grp_1'."))
                    .expectNoEvents();
        }

        @Test
        void aDeletedGroupCannotBeLoaded() {
            fixture.given(created(ALICE), new GroupDeletedEvent(GROUP_ID, CREATED_AT))
                    .when(add(BOB))
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }

        @Test
        void aRetryWithItsIdempotencyKeyAddsNothingAndAnswersTheFirstVersion() {
            Map<String, Object> firstTry = Map.of(MetadataKeys.IDEMPOTENCY_KEY, "k1", MetadataKeys.IDEMPOTENCY_FINGERPRINT, "fp");
            fixture.given(created())
                    .andGiven(List.of(new GenericDomainEventMessage<>("Group", GROUP_ID, 1,
                            new GroupContactsAddedEvent(GROUP_ID, List.of(BOB)), MetaData.from(firstTry))))
                    .andGiven(new GroupContactRemovedEvent(GROUP_ID, BOB))
                    .when(add(BOB), firstTry)
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }
    }

    @Nested
    @DisplayName("remove a contact")
    class Remove {

        @Test
        void removesAMemberByItsId() {
            fixture.given(created(ALICE, BOB))
                    .when(remove(BOB.id()))
                    .expectEvents(new GroupContactRemovedEvent(GROUP_ID, BOB))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void removesAMemberByItsUsernameWithOrWithoutAnId() {
            fixture.given(created(ALICE, CAROL))
                    .when(remove("carol"))
                    .expectEvents(new GroupContactRemovedEvent(GROUP_ID, CAROL));
            fixture.given(created(ALICE, CAROL))
                    .when(remove("alice"))
                    .expectEvents(new GroupContactRemovedEvent(GROUP_ID, ALICE));
        }

        @Test
        void removesAMemberThatWasAdded() {
            fixture.given(created(ALICE), new GroupContactsAddedEvent(GROUP_ID, List.of(DAVE)))
                    .when(remove(DAVE.id()))
                    .expectEvents(new GroupContactRemovedEvent(GROUP_ID, DAVE))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aNonMemberIsNotFoundAndNothingChanges() {
            String message = "'dave' is not a member of group 'grp_1': no member has that id or username. "
                    + "Retrieve the group to see its contacts.";
            fixture.given(created(ALICE, CAROL))
                    .when(remove("dave"))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.CONTACT_NOT_MEMBER, message))
                    .expectNoEvents();
        }

        @Test
        void aMemberRemovedBeforeIsNoLongerThere() {
            fixture.given(created(ALICE, BOB), new GroupContactRemovedEvent(GROUP_ID, BOB))
                    .when(remove(BOB.id()))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(rejection(Reason.CONTACT_NOT_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void aUsernameOfSeveralMembersIsAmbiguousAndNothingChanges() {
            Contact carolWithId = new Contact("cCarol0000000001", "carol", null, null, null, null, null, null);
            fixture.given(created(CAROL, carolWithId))
                    .when(remove("carol"))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.CONTACT_AMBIGUOUS, "Username 'carol' names 2 members "
                            + "of group 'grp_1' (one without an id, id cCarol0000000001). Remove the one you mean by its id."))
                    .expectNoEvents();
            fixture.given(created(CAROL, carolWithId))
                    .when(remove("cCarol0000000001"))
                    .expectEvents(new GroupContactRemovedEvent(GROUP_ID, carolWithId));
        }

        @Test
        void anIfMatchOfAnotherVersionIsRefused() {
            fixture.given(created(ALICE), new GroupArchivedEvent(GROUP_ID, CREATED_AT))
                    .when(new RemoveContactCommand(GROUP_ID, OWNER, "alice", 0L))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(rejection(Reason.VERSION_MISMATCH))
                    .expectNoEvents();
        }

        @Test
        void aDeletedGroupCannotBeLoaded() {
            fixture.given(created(ALICE), new GroupDeletedEvent(GROUP_ID, CREATED_AT))
                    .when(remove("alice"))
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }

        @Test
        void anotherAccountsGroupIsNotFound() {
            fixture.given(created(ALICE))
                    .when(new RemoveContactCommand(GROUP_ID, "acc_stranger", "alice", null))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(new Rejection(Reason.GROUP_NOT_FOUND, "No such group: 'grp_1'."))
                    .expectNoEvents();
        }

        @Test
        void deletionAfterMembershipChangesStillWorks() {
            fixture.given(created(ALICE), new GroupContactsAddedEvent(GROUP_ID, List.of(BOB)),
                            new GroupContactRemovedEvent(GROUP_ID, ALICE))
                    .when(new DeleteGroupCommand(GROUP_ID, OWNER, CREATED_AT))
                    .expectEvents(new GroupDeletedEvent(GROUP_ID, CREATED_AT))
                    .expectResultMessagePayload(3L);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static GroupCreatedEvent created(Contact... contacts) {
        return created(List.of(contacts));
    }

    private static GroupCreatedEvent created(List<Contact> contacts) {
        return new GroupCreatedEvent(GROUP_ID, OWNER, "conv", "Team", null, null, contacts, CREATED_AT);
    }

    private static AddContactsCommand add(Contact... contacts) {
        return new AddContactsCommand(GROUP_ID, OWNER, List.of(contacts), null);
    }

    private static RemoveContactCommand remove(String contact) {
        return new RemoveContactCommand(GROUP_ID, OWNER, contact, null);
    }

    /** Contacts {@code user<from>} to {@code user<to - 1>}, known by username. */
    private static List<Contact> contacts(int from, int to) {
        List<Contact> contacts = new ArrayList<>();
        IntStream.range(from, to).forEach(i -> contacts.add(new Contact(null, "user" + i, null, null, null, null, null, null)));
        return contacts;
    }

    private static org.hamcrest.Matcher<Rejection> rejection(Reason reason) {
        return Matchers.predicate(rejection -> rejection.reason() == reason);
    }
}
