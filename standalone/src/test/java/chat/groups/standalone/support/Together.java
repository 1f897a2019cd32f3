package chat.groups.standalone.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs tasks released together, on {@code threads} threads, and answers their results in order. */
public final class Together {

    private Together() {
    }

    /** Each task on a thread of its own, all released at once; each must end within {@code timeout}. */
    public static <T> List<T> run(List<Callable<T>> tasks, Duration timeout) throws Exception {
        return run(tasks, tasks.size(), timeout);
    }

    public static <T> List<T> run(List<Callable<T>> tasks, int threads, Duration timeout) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
