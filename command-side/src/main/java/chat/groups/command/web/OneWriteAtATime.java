package chat.groups.command.web;

import chat.groups.common.error.ApiException;
import chat.groups.common.error.ErrorCode;
import chat.groups.common.error.DocTopic;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Lets this process send one command per group at a time. The aggregate serializes a group's
 * commands anyway, but a command that waits for the group's lock inside Axon already holds a
 * unit of work and, in the standalone server, one of the event store's few JDBC connections:
 * a few hundred concurrent writes to one group (say, members joining a popular group) took the
 * whole pool, starved the projection of connections and failed. Waiting here holds nothing but
 * the request's thread, in arrival order (fair locks). Groups share 1,024 locks by hash, so two
 * busy groups rarely wait for each other. A write that waits longer than
 * {@code groups.write-queue.timeout} (30 s) is refused with 503 and changes nothing.
 */
@Component
class OneWriteAtATime {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final Duration wait;

    OneWriteAtATime(@Value("${groups.write-queue.timeout:30s}") Duration wait) {
        this.wait = wait;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    <R> R run(String groupId, Supplier<R> write) {
        ReentrantLock lock = locks[Math.floorMod(groupId.hashCode(), STRIPES)];
        boolean acquired;
        try {
            acquired = lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Group '" + groupId
                    + "' is receiving more concurrent changes than it can apply in time; this one was not applied. "
                    + "Retry in a moment (with the same Idempotency-Key, if you sent one).");
        }
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }
}
