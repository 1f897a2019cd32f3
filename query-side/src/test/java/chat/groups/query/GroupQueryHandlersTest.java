package chat.groups.query;

import chat.groups.common.testing.TestMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupPage;
import chat.groups.api.GroupView;
import chat.groups.api.ListGroupsQuery;
import chat.groups.api.Rejection;
import chat.groups.api.Rejection.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the query handlers answer from the read model. */
class GroupQueryHandlersTest {

    @RegisterExtension
    static final TestMongo mongo = new TestMongo();

    static final String ACCOUNT = "acct_owner";
    static final String OTHER_ACCOUNT = "acct_other";
    static final Instant BASE = Instant.parse("2024-03-01T12:00:00Z");

    GroupProjection projection;
    GroupQueryHandlers handlers;

    @BeforeEach
    void setUp() {
        GroupStore store = new GroupStore(mongo.database());
        store.ensureIndexes();
        projection = new GroupProjection(() -> store, SimpleQueryUpdateEmitter.builder().build());
        handlers = new GroupQueryHandlers(() -> store);
    }

    void givenGroup(String accountId, String groupId, Instant createdAt) {
        projection.on(new GroupCreatedEvent(groupId, accountId, "conv_" + groupId, "Group " + groupId, null, null,
                List.of(), createdAt), 0);
    }

    void givenArchived(String groupId) {
        projection.on(new GroupArchivedEvent(groupId, BASE.plusSeconds(86_400)), 1);
    }

    GroupPage list(String accountId, int limit) {
        return handlers.handle(new ListGroupsQuery(accountId, limit, null, null, null));
    }

    GroupPage listAfter(String cursor, int limit) {
        return handlers.handle(new ListGroupsQuery(ACCOUNT, limit, cursor, null, null));
    }

    GroupPage listBefore(String cursor, int limit) {
        return handlers.handle(new ListGroupsQuery(ACCOUNT, limit, null, cursor, null));
    }

    static List<String> ids(GroupPage page) {
        return page.data().stream().map(GroupView::id).toList();
    }

    @Nested
    class FindingAGroup {

        @Test
        void finds_a_group_of_the_account() {
            givenGroup(ACCOUNT, "g1", BASE);

            assertThat(handlers.handle(new FindGroupQuery(ACCOUNT, "g1")))
                    .hasValueSatisfying(group -> {
                        assertThat(group.id()).isEqualTo("g1");
                        assertThat(group.accountId()).isEqualTo(ACCOUNT);
                        assertThat(group.createdAt()).isEqualTo(BASE);
                    });
        }

        @Test
        void finds_nothing_for_an_unknown_id() {
            assertThat(handlers.handle(new FindGroupQuery(ACCOUNT, "nope"))).isEmpty();
        }

        @Test
        void finds_nothing_for_a_group_of_another_account() {
            givenGroup(OTHER_ACCOUNT, "theirs", BASE);

            assertThat(handlers.handle(new FindGroupQuery(ACCOUNT, "theirs"))).isEmpty();
        }

        @Test
        void finds_nothing_once_the_group_is_deleted() {
            givenGroup(ACCOUNT, "g1", BASE);
            projection.on(new GroupDeletedEvent("g1", BASE.plusSeconds(1)), 1);

            assertThat(handlers.handle(new FindGroupQuery(ACCOUNT, "g1"))).isEmpty();
        }
    }

    /**
     * 27 groups of one account, created in batches of four that share a timestamp (so the id
     * breaks the ties), with ids in no particular order; every third one archived; and 5
     * groups of another account created at the same moments.
     */
    @Nested
    class ListingGroups {

        static final int GROUPS = 27;

        /** The account's groups in list order: newest first, ties by id, descending. */
        List<GroupView> expected;

