package chat.groups.common.testing.wire;

import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.QueryUpdate;
import io.axoniq.axonserver.grpc.query.SubscriptionQuery;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.command.CommandSerializer;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.event.axon.GrpcBackedDomainEventData;
import org.axonframework.axonserver.connector.query.QuerySerializer;
import org.axonframework.axonserver.connector.query.subscription.SubscriptionMessageSerializer;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;

/**
 * What crossing Axon Server does to a message, without Axon Server: each method puts a message
 * through the very conversions that {@code axon-server-connector} applies on the way out and on
 * the way in (its {@link CommandSerializer}, {@link QuerySerializer},
 * {@link SubscriptionMessageSerializer} and event store mapping), built with the application's
 * own serializers, and answers what the receiving side would see.
 * <p>
 * In one JVM nothing is serialized, so only this shows what a split deployment sees: e.g. the
 * initial result of a subscription query is not converted to the asked type on arrival.
 */
public final class AxonServerWire {

    private final CommandSerializer commands;
    private final QuerySerializer queries;
    private final SubscriptionMessageSerializer subscriptions;
    private final AbstractEventStorageEngine events;
    private final Method mapEvent;

    /**
     * @param serializer        the general serializer (Axon's {@code serializer} bean)
     * @param messageSerializer the serializer of commands, queries and their results ({@code messageSerializer})
     * @param eventSerializer   the serializer of events ({@code eventSerializer})
     */
    public AxonServerWire(Serializer serializer, Serializer messageSerializer, Serializer eventSerializer) {
        AxonServerConfiguration configuration = new AxonServerConfiguration();
        configuration.setComponentName("wire-test");
        this.commands = new CommandSerializer(messageSerializer, configuration);
        this.queries = new QuerySerializer(messageSerializer, serializer, configuration);
        this.subscriptions = new SubscriptionMessageSerializer(messageSerializer, serializer, configuration);
        // The event store's own engine, never connected: only its mapping of events to Axon Server's format is used.
        AxonServerEventStore store = AxonServerEventStore.builder()
                .configuration(configuration)
                .platformConnectionManager(AxonServerConnectionManager.builder()
                        .axonServerConfiguration(configuration).build())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .snapshotFilter(SnapshotFilter.allowAll())
                .build();
        try {
            Method storageEngine = AxonServerEventStore.class.getDeclaredMethod("storageEngine");
            storageEngine.setAccessible(true);
            this.events = (AbstractEventStorageEngine) storageEngine.invoke(store);
            this.mapEvent = events.getClass().getDeclaredMethod("map",
                    org.axonframework.eventhandling.EventMessage.class, Serializer.class);
            mapEvent.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("axon-server-connector changed: cannot reach its event mapping", e);
        }
    }

    /** A command as the handling side receives it. */
    public CommandMessage<?> command(CommandMessage<?> command) {
        Command wire = commands.serialize(command, command.getIdentifier(), 0);
        return commands.deserialize(parse(Command.parser(), wire.toByteArray()));
    }

    /** A command's result (or failure) as the sending side receives it. */
    public <R> CommandResultMessage<R> commandResult(CommandResultMessage<?> result, String commandId) {
        CommandResponse wire = commands.serialize(result, commandId);
        return commands.deserialize(parse(CommandResponse.parser(), wire.toByteArray()));
    }

    /** A query as the handling side receives it (its response type as the connector sends it). */
    public <Q, R> QueryMessage<Q, R> query(QueryMessage<Q, R> query) {
        QueryRequest wire = queries.serializeRequest(query, 1, 10_000, 0);
        return queries.deserializeRequest(parse(QueryRequest.parser(), wire.toByteArray()));
    }

    /** A query's answer as the asking side receives it, converted to what it asked for. */
    public <R> QueryResponseMessage<R> queryResponse(QueryResponseMessage<?> response, ResponseType<R> asked) {
        QueryResponse wire = queries.serializeResponse(response, response.getIdentifier());
        return queries.deserializeResponse(parse(QueryResponse.parser(), wire.toByteArray()), asked);
    }

    /** A subscription query as each handling side receives it. */
    public <Q, I, U> SubscriptionQueryMessage<Q, I, U> subscriptionQuery(SubscriptionQueryMessage<Q, I, U> query) {
        SubscriptionQuery wire = SubscriptionQuery.newBuilder()
                .setSubscriptionIdentifier(query.getIdentifier())
                .setQueryRequest(subscriptions.serializeQuery(query))
                .setUpdateResponseType(subscriptions.serializeUpdateType(query))
                .build();
        return subscriptions.deserialize(parse(SubscriptionQuery.parser(), wire.toByteArray()));
    }

    /** A subscription query's initial result as the subscriber receives it: not converted to the asked type. */
    public <I> QueryResponseMessage<I> initialResult(QueryResponseMessage<?> response) {
        QueryResponse wire = queries.serializeResponse(response, response.getIdentifier());
        return subscriptions.deserialize(parse(QueryResponse.parser(), wire.toByteArray()));
    }

    /** A subscription query's update as the subscriber receives it. */
    public <U> SubscriptionQueryUpdateMessage<U> update(SubscriptionQueryUpdateMessage<?> update) {
        QueryUpdate wire = subscriptions.serialize(update);
        return subscriptions.deserialize(parse(QueryUpdate.parser(), wire.toByteArray()));
    }

    /** An event as stored in Axon Server and read back from it by any side. */
    @SuppressWarnings("unchecked")
    public <T> DomainEventMessage<T> event(DomainEventMessage<T> event) {
        Event wire;
        try {
            wire = (Event) mapEvent.invoke(events, event, events.getEventSerializer());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot map an event as the connector does", e);
        }
        Event stored = parse(Event.parser(), wire.toByteArray());
        List<? extends DomainEventMessage<?>> read = EventStreamUtils.upcastAndDeserializeDomainEvents(
                Stream.of(new GrpcBackedDomainEventData(stored)), events.getEventSerializer(),
                NoOpEventUpcaster.INSTANCE).asStream().toList();
        return (DomainEventMessage<T>) read.get(0);
    }

    private static <M> M parse(com.google.protobuf.Parser<M> parser, byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
