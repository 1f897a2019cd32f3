package chat.groups.common.testing.wire;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Outages injected where Axon Server would report them: a command or query sent while a fault
 * is set fails with the exception the connector throws in that situation (build one with
 * {@code ErrorCode.X.convert(...)}), before it reaches a handler.
 */
public class WireFaults {

    private final AtomicReference<Supplier<RuntimeException>> commands = new AtomicReference<>();
    private final AtomicReference<Supplier<RuntimeException>> queries = new AtomicReference<>();

    public void failCommands(Supplier<RuntimeException> failure) {
        commands.set(failure);
    }

    public void failQueries(Supplier<RuntimeException> failure) {
        queries.set(failure);
    }

    public void clear() {
        commands.set(null);
        queries.set(null);
    }

    RuntimeException commandFailure() {
        Supplier<RuntimeException> failure = commands.get();
        return failure == null ? null : failure.get();
    }

    RuntimeException queryFailure() {
        Supplier<RuntimeException> failure = queries.get();
        return failure == null ? null : failure.get();
    }
}
