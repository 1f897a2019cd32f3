package chat.groups.command;

import chat.groups.api.DeleteGroupCommand;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * The groups the command side loaded last, kept between commands so that a command does not
 * replay (and decrypt) every event of its group. Axon's {@code WeakReferenceCache}, used before,
 * lost its entries at the next young collection, which under load comes every second: in a
 * profile of renames of groups with about 40 events each, loading groups was two fifths of all
 * the memory the server allocated. Here the groups used most are held (Caffeine, at most
 * {@link #MAX_GROUPS}); their values are soft references, so the JVM can still take them back
 * before it runs out of heap.
 * <p>
 * Axon drops an entry when a command's unit of work rolls back. A deleted group is dropped once
 * its deletion is committed ({@link #dropDeleted()}): its last state holds the content
 * crypto-shredding erases, and must not stay in memory for as long as the group stays popular.
 */
final class GroupCache implements Cache {

    /**
     * At a few KB a group, tens of MB of heap; groups near the 250-member cap take tens of KB
     * each, and under heap pressure the soft values give them back rather than fail.
     */
    static final int MAX_GROUPS = 10_000;

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> groups;

    GroupCache(Caffeine<Object, Object> settings) {
        this.groups = settings.softValues().build();
    }

    static GroupCache withDefaultSize() {
        return new GroupCache(Caffeine.newBuilder().maximumSize(MAX_GROUPS));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) groups.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        groups.put(key, Objects.requireNonNull(value, "Null values not supported"));
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return groups.asMap().putIfAbsent(key, Objects.requireNonNull(value, "Null values not supported")) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) groups.get(key, absent -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return groups.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        groups.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return groups.asMap().containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        groups.asMap().computeIfPresent(key, (present, value) -> update.apply((V) value));
    }

    /** Axon's repositories register none; nothing here would call them. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        throw new UnsupportedOperationException("GroupCache does not notify entry listeners");
    }

    /** Drops a group from this cache once its deletion is committed (see the class comment). */
    MessageHandlerInterceptor<CommandMessage<?>> dropDeleted() {
        return (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof DeleteGroupCommand delete) {
                unitOfWork.afterCommit(committed -> remove(delete.groupId()));
            }
            return chain.proceed();
        };
    }
}
