package chat.groups.query;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The version of the read model that answers queries and takes the live events. A rebuild
 * switches it, in one step, to the collection it built; a reader resolves it once per query,
 * so each query sees one complete version.
 */
public final class LiveGroupStore implements Supplier<GroupStore> {

    private volatile Versioned live;

    private record Versioned(int version, GroupStore store) {
    }

    public LiveGroupStore(int version, GroupStore store) {
        this.live = new Versioned(version, Objects.requireNonNull(store, "store"));
    }

    @Override
    public GroupStore get() {
        return live.store();
    }

    public int version() {
        return live.version();
    }

    public synchronized void switchTo(int version, GroupStore store) {
        this.live = new Versioned(version, Objects.requireNonNull(store, "store"));
    }
}
