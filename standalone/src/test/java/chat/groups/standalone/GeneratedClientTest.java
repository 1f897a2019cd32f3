package chat.groups.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import chat.groups.client.ApiClient;
import chat.groups.client.ApiException;
import chat.groups.client.api.GroupsApi;
import chat.groups.client.api.HistoryApi;
import chat.groups.client.model.Contact;
import chat.groups.client.model.ContactInput;
import chat.groups.client.model.ErrorCode;
import chat.groups.client.model.Group;
import chat.groups.client.model.GroupCreate;
import chat.groups.client.model.GroupEvent;
import chat.groups.client.model.GroupList;
import chat.groups.client.model.GroupUpdate;
import chat.groups.standalone.support.TestServer;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reference page's whole scenario driven through a Java client generated from the OpenAPI
 * document at build time (OpenAPI Generator, {@code java}/{@code native}, see the standalone
 * pom): if the document could not express something the API does, this client could not do it.
 * Errors are decoded into the generated {@code Error} model and branch on its typed code.
 */
class GeneratedClientTest {

    private GroupsApi groups;
    private HistoryApi history;
    private ApiClient client;
    private ApiClient stranger;

    /** Each test on an account of its own, so that lists show only its groups. */
    @BeforeEach
    void clients() {
        TestServer server = TestServer.shared();
        String account = server.newAccount().account();
        client = client(server, TestServer.tokenOf(account));
        stranger = client(server, "not-a-key-of-anyone-0123456789");
        groups = new GroupsApi(client);
        history = new HistoryApi(client);
    }

