package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.assertGroupShape;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import chat.groups.standalone.support.Together;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Members added and removed one call at a time over HTTP, and the reverse question (a contact's
 * groups) answered page by page. {@link MembershipConcurrencyTest} races them.
 */
class MembershipTest {

    private final Api api = TestServer.shared().newAccount();

    private String group(String... contactUsernames) {
        List<String> pairs = new ArrayList<>(List.of("name", "Members"));
        for (int i = 0; i < contactUsernames.length; i++) {
            pairs.add("contacts[" + i + "][username]");
            pairs.add(contactUsernames[i]);
        }
        return "/v1/groups/" + api.create(pairs.toArray(String[]::new)).get("id").asText();
    }

    private static List<String> usernames(JsonNode group) {
        List<String> names = new ArrayList<>();
        group.get("contacts").forEach(contact -> names.add(contact.get("username").asText()));
        return names;
    }

    @Nested
    class Adding {

        @Test
        void addsNewMembersFromAFormLeavesExistingOnesAndAnswersTheGroupWithItsETag() {
            String path = group("hector");

            Response added = api.post(path + "/contacts", form("contacts[0][username]", "cedric",
                    "contacts[1][username]", "hector", "contacts[1][display_name]", "Not applied"));

            assertThat(added.status()).as(added.toString()).isEqualTo(200);
            assertGroupShape(added.json());
            assertThat(usernames(added.json())).containsExactly("hector", "cedric");
            assertThat(added.json().get("contacts").get(0).get("display_name").isNull()).isTrue();
            assertThat(added.header("ETag")).isEqualTo("\"1\"");
            assertThat(usernames(api.get(path).json())).containsExactly("hector", "cedric");
        }

        @Test
        void addsFromJsonAndAContactWithAnIdIsKnownByIt() {
            String path = group();
            String json = Api.json(Map.of("contacts", List.of(
                    Map.of("id", "cAna000000000001", "username", "ana"), Map.of("username", "bo"))));

            assertThat(api.postJson(path + "/contacts", json).status()).isEqualTo(200);
            Response again = api.postJson(path + "/contacts", Api.json(Map.of("contacts", List.of(
                    Map.of("id", "cAna000000000001", "username", "ana-renamed")))));

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("ETag")).as("nothing changed: no new version").isEqualTo("\"1\"");
            assertThat(usernames(again.json())).containsExactly("ana", "bo");
        }

