package chat.groups.standalone.storage;

import org.h2.mvstore.IdleCompaction;
import org.h2.mvstore.MVStore;

/**
 * What H2's background writer would do for a store, which neither standalone store runs: the
 * event store commits each transaction itself ({@code WRITE_DELAY=0}) and the projection store
 * commits only at checkpoints. An MVStore appends a chunk per commit; without this, chunks
 * that hold a few live pages among dead ones are never rewritten and the files grow with the
 * history of writes (measured: ~22 KB per event, ~7 KB per group) instead of with the data.
 *
 * <p>A busy store gets a bounded rewrite of its sparsest chunks (their live pages go into the
 * next commit, and the emptied chunks are reused once {@link #RETENTION_MILLIS} have passed).
 * That only slows the growth under a stream of one-event commits, so once the store is idle
 * (no commit since the last step) it is compacted for real: live chunks are moved together
 * and the file is truncated, at most {@link #IDLE_MILLIS} per step. Crash safety is H2's own:
 * both are ordinary copy-on-write commits. See docs/benchmarks.md for the measured figures.
 */
public final class Compaction {

    /** A busy store's chunks are rewritten while their live share is below this. */
    static final int TARGET_FILL_RATE = 80;
    /** Live bytes rewritten per busy step. */
    static final int WRITE_LIMIT = 1 << 20;
    /** An idle store is compacted while its chunks' live share is below this. */
    static final int IDLE_FILL_RATE = 70;
    /** How long one idle step may hold the store (no commit is waiting: it is idle). */
    static final int IDLE_MILLIS = 300;
    /** How many bytes of live chunks one idle step may move towards the start of the file. */
    static final long IDLE_MOVE_BYTES = 64L << 20;
    /**
     * How long an emptied chunk is kept before its space is reused (H2's default: 45 s). H2
     * keeps chunks that long in case the disk had not yet flushed the newer ones at a power
     * loss; neither store forces commits to the disk (they survive a killed process, not a
     * power cut: see README, Durability), so a long retention buys nothing and would hold
     * 45 s of commits (hundreds of MB at a thousand writes a second).
     */
    public static final int RETENTION_MILLIS = 1_000;

    private Compaction() {
    }

    /**
     * One step: a full compaction when {@code idle}, else a bounded rewrite stored by the next
     * commit. The caller makes sure no half-done change can be stored meanwhile (the event
     * store's transactions take care of themselves; the projection store calls this under its
     * checkpoint lock).
     */
    public static void step(MVStore store, boolean idle) {
        if (store.isClosed() || store.getFileStore() == null) {
            return;
        }
        if (idle) {
            try {
                IdleCompaction.run(store, IDLE_FILL_RATE, IDLE_MILLIS, IDLE_MOVE_BYTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
        }
    }
}