    private static ApiClient client(TestServer server, String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(server.baseUri().toString());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void theSeedScenarioEndToEnd() throws ApiException {
        Group plaza = groups.createGroup(new GroupCreate().name("Plaza Hotel").description("World-renowned.")
                .contacts(List.of(new ContactInput().username("Hector"), new ContactInput().username("Cedric"))), null, null);
        assertThat(plaza.getId()).matches("[A-Za-z0-9]{16}");
        assertThat(plaza.getContacts()).extracting(Contact::getUsername).containsExactly("Hector", "Cedric");
        assertThat(plaza.getArchivedAt()).isNull();
        Group second = groups.createGroup(new GroupCreate().name("Second"), null, null);
        Group third = groups.createGroup(new GroupCreate().name("Third"), null, null);

        GroupList first = groups.listGroups(2, null, null, null, null, null);
        assertThat(first.getData()).extracting(Group::getId).containsExactly(third.getId(), second.getId());
        assertThat(first.getHasMore()).isTrue();
        GroupList next = groups.listGroups(2, null, second.getId(), null, null, null);
        assertThat(next.getData()).extracting(Group::getId).containsExactly(plaza.getId());
        assertThat(next.getHasMore()).isFalse();
        GroupList back = groups.listGroups(2, null, null, plaza.getId(), null, null);
        assertThat(back.getData()).extracting(Group::getId).containsExactly(third.getId(), second.getId());

        assertThat(groups.retrieveGroup(plaza.getId(), null, null, null, null)).isEqualTo(plaza);

        Group updated = groups.updateGroup(plaza.getId(), null, null, null,
                new GroupUpdate().description("The finest in New York."));
        assertThat(updated.getDescription()).isEqualTo("The finest in New York.");
        assertThat(updated.getName()).isEqualTo("Plaza Hotel");

        Group archived = groups.archiveGroup(plaza.getId(), null, null, null);
        assertThat(archived.getArchivedAt()).isNotNull();
        assertThat(groups.listGroups(100, true, null, null, null, null).getData()).extracting(Group::getId)
                .contains(plaza.getId()).doesNotContain(second.getId(), third.getId());
        assertThat(groups.unarchiveGroup(plaza.getId(), null, null, null).getArchivedAt()).isNull();

        List<GroupEvent> events = history.listGroupEvents(plaza.getId(), null, null, null, null).getData();
        assertThat(events).extracting(GroupEvent::getType)
                .containsExactly("group.created", "group.updated", "group.archived", "group.unarchived");
        assertThat(events.get(0).getActor().getAccount()).isNotBlank();
        Group asCreated = groups.retrieveGroup(plaza.getId(), 0L, null, null, null);
        assertThat(asCreated.getDescription()).isEqualTo("World-renowned.");

        assertThat(groups.deleteGroup(plaza.getId(), null, null, null).getDeleted()).isTrue();
        assertThat(error(() -> groups.retrieveGroup(plaza.getId(), null, null, null, null)).getCode())
                .isEqualTo(ErrorCode.GROUP_NOT_FOUND);
    }

    @Test
    void everyKindOfErrorDecodesIntoATypedError() throws ApiException {
        Group group = groups.createGroup(new GroupCreate().name("Errors"), null, null);

        chat.groups.client.model.Error missing = error(() -> groups.createGroup(new GroupCreate().name(""), null, null));
        assertThat(missing.getCode()).isEqualTo(ErrorCode.PARAMETER_MISSING);
        assertThat(missing.getParam()).isEqualTo("name");
        assertThat(missing.getType()).isEqualTo(chat.groups.client.model.Error.TypeEnum.INVALID_REQUEST);
        assertThat(missing.getDocumentationUrl()).endsWith("#parameter_missing");

        chat.groups.client.model.Error invalid = error(() -> groups.createGroup(new GroupCreate().name("x")
                .contacts(List.of(new ContactInput().username("Hector").phoneNumber("call me"))), null, null));
        assertThat(invalid.getCode()).isEqualTo(ErrorCode.PARAMETER_INVALID);
        assertThat(invalid.getParam()).isEqualTo("contacts[0][phone_number]");

        assertThat(error(() -> groups.listGroups(2, null, "AAAAAAAAAAAAAAAA", null, null, null)).getCode())
                .isEqualTo(ErrorCode.CURSOR_NOT_FOUND);
        assertThat(error(() -> new GroupsApi(stranger).listGroups(null, null, null, null, null, null)).getCode())
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(error(() -> groups.retrieveGroup("AAAAAAAAAAAAAAAA", null, null, null, null)).getCode())
                .isEqualTo(ErrorCode.GROUP_NOT_FOUND);
        assertThat(error(() -> groups.unarchiveGroup(group.getId(), null, null, null)).getCode())
                .isEqualTo(ErrorCode.GROUP_NOT_ARCHIVED);
        groups.archiveGroup(group.getId(), null, null, null);
        assertThat(error(() -> groups.archiveGroup(group.getId(), null, null, null)).getCode())
                .isEqualTo(ErrorCode.GROUP_ALREADY_ARCHIVED);
        assertThat(error(() -> groups.updateGroup(group.getId(), "\"99\"", null, null, new GroupUpdate().name("y"))).getCode())
                .isEqualTo(ErrorCode.VERSION_MISMATCH);
        String key = UUID.randomUUID().toString();
        groups.createGroup(new GroupCreate().name("Once"), key, null);
        chat.groups.client.model.Error reused = error(() -> groups.createGroup(new GroupCreate().name("Twice"), key, null));
        assertThat(reused.getCode()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reused.getParam()).isEqualTo("Idempotency-Key");
    }

    private interface Call {
        Object run() throws ApiException;
    }

    /** The call's failure, decoded from its body into the generated error model. */
    private chat.groups.client.model.Error error(Call call) {
        ApiException failure = catchThrowableOfType(ApiException.class, call::run);
        assertThat(failure).as("the call fails").isNotNull();
        try {
            return client.getObjectMapper().readValue(failure.getResponseBody(), chat.groups.client.model.Error.class);
        } catch (IOException e) {
            throw new AssertionError("not an error body: " + failure.getResponseBody(), e);
        }
    }

}
