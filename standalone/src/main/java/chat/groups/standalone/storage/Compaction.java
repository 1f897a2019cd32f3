package chat.groups.standalone.storage;

import org.h2.mvstore.MVStore;

/**
 * What H2's background writer would do for a store, which neither standalone store runs: the
 * event store commits each transaction itself ({@code WRITE_DELAY=0}) and the projection store
 * commits only at checkpoints. An MVStore appends a chunk per commit; without this, chunks
 * that hold a few live pages among dead ones are never rewritten and the files grow with the
 * history of writes (measured: ~22 KB per event, ~7 KB per group) instead of with the data.
 *
 * <p>Each step rewrites the live pages of the sparsest chunks, at most {@link #WRITE_LIMIT}
 * bytes, into the next commit; the emptied chunks are reused once {@link #RETENTION_MILLIS}
 * have passed. This is the rewrite H2's own background writer runs concurrently with
 * commits. Moving chunks to shrink the file is left to a clean stop: H2 2.4 asserted an
 * inconsistency (and closed the database) when its {@code compactFile} ran beside live
 * transactions, so it is never called on a store in use.
 */
public final class Compaction {

    /** Chunks are rewritten while the live share of the chunks is below this. */
    static final int TARGET_FILL_RATE = 80;
    /**
     * Live bytes rewritten per step (a step a second). 16 MB was tried: it thrashed the
     * collector and slowed writes as the stores grew, for little less disk.
     */
    static final int WRITE_LIMIT = 1 << 20;
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
     * One step, stored by the next commit. For the projection store the caller holds the
     * checkpoint lock, so that commit captures consistent documents and tokens.
     */
    public static void step(MVStore store) {
        if (!store.isClosed() && store.getFileStore() != null) {
            store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
        }
    }
}
