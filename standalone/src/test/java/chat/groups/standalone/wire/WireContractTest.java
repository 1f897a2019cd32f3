package chat.groups.standalone.wire;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.api.FindGroupQuery;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupView;
import chat.groups.api.Rejection;
import chat.groups.command.Group;
import chat.groups.common.testing.wire.AxonServerWire;
import chat.groups.query.GroupQueryHandlers;
import chat.groups.standalone.support.Repository;
import chat.groups.standalone.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.GenericQueryResponseMessage;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.GenericSubscriptionQueryUpdateMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every message of the vocabulary, and every answer the code asks for, survives a trip through
 * Axon Server: put through axon-server-connector's own conversions with the application's own
 * serializers, what comes out equals what went in. The lists are derived from the code (every
 * record in shared-api, every handler's result type, every {@code ResponseTypes} use in the
 * sources), so a new message type or response type cannot go untested.
 */
class WireContractTest {

    private static final MetaData AUDIT = MetaData.with("accountId", "acme").and("requestId", "req_1")
            .and("apiKeyId", "key_1");

    /** Every response type the sources ask for, as written there; a new one must be added here and tested below. */
    private static final Set<String> ASKED = Set.of("instanceOf(GroupView.class)");

    private final AxonServerWire wire = wire(TestServer.shared().context());

