package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.Api.json;
import static chat.groups.standalone.support.Api.query;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static chat.groups.standalone.support.ApiAssertions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An account sees only its own groups: to account B, a group of account A does not exist.
 * B gets exactly the answer it gets for an id nobody uses, and A's group stays as it was.
 */
class AccountIsolationTest {

    private static Api alice;
    private static Api bob;
    private static String activeId;
    private static String archivedId;
    private static String bobsOwnId;

    @BeforeAll
    static void twoAccounts() {
        alice = TestServer.shared().newAccount();
        bob = TestServer.shared().newAccount();
        activeId = alice.create("name", "Plaza Hotel", "description", "World-renowned.",
                "avatar_url", "https://assets.notifly.chat/avatars/plazahotel.jpg",
                "contacts[0][username]", "Hector", "contacts[1][username]", "Cedric").get("id").asText();
        archivedId = alice.create("name", "Old Plaza").get("id").asText();
        assertThat(alice.send("POST", "/v1/groups/" + archivedId + "/archive", null, null).status()).isEqualTo(200);
        bobsOwnId = bob.create("name", "Bob's own").get("id").asText();
    }

    private JsonNode alicesGroupsBefore;

    @BeforeEach
    void rememberAlicesGroups() {
        alicesGroupsBefore = alicesGroups();
    }

    static Stream<Arguments> requestsOfBobOnAGroup() {
        return Stream.of(
                request("GET", id -> bob.get("/v1/groups/" + id)),
                request("PUT (form)", id -> bob.put("/v1/groups/" + id, form("name", "Hijacked"))),
                request("PUT (JSON)", id -> bob.putJson("/v1/groups/" + id,
                        json(Map.of("description", "Hijacked", "contacts", List.of(Map.of("username", "Mallory")))))),
                request("PUT with no fields", id -> bob.put("/v1/groups/" + id, "")),
                request("PUT archived_at", id -> bob.put("/v1/groups/" + id,
                        form("archived_at", Long.toString(Instant.now().getEpochSecond())))),
                request("PUT archived_at= (unarchive)", id -> bob.put("/v1/groups/" + id, form("archived_at", ""))),
                request("POST archive", id -> bob.send("POST", "/v1/groups/" + id + "/archive", null, null)),
                request("POST unarchive", id -> bob.send("POST", "/v1/groups/" + id + "/unarchive", null, null)),
                request("DELETE", id -> bob.delete("/v1/groups/" + id)));
    }

    private static Arguments request(String name, Function<String, Response> send) {
        return Arguments.of(Named.of(name, send));
    }

    @ParameterizedTest(name = "{0} on another account's active group")
    @MethodSource("requestsOfBobOnAGroup")
    void anotherAccountsActiveGroupAnswersLikeAMissingOne(Function<String, Response> send) {
        assertLikeAMissingGroup(send, activeId);
    }

    @ParameterizedTest(name = "{0} on another account's archived group")
    @MethodSource("requestsOfBobOnAGroup")
    void anotherAccountsArchivedGroupAnswersLikeAMissingOne(Function<String, Response> send) {
        // In particular, archive and unarchive answer 404, never a 409 that would tell the group's state.
        assertLikeAMissingGroup(send, archivedId);
    }

    private void assertLikeAMissingGroup(Function<String, Response> send, String alicesId) {
        String unusedId = unusedId();
        Response missing = send.apply(unusedId);
        assertError(missing, 404, "No such group");

        Response foreign = send.apply(alicesId);

        assertError(foreign, 404, alicesId);
        assertThat(foreign.json()).as("the same error as for an id nobody uses")
                .isEqualTo(parse(missing.body().replace(unusedId, alicesId)));
        assertThat(alicesGroups()).as("Alice's groups after Bob's request").isEqualTo(alicesGroupsBefore);
    }

    @Test
    void anotherAccountsGroupsAreNotListed() {
        for (String[] filter : List.of(new String[0], new String[] {"archived", "true"}, new String[] {"archived", "false"})) {
            Response list = bob.get("/v1/groups" + query(Stream.concat(Stream.of(filter), Stream.of("limit", "100"))
                    .toArray(String[]::new)));
            assertThat(list.status()).isEqualTo(200);
            assertThat(ids(list.json())).as("Bob's list %s", List.of(filter))
                    .doesNotContain(activeId, archivedId);
        }
        assertThat(ids(bob.get("/v1/groups").json())).containsExactly(bobsOwnId);
        assertThat(ids(alice.get("/v1/groups").json())).containsExactly(archivedId, activeId);
    }

    @Test
    void anotherAccountsGroupIsNotACursor() {
        for (String cursor : List.of("starting_after", "ending_before")) {
            for (String alicesId : List.of(activeId, archivedId)) {
                String unusedId = unusedId();
                Response missing = bob.get("/v1/groups" + query(cursor, unusedId));
                Response foreign = bob.get("/v1/groups" + query(cursor, alicesId));

                assertError(missing, 400, "Unknown " + cursor + " cursor");
                assertError(foreign, 400, "Unknown " + cursor + " cursor '" + alicesId + "'");
                assertThat(foreign.json()).as("the same error as for an id nobody uses")
                        .isEqualTo(parse(missing.body().replace(unusedId, alicesId)));
                Response filtered = bob.get("/v1/groups" + query(cursor, alicesId, "archived", "true"));
                assertError(filtered, 400, "Unknown " + cursor + " cursor");
            }
        }
        assertThat(alicesGroups()).isEqualTo(alicesGroupsBefore);
    }

    @Test
    void theOwnerStillSeesAndChangesItsGroup() {
        assertThat(alice.get("/v1/groups/" + activeId).status()).isEqualTo(200);
        Response renamed = alice.put("/v1/groups/" + activeId, form("name", "Plaza Hotel"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json()).isEqualTo(alicesGroupsBefore.get("data").get(1));
    }

    private static JsonNode alicesGroups() {
        Response list = alice.get("/v1/groups" + query("limit", "100"));
        assertThat(list.status()).isEqualTo(200);
        return list.json();
    }

    private static JsonNode parse(String body) {
        return new Response(200, null, body).json();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A well-formed group id nobody uses (about 95 random bits). */
    private static String unusedId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
