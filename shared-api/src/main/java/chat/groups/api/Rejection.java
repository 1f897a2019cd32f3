package chat.groups.api;

import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;

/**
 * Why a handler refused a command or query. It travels as the details of Axon's
 * {@link HandlerExecutionException}, which survive the trip through Axon Server, so the
 * HTTP layer reads the same thing whether the handler ran in this JVM or another.
 */
public record Rejection(Reason reason, String message) {

    public enum Reason {
        GROUP_NOT_FOUND,
        GROUP_ALREADY_ARCHIVED,
        GROUP_NOT_ARCHIVED,
        VERSION_MISMATCH,
        IDEMPOTENCY_KEY_REUSED,
        UNKNOWN_CURSOR,
        /** The contact named is not a member of the group. */
        CONTACT_NOT_MEMBER,
        /** Adding the contacts would take the group past its member cap. */
        MEMBER_CAP_REACHED,
        /** A username names more than one member (members with different ids); the id must be used. */
        CONTACT_AMBIGUOUS,
        /** A time the group cannot have been archived at, such as one before it was created. */
        INVALID_ARCHIVED_AT
    }

    public static Rejection groupNotFound(String groupId) {
        return new Rejection(Reason.GROUP_NOT_FOUND, "No such group: '" + ClientText.printable(groupId) + "'.");
    }

    public CommandExecutionException asCommandException() {
        return new CommandExecutionException(message, null, this);
    }

    public QueryExecutionException asQueryException() {
        return new QueryExecutionException(message, null, this);
    }

    /** The rejection carried by {@code failure} or one of its causes, if any. */
    public static Optional<Rejection> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HandlerExecutionException handlerFailure) {
                Optional<Object> details = handlerFailure.getDetails();
                if (details.isPresent() && details.get() instanceof Rejection rejection) {
                    return Optional.of(rejection);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
