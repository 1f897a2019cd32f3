package chat.groups.api;

import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Claims an Idempotency-Key of an account for one request, before the request runs. The claim
 * is an aggregate of its own whose id is derived from the account, the key and its 24-hour
 * window ({@code claimId}), so the event store refuses a second claim of the same key: a key
 * serves one request, whatever endpoint or group, in standalone and split deployments alike.
 *
 * @param fingerprint what the request asked for (method, path, parameters), hashed
 * @param request     the method and path, to tell a client which request the key serves
 */
public record ClaimIdempotencyKeyCommand(@TargetAggregateIdentifier String claimId, String accountId,
                                         String fingerprint, String request) {

    public ClaimIdempotencyKeyCommand {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
