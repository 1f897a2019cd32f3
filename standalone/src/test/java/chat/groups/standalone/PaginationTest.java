package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertGroupShape;
import static chat.groups.standalone.support.ApiAssertions.fieldNames;
import static chat.groups.standalone.support.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists are pages of at most {@code limit} groups (default 10, up to 100), newest first, with
 * {@code starting_after} / {@code ending_before} cursors and {@code has_more} telling whether
 * more groups lie beyond the page in the direction paged.
 * <p>
 * One account holds {@value #GROUPS} groups, every third of them archived; no test changes them.
 */
class PaginationTest {

    private static final int GROUPS = 27;

    private static Api api;
    /** Every group's id, newest first: the reverse of the order they were created in. */
    private static List<String> newestFirst;
    private static List<String> archivedNewestFirst;
    private static List<String> activeNewestFirst;
    private static long archivedAt;

    @BeforeAll
    static void createGroupsAndArchiveEveryThird() {
        api = TestServer.shared().newAccount();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            created.add(api.create("name", "Group " + i).get("id").asText());
        }
        archivedAt = Instant.now().getEpochSecond(); // after every group was created, not in the future
        Set<String> archived = new LinkedHashSet<>();
        for (int i = 0; i < GROUPS; i += 3) {
            Response response = api.put("/v1/groups/" + created.get(i), form("archived_at", Long.toString(archivedAt)));
            assertThat(response.status()).as("archiving %s", response).isEqualTo(200);
            archived.add(created.get(i));
        }
        newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        archivedNewestFirst = newestFirst.stream().filter(archived::contains).toList();
        activeNewestFirst = newestFirst.stream().filter(id -> !archived.contains(id)).toList();
        assertThat(archivedNewestFirst).hasSize(9);
        assertThat(activeNewestFirst).hasSize(18);
    }

    @Nested
    @DisplayName("page size")
    class PageSize {

        @Test
        void withoutLimitAPageHoldsTheTenNewestGroups() {
            JsonNode page = list();

            assertThat(fieldNames(page)).containsExactly("has_more", "data");
            assertThat(ids(page)).isEqualTo(newestFirst.subList(0, 10));
            assertThat(page.get("has_more").asBoolean()).isTrue();
            page.get("data").forEach(group -> assertGroupShape(group));
        }

        @ParameterizedTest(name = "limit={0}")
        @ValueSource(ints = {1, 2, 10, 26, 27, 28, 99, 100})
        void limitFromOneToOneHundredCapsThePage(int limit) {
            JsonNode page = list("limit", Integer.toString(limit));

            int expected = Math.min(limit, GROUPS);
            assertThat(ids(page)).isEqualTo(newestFirst.subList(0, expected));
            assertThat(page.get("has_more").asBoolean()).as("has_more with limit %d of %d groups", limit, GROUPS)
                    .isEqualTo(limit < GROUPS);
        }

        @Test
        void anEmptyAccountListsNothingWithoutMore() {
            Api empty = TestServer.shared().newAccount();

            for (String[] params : List.of(new String[0], new String[] {"limit", "1"}, new String[] {"archived", "true"},
                    new String[] {"archived", "false"}, new String[] {"limit", "100", "archived", "false"})) {
                Response response = empty.get("/v1/groups" + query(params));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).as("list %s", List.of(params)).isEqualTo("{\"has_more\":false,\"data\":[]}");
            }
        }
    }

    @Nested
    @DisplayName("walking the list with cursors")
    class Walking {

        @ParameterizedTest(name = "limit={0}")
        @ValueSource(ints = {1, 4, 9, 10, 26})
        void forwardWithStartingAfterVisitsEveryGroupOnceNewestFirst(int limit) {
            List<JsonNode> pages = walkForward(limit);

            assertThat(concatenation(pages)).isEqualTo(newestFirst).doesNotHaveDuplicates();
            assertThat(pages).hasSize((GROUPS + limit - 1) / limit);
            for (int i = 0; i < pages.size(); i++) {
                boolean last = i == pages.size() - 1;
                assertThat(ids(pages.get(i))).as("page %d", i).isNotEmpty().hasSizeLessThanOrEqualTo(limit);
                assertThat(pages.get(i).get("has_more").asBoolean()).as("has_more of page %d", i).isEqualTo(!last);
                if (!last) {
                    assertThat(ids(pages.get(i))).as("page %d is full", i).hasSize(limit);
                }
            }
        }

        @ParameterizedTest(name = "limit={0}")
        @ValueSource(ints = {1, 4, 9, 10, 26})
        void backwardWithEndingBeforeFromTheLastPageGivesTheSamePagesBack(int limit) {
            List<JsonNode> forward = walkForward(limit);

            List<List<String>> backward = walkBackward(forward.get(forward.size() - 1), limit);

            List<List<String>> expected = new ArrayList<>();
            for (int i = forward.size() - 2; i >= 0; i--) {
                expected.add(ids(forward.get(i)));
            }
            assertThat(backward).isEqualTo(expected);
        }

        @Test
        void startingAfterTheLastGroupIsAnEmptyLastPage() {
            JsonNode page = list("starting_after", newestFirst.get(GROUPS - 1));

            assertThat(ids(page)).isEmpty();
            assertThat(page.get("has_more").asBoolean()).isFalse();
        }

        @Test
        void endingBeforeTheNewestGroupIsAnEmptyFirstPage() {
            JsonNode page = list("ending_before", newestFirst.get(0));

            assertThat(ids(page)).isEmpty();
            assertThat(page.get("has_more").asBoolean()).isFalse();
        }
    }

    @Nested
    @DisplayName("has_more")
    class HasMore {

        @Test
        void forwardItTellsWhetherOlderGroupsFollowThePage() {
            String cursor = newestFirst.get(20);

            JsonNode notAll = list("starting_after", cursor, "limit", "5");
            JsonNode exactlyTheRest = list("starting_after", cursor, "limit", "6");
            JsonNode moreThanTheRest = list("starting_after", cursor, "limit", "7");

            assertThat(ids(notAll)).isEqualTo(newestFirst.subList(21, 26));
            assertThat(notAll.get("has_more").asBoolean()).isTrue();
            assertThat(ids(exactlyTheRest)).isEqualTo(newestFirst.subList(21, 27));
            assertThat(exactlyTheRest.get("has_more").asBoolean()).isFalse();
            assertThat(ids(moreThanTheRest)).isEqualTo(newestFirst.subList(21, 27));
            assertThat(moreThanTheRest.get("has_more").asBoolean()).isFalse();
        }

        @Test
        void backwardItTellsWhetherNewerGroupsPrecedeThePage() {
            String cursor = newestFirst.get(5);

            JsonNode notAll = list("ending_before", cursor, "limit", "3");
            JsonNode exactlyTheRest = list("ending_before", cursor, "limit", "5");
            JsonNode moreThanTheRest = list("ending_before", cursor, "limit", "10");

            assertThat(ids(notAll)).as("the groups nearest the cursor, still newest first")
                    .isEqualTo(newestFirst.subList(2, 5));
            assertThat(notAll.get("has_more").asBoolean()).isTrue();
            assertThat(ids(exactlyTheRest)).isEqualTo(newestFirst.subList(0, 5));
            assertThat(exactlyTheRest.get("has_more").asBoolean()).isFalse();
            assertThat(ids(moreThanTheRest)).isEqualTo(newestFirst.subList(0, 5));
            assertThat(moreThanTheRest.get("has_more").asBoolean()).isFalse();
        }
    }

    @Nested
    @DisplayName("the archived filter")
    class ArchivedFilter {

        @Test
        void archivedTrueListsOnlyArchivedGroups() {
            JsonNode page = list("archived", "true", "limit", "100");

            assertThat(ids(page)).isEqualTo(archivedNewestFirst);
            assertThat(page.get("has_more").asBoolean()).isFalse();
            page.get("data").forEach(group -> assertThat(group.get("archived_at").asLong()).isEqualTo(archivedAt));
        }

        @Test
        void archivedFalseListsOnlyActiveGroups() {
            JsonNode page = list("archived", "false", "limit", "100");

            assertThat(ids(page)).isEqualTo(activeNewestFirst);
            assertThat(page.get("has_more").asBoolean()).isFalse();
            page.get("data").forEach(group -> assertThat(group.get("archived_at").isNull()).isTrue());
        }

        @Test
        void withoutTheFilterBothAreListed() {
            JsonNode page = list("limit", "100");

            assertThat(ids(page)).isEqualTo(newestFirst);
            assertThat(page.get("has_more").asBoolean()).isFalse();
        }

        @Test
        void theDefaultPageSizeAppliesToTheFilteredList() {
            JsonNode active = list("archived", "false");

            assertThat(ids(active)).isEqualTo(activeNewestFirst.subList(0, 10));
            assertThat(active.get("has_more").asBoolean()).isTrue();
        }

        @ParameterizedTest(name = "archived=true, limit={0}")
        @ValueSource(ints = {1, 2, 4, 9})
        void cursorsWalkTheArchivedGroupsBothWays(int limit) {
            assertWalksBothWays(archivedNewestFirst, limit, "archived", "true");
        }

        @ParameterizedTest(name = "archived=false, limit={0}")
        @ValueSource(ints = {1, 4, 7, 18})
        void cursorsWalkTheActiveGroupsBothWays(int limit) {
            assertWalksBothWays(activeNewestFirst, limit, "archived", "false");
        }

        private void assertWalksBothWays(List<String> expected, int limit, String... filter) {
            List<JsonNode> forward = walkForward(limit, filter);
            assertThat(concatenation(forward)).isEqualTo(expected).doesNotHaveDuplicates();
            for (int i = 0; i < forward.size(); i++) {
                assertThat(forward.get(i).get("has_more").asBoolean()).as("has_more of page %d", i)
                        .isEqualTo(i < forward.size() - 1);
            }

            List<List<String>> backward = walkBackward(forward.get(forward.size() - 1), limit, filter);
            List<String> backAgain = new ArrayList<>(ids(forward.get(forward.size() - 1)));
            backward.forEach(page -> backAgain.addAll(0, page));
            assertThat(backAgain).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode list(String... params) {
        Response response = api.get("/v1/groups" + query(params));
        assertThat(response.status()).as("list %s: %s", List.of(params), response).isEqualTo(200);
        return response.json();
    }

    private static String[] with(String[] params, String... more) {
        return Stream.concat(Stream.of(params), Stream.of(more)).toArray(String[]::new);
    }

    /** Pages from the top, each next one {@code starting_after} the last id of the one before, until has_more is false. */
    private static List<JsonNode> walkForward(int limit, String... filter) {
        List<JsonNode> pages = new ArrayList<>();
        pages.add(list(with(filter, "limit", Integer.toString(limit))));
        while (pages.get(pages.size() - 1).get("has_more").asBoolean()) {
            assertThat(pages).as("more pages than groups: the walk does not end").hasSizeLessThanOrEqualTo(GROUPS);
            List<String> last = ids(pages.get(pages.size() - 1));
            assertThat(last).as("a page with has_more=true must not be empty").isNotEmpty();
            pages.add(list(with(filter, "limit", Integer.toString(limit), "starting_after", last.get(last.size() - 1))));
        }
        return pages;
    }

    /**
     * From {@code page} back to the top, each previous page {@code ending_before} the first id of
     * the one after, until has_more is false; every page checked to be full but the first.
     * Returns the pages' ids in the order visited (nearest first).
     */
    private static List<List<String>> walkBackward(JsonNode page, int limit, String... filter) {
        List<List<String>> visited = new ArrayList<>();
        String first = ids(page).isEmpty() ? null : ids(page).get(0);
        boolean more = first != null;
        while (more) {
            assertThat(visited).as("more pages than groups: the walk does not end").hasSizeLessThanOrEqualTo(GROUPS);
            JsonNode previous = list(with(filter, "limit", Integer.toString(limit), "ending_before", first));
            List<String> previousIds = ids(previous);
            more = previous.get("has_more").asBoolean();
            if (previousIds.isEmpty()) {
                assertThat(more).as("an empty page has nothing beyond it").isFalse();
                break;
            }
            visited.add(previousIds);
            if (more) {
                assertThat(previousIds).as("a page with has_more=true is full").hasSize(limit);
            }
            first = previousIds.get(0);
        }
        return visited;
    }

    private static List<String> concatenation(List<JsonNode> pages) {
        List<String> all = new ArrayList<>();
        pages.forEach(page -> all.addAll(ids(page)));
        return all;
    }
}