        @BeforeEach
        void givenManyGroups() {
            Random random = new Random(42);
            for (int i = 0; i < GROUPS; i++) {
                String id = randomId(random);
                givenGroup(ACCOUNT, id, BASE.plusSeconds(60L * (i / 4)));
                if (i % 3 == 0) {
                    givenArchived(id);
                }
            }
            for (int i = 0; i < 5; i++) {
                givenGroup(OTHER_ACCOUNT, randomId(random), BASE.plusSeconds(60L * i));
            }
            expected = list(ACCOUNT, 100).data();
        }

        private static String randomId(Random random) {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return id.toString();
        }

        List<String> expectedIds(Predicate<GroupView> filter) {
            return expected.stream().filter(filter).map(GroupView::id).toList();
        }

        @Test
        void lists_newest_first_with_ties_broken_by_id_descending() {
            assertThat(expected).hasSize(GROUPS);
            assertThat(expected).isSortedAccordingTo(Comparator.comparing(GroupView::createdAt)
                    .thenComparing(GroupView::id).reversed());
            // the fixture really has ties
            assertThat(expected.get(0).createdAt()).isEqualTo(expected.get(1).createdAt());
        }

        @Test
        void the_limit_caps_the_page_and_has_more_tells_whether_more_follow() {
            GroupPage firstTen = list(ACCOUNT, 10);
            assertThat(ids(firstTen)).isEqualTo(expectedIds(g -> true).subList(0, 10));
            assertThat(firstTen.hasMore()).isTrue();

            assertThat(list(ACCOUNT, GROUPS).hasMore()).isFalse();
            assertThat(list(ACCOUNT, GROUPS).data()).hasSize(GROUPS);
            assertThat(list(ACCOUNT, GROUPS - 1).hasMore()).isTrue();
        }

        @Test
        void an_account_sees_only_its_own_groups() {
            assertThat(expected).allSatisfy(group -> assertThat(group.accountId()).isEqualTo(ACCOUNT));
            GroupPage theirs = list(OTHER_ACCOUNT, 100);
            assertThat(theirs.data()).hasSize(5)
                    .allSatisfy(group -> assertThat(group.accountId()).isEqualTo(OTHER_ACCOUNT));
            assertThat(theirs.hasMore()).isFalse();
        }

