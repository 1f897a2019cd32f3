package chat.groups.standalone;

import static chat.groups.standalone.support.Api.form;
import static chat.groups.standalone.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.standalone.support.Api;
import chat.groups.standalone.support.Api.Response;
import chat.groups.standalone.support.TestServer;
import chat.groups.standalone.support.Together;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent membership changes without If-Match: the group applies them one at a time, so none
 * is lost and the member cap holds exactly. Hundreds of requests queue for one group here, so the
 * server and the client wait generously (a loaded CI machine is slow, not wrong); what is asserted
 * is the outcome, never the time.
 */
class MembershipConcurrencyTest {

    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void aServerThatWaitsForAQueueOfWrites() {
        server = TestServer.start(TestServer.tempDir("groups-membership"),
                "--groups.read-your-writes.timeout=600s", "--groups.write-queue.timeout=600s");
        api = server.newAccount().withTimeout(Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String group() {
        return "/v1/groups/" + api.create("name", "Members").get("id").asText();
    }

    private static List<String> usernames(JsonNode group) {
        List<String> names = new ArrayList<>();
        group.get("contacts").forEach(contact -> names.add(contact.get("username").asText()));
        return names;
    }


    @Test
    void thirtyTwoClientsAddingDifferentContactsWithoutIfMatchAllBecomeMembers() throws Exception {
        String path = group();
        List<Callable<Response>> adds = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String username = "client" + i;
            adds.add(() -> api.post(path + "/contacts", form("contacts[0][username]", username)));
        }

        List<Response> answers = together(adds);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        JsonNode group = api.get(path).json();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 32; i++) {
            expected.add("client" + i);
        }
        assertThat(new HashSet<>(usernames(group))).isEqualTo(expected);
        assertThat(usernames(group)).hasSize(32);
        assertThat(api.get(path).header("ETag")).isEqualTo("\"32\"");
    }

    @Test
    void threeHundredConcurrentAddsToOneGroupStopAtTheCapExactly() throws Exception {
        String path = group();
        List<Callable<Response>> adds = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String username = "user" + i;
            adds.add(() -> api.post(path + "/contacts", form("contacts[0][username]", username)));
        }

        List<Response> answers = together(adds);

        Set<String> succeeded = new HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            Response answer = answers.get(i);
            if (answer.status() == 200) {
                succeeded.add("user" + i);
            } else {
                assertError(answer, 409, "room for 0 more (at most 250 per group)");
            }
        }
        assertThat(succeeded).hasSize(250);
        JsonNode group = api.get(path).json();
        assertThat(usernames(group)).hasSize(250);
        assertThat(new HashSet<>(usernames(group))).isEqualTo(succeeded);
    }

    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        return Together.run(tasks, Duration.ofMinutes(15));
    }
}
