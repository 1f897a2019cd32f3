package org.h2.mvstore;

/**
 * Compacts an idle MVStore for real: rewrites its sparse chunks, moves the live ones together
 * and truncates the file. It lives in H2's package because H2 offers no public way to move
 * chunks under the store's lock (its own background writer does it from inside the package;
 * {@code MVStore.compactFile} only moves chunks while it also has sparse ones to rewrite). Used
 * by {@code chat.groups.standalone.storage.Compaction}; nothing else of this project is here.
 */
public final class IdleCompaction {

    private IdleCompaction() {
    }

    /**
     * @param fillRate compact while less than this share (percent) of the chunks or of the file is live
     * @param millis   at most this long for the rewrite
     * @param moveBytes at most this many bytes of chunks moved
     */
    public static void run(MVStore store, int fillRate, int millis, long moveBytes) throws InterruptedException {
        FileStore<?> file = store.getFileStore();
        if (file == null || !store.isOpen()) {
            return;
        }
        if (file.getChunksFillRate() < fillRate) {
            int retention = store.getRetentionTime();
            store.compactFile(millis); // sets the retention time to 0
            store.setRetentionTime(retention);
        }
        if (file instanceof RandomAccessStore randomAccess && randomAccess.getFillRate() < fillRate) {
            store.tryExecuteUnderStoreLock(() -> {
                randomAccess.compactMoveChunks(101, moveBytes, store);
                return null;
            });
        }
    }
}
