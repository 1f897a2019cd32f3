package chat.groups.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.api.Rejection;
import com.mongodb.MongoTimeoutException;
import io.axoniq.axonserver.grpc.ErrorMessage;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way the connector (and the MongoDB driver) reports that an engine is out of reach,
 * built exactly as they build it, becomes a 503 in the API's error shape saying what is
 * unavailable; never a 500.
 */
class OutageMappingTest {

    private final ApiExceptionHandler handler =
            new ApiExceptionHandler(new ApiErrors("https://docs.example.com/api", JsonMapper.builder().build()));

    static Stream<Arguments> outages() {
        return Stream.of(
                Arguments.of("command dispatch", connector(ErrorCode.COMMAND_DISPATCH_ERROR), "Axon Server"),
                Arguments.of("no command handler", connector(ErrorCode.NO_HANDLER_FOR_COMMAND), "the command side"),
                Arguments.of("query dispatch", connector(ErrorCode.QUERY_DISPATCH_ERROR), "Axon Server"),
                Arguments.of("no query handler", connector(ErrorCode.NO_HANDLER_FOR_QUERY), "the query side"),
                Arguments.of("connection failed", connector(ErrorCode.CONNECTION_FAILED), "Axon Server"),
                Arguments.of("event store read", connector(ErrorCode.DATAFILE_READ_ERROR), "the event store"),
                Arguments.of("no event store leader", connector(ErrorCode.NO_EVENT_STORE_MASTER_AVAILABLE),
                        "the event store"),
                Arguments.of("gRPC unavailable", Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(),
                        "Axon Server"),
                Arguments.of("command timeout, as the gateway reports it",
                        new CommandExecutionException("timed out", new TimeoutException()), "no answer in time"),
                Arguments.of("Axon timeout", new AxonTimeoutException("deadline"), "no answer in time"),
                Arguments.of("MongoDB unreachable", new MongoTimeoutException("no server"), "MongoDB"),
                Arguments.of("the other side's MongoDB, through Axon Server",
                        new CommandExecutionException("handler failed", new org.axonframework.axonserver.connector
                                .command.AxonServerRemoteCommandHandlingException("AXONIQ-4002", ErrorMessage.newBuilder()
                                .setMessage("timed out").addDetails("com.mongodb.MongoTimeoutException: Timed out "
                                        + "while waiting for a server").build())), "MongoDB"),
                Arguments.of("wrapped by a future", new CompletionException(connector(ErrorCode.QUERY_DISPATCH_ERROR)),
                        "Axon Server"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outages")
    void anOutageIsA503SayingWhatIsUnavailable(String name, Exception failure, String unavailable) {
        ResponseEntity<ApiError> answer = handler.unexpected(failure);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getBody().type()).isEqualTo("api_error");
        assertThat(answer.getBody().message()).contains(unavailable).contains("Nothing was changed");
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownSaysSoAndHowToRetrySafely() {
        ResponseEntity<ApiError> answer = handler.outage(Outages.writeNotConfirmed(connector(ErrorCode.COMMAND_DISPATCH_ERROR)));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getBody().message()).contains("cannot tell whether the change was saved", "Idempotency-Key");
    }

    @Test
    void aWriteThatNoHandlerTookWasNotSaved() {
        ResponseEntity<ApiError> answer = handler.outage(Outages.writeNotConfirmed(connector(ErrorCode.NO_HANDLER_FOR_COMMAND)));

        assertThat(answer.getBody().message()).contains("The change was not saved");
    }

    @Test
    void aStoredWriteIsNeverToBeRepeated() {
        ResponseEntity<ApiError> answer = handler.outage(
                Outages.savedButUnconfirmed("l7cGNIBKZiNJ6wqF", connector(ErrorCode.DATAFILE_READ_ERROR)));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getBody().message()).contains("was saved", "Do not repeat the request");
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }

    @Test
    void aBugIsStillA500() {
        assertThat(handler.unexpected(new IllegalStateException("a bug")).getStatusCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void aRejectionFromTheOtherSideKeepsItsStatus() {
        CommandExecutionException rejected = Rejection.groupNotFound("l7cGNIBKZiNJ6wqF").asCommandException();

        assertThat(handler.rejected(rejected, new org.springframework.mock.web.MockHttpServletRequest()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private static RuntimeException connector(ErrorCode code) {
        return code.convert(ErrorMessage.newBuilder().setMessage("from the connector").setLocation("test").build(),
                () -> null);
    }
}
