package chat.groups.query;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;

/**
 * Axon's MongoDB token store, less one round trip per processor batch. Our processors store
 * their token after a batch's work (see {@link QuerySideMongoConfiguration}), and Axon's
 * tracking processor then extends its claim before every batch: under a steady write load
 * batches hold one event, so that was a third of the token store's round trips, and a third to
 * a half of the two busiest processors' threads went to their tokens (docs/benchmarks.md).
 * <p>
 * A claim extension is skipped when this process confirmed the claim (claimed it, stored a
 * token under it or extended it) less than {@code fresh} ago, measured from before that
 * confirmation was sent. Another process may take a claim only once it has gone
 * {@code claimTimeout} (10 s) without an update, so a claim confirmed within {@code fresh}
 * (2 s) is still this process's: the skipped extension could not have failed. Every
 * confirmation that fails, and every release, forgets the claim, so the next extension asks
 * MongoDB again. Storing a token still checks the claim, as before.
 */
public class RecentClaimTokenStore extends MongoTokenStore {

    /** A fifth of Axon's claim timeout (10 s): claims stay ours for at least 8 s more, whatever the clocks. */
    public static final Duration FRESH = Duration.ofSeconds(2);

    private final long freshNanos;
    private final Map<String, Long> confirmedAt = new ConcurrentHashMap<>();

    public RecentClaimTokenStore(Builder builder, Duration fresh) {
        super(builder);
        this.freshNanos = fresh.toNanos();
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        long sent = System.nanoTime();
        TrackingToken token = confirming(processorName, segment, () -> super.fetchToken(processorName, segment));
        confirmedAt.put(key(processorName, segment), sent);
        return token;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        long sent = System.nanoTime();
        confirming(processorName, segment, () -> {
            super.storeToken(token, processorName, segment);
            return null;
        });
        confirmedAt.put(key(processorName, segment), sent);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        Long confirmed = confirmedAt.get(key(processorName, segment));
        long now = System.nanoTime();
        if (confirmed != null && now - confirmed < freshNanos) {
            return;
        }
        confirming(processorName, segment, () -> {
            super.extendClaim(processorName, segment);
            return null;
        });
        confirmedAt.put(key(processorName, segment), now);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        confirmedAt.remove(key(processorName, segment));
        super.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        confirmedAt.remove(key(processorName, segment));
        super.deleteToken(processorName, segment);
    }

    private interface Confirmation<T> {
        T run();
    }

    private <T> T confirming(String processorName, int segment, Confirmation<T> confirmation) {
        try {
            return confirmation.run();
        } catch (RuntimeException failed) {
            confirmedAt.remove(key(processorName, segment));
            throw failed;
        }
    }

    private static String key(String processorName, int segment) {
        return processorName + '\u0000' + segment;
    }
}