        @Test
        void refusesBadInputAndChangesNothing() {
            String path = group("hector");
            assertError(api.post(path + "/contacts", ""), 400, "'contacts' is required");
            assertError(api.post(path + "/contacts", form("contacts[0][display_name]", "x")), 400,
                    "'contacts[0][id]' or 'contacts[0][username]' is required");
            assertError(api.post(path + "/contacts", form("contacts[0][username]", "a", "name", "x")), 400, "'name'");
            assertError(api.post(path + "/contacts", form("contacts[0][username]", "a", "contacts[1][username]", "a")),
                    400, "repeats a contact");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                many.add("contacts[" + i + "][username]");
                many.add("u" + i);
            }
            assertError(api.post(path + "/contacts", form(many.toArray(String[]::new))), 400, "at most 100");
            assertThat(api.get(path).header("ETag")).isEqualTo("\"0\"");
        }

        @Test
        void aMissingOrDeletedGroupIs404() {
            String path = group();
            assertThat(api.delete(path).status()).isEqualTo(200);
            assertError(api.post(path + "/contacts", form("contacts[0][username]", "a")), 404, "No such group");
            assertError(api.delete(path + "/contacts/a"), 404, "No such group");
            assertError(api.post("/v1/groups/AAAAAAAAAAAAAAAA/contacts", form("contacts[0][username]", "a")), 404,
                    "No such group");
        }

        @Test
        void honoursIfMatchAndIdempotencyKey() {
            String path = group();
            assertError(api.send("POST", path + "/contacts", Api.FORM, form("contacts[0][username]", "a"),
                    "If-Match", "\"5\""), 412, "is at version 0");
            Response first = api.send("POST", path + "/contacts", Api.FORM, form("contacts[0][username]", "a"),
                    "If-Match", "\"0\"", "Idempotency-Key", "add-a");
            assertThat(first.status()).isEqualTo(200);
            assertThat(api.delete(path + "/contacts/a").status()).isEqualTo(200);

            Response retry = api.send("POST", path + "/contacts", Api.FORM, form("contacts[0][username]", "a"),
                    "If-Match", "\"0\"", "Idempotency-Key", "add-a");

            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(usernames(api.get(path).json())).as("the retry added nothing").isEmpty();
            assertError(api.send("POST", path + "/contacts", Api.FORM, form("contacts[0][username]", "b"),
                    "Idempotency-Key", "add-a"), 422, "already used");
        }

        @Test
        void theCapRefusesTheWholeRequestSayingHowManyPlacesAreLeft() {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 248; i++) {
                members.add("m" + i);
            }
            String path = group(members.toArray(String[]::new));

            Response refused = api.post(path + "/contacts", form("contacts[0][username]", "x",
                    "contacts[1][username]", "m3", "contacts[2][username]", "y", "contacts[3][username]", "z"));

            assertError(refused, 409, "has 248 members and room for 2 more");
            assertThat(refused.json().get("message").asText()).contains("Nothing was added");
            assertThat(api.get(path).header("ETag")).isEqualTo("\"0\"");
            assertThat(api.post(path + "/contacts", form("contacts[0][username]", "x", "contacts[1][username]", "m3",
                    "contacts[2][username]", "y")).status()).isEqualTo(200);
            assertThat(api.get(path).json().get("contacts")).hasSize(250);
        }
    }

    @Nested
    class Removing {

        @Test
        void removesAMemberByIdOrUsernameAndAnswersTheGroup() {
            String path = group("hector", "cedric");
            api.postJson(path + "/contacts", Api.json(Map.of("contacts", List.of(
                    Map.of("id", "cAna000000000001", "username", "ana")))));

            Response byUsername = api.delete(path + "/contacts/hector");
            Response byId = api.delete(path + "/contacts/cAna000000000001");

            assertThat(byUsername.status()).isEqualTo(200);
            assertThat(usernames(byUsername.json())).containsExactly("cedric", "ana");
            assertThat(byId.status()).isEqualTo(200);
            assertThat(byId.header("ETag")).isEqualTo("\"3\"");
            assertThat(usernames(byId.json())).containsExactly("cedric");
            assertThat(usernames(api.get(path).json())).containsExactly("cedric");
        }

        @Test
        void aNonMemberIs404ThatSaysSoAndChangesNothing() {
            String path = group("hector");

            assertError(api.delete(path + "/contacts/nobody"), 404, "'nobody' is not a member of group");
            assertError(api.send("DELETE", path + "/contacts/hector", null, null, "If-Match", "\"4\""), 412, "version 0");
            assertThat(api.get(path).header("ETag")).isEqualTo("\"0\"");
        }

        @Test
        void historyShowsAddsAndRemovesAndTimeTravelFoldsThem() {
            String path = group("hector");
            api.post(path + "/contacts", form("contacts[0][username]", "cedric"));
            api.delete(path + "/contacts/hector");

            JsonNode history = api.get(path + "/events").json().get("data");

            assertThat(history.get(1).get("type").asText()).isEqualTo("group.updated");
            assertThat(history.get(1).get("data").get("contacts").get("added").get(0).get("username").asText())
                    .isEqualTo("cedric");
            assertThat(history.get(2).get("data").get("contacts").get("removed").get(0).get("username").asText())
                    .isEqualTo("hector");
            assertThat(usernames(api.get(path + "?version=1").json())).containsExactly("hector", "cedric");
            assertThat(usernames(api.get(path + "?version=2").json())).containsExactly("cedric");

            api.delete(path);
            JsonNode erased = api.get(path + "/events").json().get("data");
            assertThat(erased.get(1).get("data").toString()).isEqualTo("{\"erased\":true}");
            assertThat(erased.get(2).get("data").toString()).isEqualTo("{\"erased\":true}");
        }
    }

    @Nested
    class ContactFilter {

        @Test
        void pagesThroughAThousandGroupsGivingExactlyTheContactsGroupsInListOrder() throws Exception {
            List<Callable<String>> creates = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int n = i;
                creates.add(() -> {
                    List<String> pairs = new ArrayList<>(List.of("name", "g" + n, "contacts[0][username]", "other" + n));
                    if (n % 3 == 0) {
                        pairs.addAll(List.of("contacts[1][id]", "cTarget000000001", "contacts[1][username]", "target"));
                    }
                    return api.create(pairs.toArray(String[]::new)).get("id").asText();
                });
            }
            List<String> created = inBatches(creates, 8);
            Set<String> withTarget = new HashSet<>();
            for (int n = 0; n < created.size(); n += 3) {
                withTarget.add(created.get(n));
            }
            // Membership changes through the new endpoints, and an archive, show in the filter.
            assertThat(api.delete("/v1/groups/" + created.get(0) + "/contacts/target").status()).isEqualTo(200);
            withTarget.remove(created.get(0));
            assertThat(api.post("/v1/groups/" + created.get(1) + "/contacts",
                    form("contacts[0][username]", "target")).status()).isEqualTo(200);
            withTarget.add(created.get(1));
            assertThat(api.post("/v1/groups/" + created.get(3) + "/archive", "").status()).isEqualTo(200);

            List<String> listOrder = pageThrough("limit=100", 100);
            assertThat(listOrder).hasSize(1_000);
            List<String> expected = listOrder.stream().filter(withTarget::contains).toList();
            assertThat(expected).hasSize(334);

            assertThat(pageThrough("contact=target", 7)).isEqualTo(expected);
            assertThat(pageThrough("contact=cTarget000000001", 100)).as("by id: not the one added by username")
                    .isEqualTo(expected.stream().filter(id -> !id.equals(created.get(1))).toList());
            assertThat(pageThrough("contact=target&archived=false", 13))
                    .isEqualTo(expected.stream().filter(id -> !id.equals(created.get(3))).toList());
            assertThat(pageThrough("contact=target&archived=true", 13)).containsExactly(created.get(3));
            assertThat(pageBackFromTheEnd("contact=target", 9)).isEqualTo(expected);
            assertThat(pageThrough("contact=nobody", 10)).isEmpty();
            assertError(api.get("/v1/groups?contact="), 400, "'contact' must be a contact's id or username");
        }

        private List<String> pageThrough(String filter, int limit) {
            List<String> ids = new ArrayList<>();
            String after = null;
            while (true) {
                Response response = api.get("/v1/groups?" + filter + (filter.contains("limit=") ? "" : "&limit=" + limit)
                        + (after == null ? "" : "&starting_after=" + after));
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                JsonNode page = response.json();
                page.get("data").forEach(g -> ids.add(g.get("id").asText()));
                if (!page.get("has_more").asBoolean()) {
                    return ids;
                }
                after = ids.get(ids.size() - 1);
            }
        }

        private List<String> pageBackFromTheEnd(String filter, int limit) {
            List<String> forwards = pageThrough(filter, 100);
            List<String> backwards = new ArrayList<>(List.of(forwards.get(forwards.size() - 1)));
            String before = backwards.get(0);
            while (true) {
                JsonNode page = api.get("/v1/groups?" + filter + "&limit=" + limit + "&ending_before=" + before).json();
                List<String> ids = new ArrayList<>();
                page.get("data").forEach(g -> ids.add(g.get("id").asText()));
                backwards.addAll(0, ids);
                if (!page.get("has_more").asBoolean()) {
                    return backwards;
                }
                before = ids.get(0);
            }
        }
    }

    private static <T> List<T> inBatches(List<Callable<T>> tasks, int threads) throws Exception {
        return run(tasks, threads);
    }

    private static <T> List<T> run(List<Callable<T>> tasks, int threads) throws Exception {
        return Together.run(tasks, threads, Duration.ofSeconds(300));
    }
}
