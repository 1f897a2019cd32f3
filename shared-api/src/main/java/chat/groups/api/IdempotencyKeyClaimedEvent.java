package chat.groups.api;

/**
 * An account's Idempotency-Key was claimed for one request (see {@link ClaimIdempotencyKeyCommand}).
 * Not a {@link GroupEvent}: projections and group histories ignore it.
 */
public record IdempotencyKeyClaimedEvent(String claimId, String accountId, String fingerprint, String request) {
}
