package chat.groups.common.error;

import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.event.util.EventStoreClientException;
import org.axonframework.axonserver.connector.query.AxonServerQueryDispatchException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.RemoteHandlingException;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.springframework.http.HttpStatus;

/**
 * Failures to reach an engine (Axon Server, the other side through it, MongoDB, the event
 * store): outages, not bugs. They are answered {@code 503} in the API's error shape, saying
 * what is unavailable and what became of the request; never {@code 500}.
 */
public final class Outages {

    /** What could not be reached, for the message. */
    public enum Part {
        AXON_SERVER("Axon Server (the event store and message routing)"),
        COMMAND_SIDE("the command side (writes)"),
        QUERY_SIDE("the query side (reads)"),
        EVENT_STORE("the event store"),
        MONGODB("the read model's database (MongoDB)"),
        NO_ANSWER_IN_TIME("an answer in time");

        private final String text;

        Part(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private Outages() {
    }

    public static boolean isOutage(Throwable failure) {
        return part(failure).isPresent();
    }

    /** The unreachable part behind {@code failure} or one of its causes, if it is an outage at all. */
    public static Optional<Part> part(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Part part = direct(t);
            if (part != null) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }

    private static Part direct(Throwable t) {
        if (t instanceof RemoteHandlingException remote) {
            return remote(remote);
        }
        if (t instanceof NoHandlerForCommandException) {
            return Part.COMMAND_SIDE;
        }
        if (t instanceof NoHandlerForQueryException) {
            return Part.QUERY_SIDE;
        }
        if (t instanceof AxonServerException || t instanceof AxonServerQueryDispatchException
                || t instanceof CommandDispatchException || t instanceof EventStoreClientException
                || t instanceof StatusRuntimeException) {
            return Part.AXON_SERVER;
        }
        if (t instanceof EventStoreException || t instanceof EventPublicationFailedException) {
            return Part.EVENT_STORE;
        }
        if (t instanceof java.util.concurrent.TimeoutException || t instanceof AxonTimeoutException) {
            return Part.NO_ANSWER_IN_TIME;
        }
        if (t instanceof MongoTimeoutException || t instanceof MongoSocketException
                || t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException
                || t instanceof MongoInterruptedException) {
            return Part.MONGODB;
        }
        return null;
    }

    /**
     * A handler in another process failed; through Axon Server only the descriptions of its
     * exceptions ("class: message") arrive. An outage there (its MongoDB, its event store) is one here.
     */
    private static Part remote(RemoteHandlingException remote) {
        for (String description : remote.getExceptionDescriptions()) {
            if (description.startsWith("com.mongodb.MongoTimeoutException")
                    || description.startsWith("com.mongodb.MongoSocket")) {
                return Part.MONGODB;
            }
            if (description.startsWith("org.axonframework.eventsourcing.eventstore.EventStoreException")
                    || description.startsWith("io.axoniq.axonserver.connector.AxonServerException")
                    || description.startsWith("org.axonframework.axonserver.connector.AxonServerException")) {
                return Part.EVENT_STORE;
            }
        }
        return null;
    }

    /** One line for the log: what was unreachable and the failure's own words, no stack trace. */
    public static String describe(Throwable failure) {
        return part(failure).map(Part::text).orElse("unknown") + ": " + failure;
    }

    /** Why the service could not answer, for a message: "cannot reach X" or "got no answer in time". */
    static String because(Throwable failure) {
        Part part = part(failure).orElse(Part.AXON_SERVER);
        return part == Part.NO_ANSWER_IN_TIME ? "got no answer in time" : "cannot reach " + part.text();
    }

    /** A 503 for a request that changed nothing (a read, or a write refused before it was sent): safe to repeat. */
    public static Outage unavailable(Throwable failure) {
        return new Outage("The service " + because(failure) + " right now, so it could not answer. Nothing was "
                + "changed. Retry in a few seconds.", true, failure);
    }

    /** A 503 for a write whose command may or may not have been applied. */
    public static Outage writeNotConfirmed(Throwable failure) {
        if (part(failure).orElse(null) == Part.COMMAND_SIDE) {
            return new Outage("The service cannot reach " + Part.COMMAND_SIDE.text() + " right now. The change was "
                    + "not saved. Retry in a few seconds.", true, failure);
        }
        return new Outage("The service " + because(failure) + " while applying this change, so it cannot tell "
                + "whether the change was saved. Retrieve the group to check, or retry with the same Idempotency-Key "
                + "header: a retry with the same key never applies a change twice.", true, failure);
    }

    /** A 503 for a write that was stored but whose result cannot be read back right now: never to be repeated. */
    public static Outage savedButUnconfirmed(String groupId, Throwable failure) {
        return new Outage("The change to group '" + groupId + "' was saved, but the service " + because(failure)
                + " to read back the result. Do not repeat the request: retrieve the group in a moment.", false, failure);
    }

    /** An outage as the API answers it: 503, with {@code Retry-After} when repeating the request is safe. */
    public static final class Outage extends ApiException {

        private final boolean retry;

        Outage(String message, boolean retry, Throwable cause) {
            super(HttpStatus.SERVICE_UNAVAILABLE, DocTopic.ERRORS, message);
            this.retry = retry;
            initCause(cause);
        }

        public boolean retry() {
            return retry;
        }
    }
}