    @TestFactory
    Stream<DynamicTest> everyCommandArrivesAsSent() {
        return vocabulary().filter(type -> type.getSimpleName().endsWith("Command")).map(type ->
                DynamicTest.dynamicTest(type.getSimpleName(), () -> {
                    Object command = Samples.of(type);
                    var received = wire.command(GenericCommandMessage.asCommandMessage(command).andMetaData(AUDIT));
                    assertThat(received.getPayload()).isEqualTo(command);
                    assertThat(received.getMetaData()).isEqualTo(AUDIT);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyEventIsReadBackAsStored() {
        return vocabulary().filter(Class::isRecord)
                .filter(type -> GroupEvent.class.isAssignableFrom(type) || type.getSimpleName().endsWith("Event"))
                .map(type ->
                DynamicTest.dynamicTest(type.getSimpleName(), () -> {
                    Object event = Samples.of(type);
                    var stored = new GenericDomainEventMessage<>("Group", Samples.GROUP_ID, 3, event, AUDIT);
                    var read = wire.event(stored);
                    assertThat(read.getPayload()).isEqualTo(event);
                    assertThat(read.getMetaData()).isEqualTo(AUDIT);
                    assertThat(read.getSequenceNumber()).isEqualTo(3);
                    assertThat(read.getIdentifier()).isEqualTo(stored.getIdentifier());
                }));
    }

    /** Every query, asked for what its handler answers, arrives as sent and its answer comes back as answered. */
    @TestFactory
    Stream<DynamicTest> everyQueryAndItsHandlersAnswerCrossAsSent() {
        return handlers(GroupQueryHandlers.class, QueryHandler.class).map(handler ->
                DynamicTest.dynamicTest(handler.getParameterTypes()[0].getSimpleName(), () -> {
                    Object query = Samples.of(handler.getParameterTypes()[0]);
                    Type answers = handler.getGenericReturnType();
                    Object answer = unwrapOptional(Samples.of(answers));
                    ResponseType<?> asked = answers instanceof ParameterizedType optional
                            && optional.getRawType() == Optional.class
                            ? ResponseTypes.optionalInstanceOf((Class<?>) optional.getActualTypeArguments()[0])
                            : ResponseTypes.instanceOf(handler.getReturnType());

                    var received = wire.query(new GenericQueryMessage<>(query, asked));
                    assertThat(received.getPayload()).isEqualTo(query);

                    var returned = wire.queryResponse(answerOf(received.getResponseType(), answer), asked);
                    assertThat(unwrapOptional(returned.getPayload())).isEqualTo(answer);
                }));
    }

    /** Every command handler of every aggregate: a method's return value, a constructor's the new aggregate's id. */
    @TestFactory
    Stream<DynamicTest> everyCommandHandlersResultComesBackAsReturned() {
        return aggregates().flatMap(aggregate -> Stream.concat(
                handlers(aggregate, CommandHandler.class).map(handler -> (java.lang.reflect.Executable) handler),
                Arrays.stream(aggregate.getDeclaredConstructors()).filter(c -> c.isAnnotationPresent(CommandHandler.class))))
                .map(handler -> DynamicTest.dynamicTest(handler.getDeclaringClass().getSimpleName() + " "
                        + handler.getParameterTypes()[0].getSimpleName(), () -> {
                    Object result = Samples.of(handler instanceof Method method ? method.getReturnType() : String.class);
                    var returned = wire.commandResult(GenericCommandResultMessage.asCommandResultMessage(result), "c1");
                    assertThat(returned.getPayload()).isEqualTo(result);
                }));
    }

    @Test
    void theResponseTypesTheCodeAsksForAreTheOnesTestedHere() {
        assertThat(responseTypesInSources()).isEqualTo(ASKED);
    }

    /** Read-your-writes: the subscription's initial result and updates, as the command side receives them. */
    @Test
    void theGroupSubscriptionsInitialResultAndUpdatesArriveAsGroupViews() {
        GroupView group = (GroupView) Samples.of(GroupView.class);
        var subscription = wire.subscriptionQuery(new GenericSubscriptionQueryMessage<>(
                new FindGroupQuery("acme", Samples.GROUP_ID), ResponseTypes.instanceOf(GroupView.class),
                ResponseTypes.instanceOf(GroupView.class)));
        assertThat(subscription.getPayload()).isEqualTo(new FindGroupQuery("acme", Samples.GROUP_ID));

        QueryResponseMessage<Object> initial = wire.initialResult(answerOf(subscription.getResponseType(), group));
        QueryResponseMessage<Object> none = wire.initialResult(answerOf(subscription.getResponseType(), null));
        var update = wire.update(GenericSubscriptionQueryUpdateMessage.asUpdateMessage(group));

        assertThat(initial.getPayload()).isEqualTo(group);
        assertThat(none.getPayload()).isNull();
        assertThat(update.getPayload()).isEqualTo(group);
    }

    /** Why {@link #ASKED} holds no optionalInstanceOf: a subscription's initial result would arrive as a map. */
    @Test
    void anOptionalInitialResultDoesNotSurviveTheWire() {
        GroupView group = (GroupView) Samples.of(GroupView.class);
        var subscription = wire.subscriptionQuery(new GenericSubscriptionQueryMessage<>(
                new FindGroupQuery("acme", Samples.GROUP_ID), ResponseTypes.optionalInstanceOf(GroupView.class),
                ResponseTypes.instanceOf(GroupView.class)));

        Object payload = wire.initialResult(answerOf(subscription.getResponseType(), group)).getPayload();

        assertThat(payload).isInstanceOf(Optional.class);
        assertThat(((Optional<?>) payload).get()).isNotInstanceOf(GroupView.class).isInstanceOf(Map.class);
    }

    @Test
    void aRejectionKeepsItsReasonAcrossTheWire() {
        Rejection rejection = Rejection.groupNotFound(Samples.GROUP_ID);

        var command = wire.commandResult(GenericCommandResultMessage.asCommandResultMessage(rejection.asCommandException()), "c1");
        var query = wire.queryResponse(new GenericQueryResponseMessage<>(GroupView.class, rejection.asQueryException()),
                ResponseTypes.instanceOf(GroupView.class));

        assertThat(Rejection.of(command.exceptionResult())).contains(rejection);
        assertThat(Rejection.of(query.exceptionResult())).contains(rejection);
    }

    /** The answer as the handling side's query bus (SimpleQueryBus) makes it from a handler's (unwrapped) result. */
    private static QueryResponseMessage<Object> answerOf(ResponseType<?> asked, Object result) {
        @SuppressWarnings("unchecked")
        Class<Object> declared = (Class<Object>) asked.responseMessagePayloadType();
        return GenericQueryResponseMessage.asNullableResponseMessage(declared, asked.convert(result));
    }

    private static Object unwrapOptional(Object value) {
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    private static Stream<Method> handlers(Class<?> type, Class<? extends java.lang.annotation.Annotation> marker) {
        return Arrays.stream(type.getDeclaredMethods()).filter(method -> method.isAnnotationPresent(marker))
                .sorted((a, b) -> a.getParameterTypes()[0].getName().compareTo(b.getParameterTypes()[0].getName()));
    }

    /** Every class of shared-api's package, nested ones included. */
    static Stream<Class<?>> vocabulary() {
        return classesBeside(GroupView.class);
    }

    /** Every aggregate of the command side: its classes annotated {@code @Aggregate}. */
    static Stream<Class<?>> aggregates() {
        return classesBeside(Group.class)
                .filter(type -> type.isAnnotationPresent(org.axonframework.spring.stereotype.Aggregate.class));
    }

    /** The classes of {@code anchor}'s package, from its jar or class directory. */
    private static Stream<Class<?>> classesBeside(Class<?> anchor) {
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            String pkg = anchor.getPackageName();
            List<Class<?>> types = new ArrayList<>();
            // a directory in the IDE and in 'test', a jar in 'verify'
            try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
                 Stream<Path> files = Files.list((jar == null ? root : jar.getPath("/")).resolve(pkg.replace('.', '/')))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    types.add(Class.forName(pkg + "." + file.getFileName().toString().replace(".class", "")));
                }
            }
            return types.stream().filter(type -> !type.isSynthetic() && !type.isAnonymousClass());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "kind(Type.class)" for every ResponseTypes use in the main sources of every module. */
    private static Set<String> responseTypesInSources() {
        Pattern use = Pattern.compile("ResponseTypes\\.(\\w+)\\(\\s*(\\w+)\\.class\\s*\\)");
        Set<String> found = new TreeSet<>();
        Path top = Repository.file("pom.xml").getParent();
        try (Stream<Path> sources = Files.walk(top)) {
            for (Path file : sources.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/")).toList()) {
                Matcher matcher = use.matcher(Files.readString(file));
                while (matcher.find()) {
                    found.add(matcher.group(1) + "(" + matcher.group(2) + ".class)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static AxonServerWire wire(ConfigurableApplicationContext context) {
        return new AxonServerWire(context.getBean("serializer", Serializer.class),
                context.getBean("messageSerializer", Serializer.class),
                context.getBean("eventSerializer", Serializer.class));
    }
}