        @Test
        void an_account_without_groups_gets_an_empty_page() {
            GroupPage page = list("acct_new", 10);

            assertThat(page.data()).isEmpty();
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void archived_true_lists_only_archived_groups() {
            GroupPage page = handlers.handle(new ListGroupsQuery(ACCOUNT, 100, null, null, true));

            assertThat(ids(page)).isEqualTo(expectedIds(g -> g.archivedAt() != null)).hasSize(9);
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void archived_false_lists_only_active_groups() {
            GroupPage page = handlers.handle(new ListGroupsQuery(ACCOUNT, 100, null, null, false));

            assertThat(ids(page)).isEqualTo(expectedIds(g -> g.archivedAt() == null)).hasSize(18);
        }

        @Test
        void without_the_archived_filter_lists_archived_and_active_groups_alike() {
            assertThat(expected.stream().filter(g -> g.archivedAt() != null)).isNotEmpty();
            assertThat(expected.stream().filter(g -> g.archivedAt() == null)).isNotEmpty();
        }

        @Test
        void starting_after_walks_forward_through_every_group_once() {
            List<String> seen = new ArrayList<>();
            List<Boolean> hasMore = new ArrayList<>();
            GroupPage page = list(ACCOUNT, 5);
            while (true) {
                seen.addAll(ids(page));
                hasMore.add(page.hasMore());
                if (!page.hasMore()) {
                    break;
                }
                page = listAfter(ids(page).get(page.data().size() - 1), 5);
            }

            assertThat(seen).isEqualTo(expectedIds(g -> true));
            assertThat(hasMore).containsExactly(true, true, true, true, true, false); // 5+5+5+5+5+2
        }

        @Test
        void ending_before_walks_backward_through_every_group_once() {
            List<String> all = expectedIds(g -> true);
            List<String> seen = new ArrayList<>();
            List<Boolean> hasMore = new ArrayList<>();
            String cursor = all.get(all.size() - 1); // start behind the last group
            while (true) {
                GroupPage page = listBefore(cursor, 5);
                seen.addAll(0, ids(page));
                hasMore.add(page.hasMore());
                if (!page.hasMore()) {
                    break;
                }
                cursor = ids(page).get(0);
            }

            assertThat(seen).isEqualTo(all.subList(0, all.size() - 1));
            assertThat(hasMore).containsExactly(true, true, true, true, true, false); // 5+5+5+5+5+1
        }

        @Test
        void ending_before_returns_the_groups_just_before_the_cursor_in_list_order() {
            List<String> all = expectedIds(g -> true);

            GroupPage page = listBefore(all.get(12), 4);

            assertThat(ids(page)).isEqualTo(all.subList(8, 12));
            assertThat(page.hasMore()).isTrue();
        }

        @Test
        void ending_before_near_the_top_returns_what_is_there_and_no_more() {
            List<String> all = expectedIds(g -> true);

            GroupPage page = listBefore(all.get(3), 10);

            assertThat(ids(page)).isEqualTo(all.subList(0, 3));
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void paging_back_from_a_page_returns_the_page_before_it() {
            List<String> all = expectedIds(g -> true);
            GroupPage second = listAfter(all.get(4), 5);

            GroupPage backToFirst = listBefore(ids(second).get(0), 5);

            assertThat(ids(backToFirst)).isEqualTo(all.subList(0, 5));
            assertThat(backToFirst.hasMore()).isFalse();
        }

        @Test
        void starting_after_the_last_group_is_an_empty_page() {
            List<String> all = expectedIds(g -> true);

            GroupPage page = listAfter(all.get(all.size() - 1), 10);

            assertThat(page.data()).isEmpty();
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void ending_before_the_first_group_is_an_empty_page() {
            GroupPage page = listBefore(expectedIds(g -> true).get(0), 10);

            assertThat(page.data()).isEmpty();
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void cursors_page_within_the_archived_filter() {
            List<String> active = expectedIds(g -> g.archivedAt() == null);
            List<String> seen = new ArrayList<>();
            String cursor = null;
            boolean more = true;
            while (more) {
                GroupPage page = handlers.handle(new ListGroupsQuery(ACCOUNT, 4, cursor, null, false));
                seen.addAll(ids(page));
                more = page.hasMore();
                cursor = page.data().isEmpty() ? null : ids(page).get(page.data().size() - 1);
            }
            assertThat(seen).isEqualTo(active);

            GroupPage before = handlers.handle(new ListGroupsQuery(ACCOUNT, 3, null, active.get(7), false));
            assertThat(ids(before)).isEqualTo(active.subList(4, 7));
            assertThat(before.hasMore()).isTrue();
        }

        @Test
        void a_group_outside_the_archived_filter_still_marks_a_position_in_the_list() {
            List<String> all = expectedIds(g -> true);
            String archivedCursor = expectedIds(g -> g.archivedAt() != null).get(2);
            int position = all.indexOf(archivedCursor);

            GroupPage page = handlers.handle(new ListGroupsQuery(ACCOUNT, 100, archivedCursor, null, false));

            assertThat(ids(page)).isEqualTo(all.subList(position + 1, all.size()).stream()
                    .filter(id -> expectedIds(g -> g.archivedAt() == null).contains(id)).toList());
        }

        @Test
        void an_id_that_is_not_a_group_is_an_unknown_starting_after_cursor() {
            assertUnknownCursor(() -> listAfter("no_such_group", 10), "starting_after", "no_such_group");
        }

        @Test
        void another_accounts_group_is_an_unknown_cursor() {
            String theirs = ids(list(OTHER_ACCOUNT, 1)).get(0);

            assertUnknownCursor(() -> listAfter(theirs, 10), "starting_after", theirs);
            assertUnknownCursor(() -> listBefore(theirs, 10), "ending_before", theirs);
        }

        @Test
        void an_id_that_is_not_a_group_is_an_unknown_ending_before_cursor() {
            assertUnknownCursor(() -> listBefore("no_such_group", 10), "ending_before", "no_such_group");
        }

        @Test
        void a_deleted_group_is_an_unknown_cursor() {
            String deleted = expected.get(3).id();
            projection.on(new GroupDeletedEvent(deleted, BASE.plusSeconds(99_999)), 2);

            assertUnknownCursor(() -> listAfter(deleted, 10), "starting_after", deleted);
        }

        private void assertUnknownCursor(Runnable listing, String parameter, String cursor) {
            Throwable failure = catchThrowable(listing::run);

            assertThat(failure).isInstanceOf(QueryExecutionException.class);
            assertThat(Rejection.of(failure)).hasValueSatisfying(rejection -> {
                assertThat(rejection.reason()).isEqualTo(Reason.UNKNOWN_CURSOR);
                assertThat(rejection.message())
                        .contains(parameter)
                        .contains(cursor)
                        .contains("must be the id of a group in this list");
            });
        }
    }

    @Nested
    class ByContact {

        static final chat.groups.api.Contact HECTOR =
                new chat.groups.api.Contact("cHector000000001", "hector", null, null, null, null, null, null);

        GroupPage byContact(String contact, Boolean archived, String after, String before, int limit) {
            return handlers.handle(new ListGroupsQuery(ACCOUNT, limit, after, before, archived, contact));
        }

        @Test
        void lists_the_groups_with_that_member_by_id_or_username_in_list_order_and_pages_like_the_list() {
            for (int i = 0; i < 12; i++) {
                givenGroup(ACCOUNT, "g" + i, BASE.plusSeconds(i));
                if (i % 3 != 0) {
                    projection.on(new chat.groups.api.GroupEvent.GroupContactsAddedEvent("g" + i, List.of(HECTOR)), 1);
                }
            }
            givenGroup(OTHER_ACCOUNT, "o1", BASE.plusSeconds(50));
            projection.on(new chat.groups.api.GroupEvent.GroupContactsAddedEvent("o1", List.of(HECTOR)), 1);
            projection.on(new chat.groups.api.GroupEvent.GroupContactRemovedEvent("g10", HECTOR), 2);

            List<String> expected = List.of("g11", "g8", "g7", "g5", "g4", "g2", "g1");
            assertThat(ids(byContact("hector", null, null, null, 100))).isEqualTo(expected);
            assertThat(ids(byContact("cHector000000001", null, null, null, 100))).isEqualTo(expected);
            assertThat(ids(byContact("nobody", null, null, null, 100))).isEmpty();

            GroupPage first = byContact("hector", null, null, null, 3);
            assertThat(ids(first)).containsExactly("g11", "g8", "g7");
            assertThat(first.hasMore()).isTrue();
            GroupPage second = byContact("hector", null, "g7", null, 3);
            assertThat(ids(second)).containsExactly("g5", "g4", "g2");
            GroupPage third = byContact("hector", null, "g2", null, 3);
            assertThat(ids(third)).containsExactly("g1");
            assertThat(third.hasMore()).isFalse();
            GroupPage back = byContact("hector", null, null, "g5", 3);
            assertThat(ids(back)).containsExactly("g11", "g8", "g7");
            assertThat(back.hasMore()).isFalse();
            // a cursor the filter leaves out is still a position in the account's list
            assertThat(ids(byContact("hector", null, "g9", null, 2))).containsExactly("g8", "g7");
        }

        @Test
        void combines_with_archived() {
            for (int i = 0; i < 6; i++) {
                givenGroup(ACCOUNT, "g" + i, BASE.plusSeconds(i));
                projection.on(new chat.groups.api.GroupEvent.GroupContactsAddedEvent("g" + i, List.of(HECTOR)), 1);
                if (i % 2 == 0) {
                    projection.on(new GroupArchivedEvent("g" + i, BASE.plusSeconds(86_400)), 2);
                }
            }

            assertThat(ids(byContact("hector", true, null, null, 10))).containsExactly("g4", "g2", "g0");
            assertThat(ids(byContact("hector", false, null, null, 10))).containsExactly("g5", "g3", "g1");
        }
    }
}
