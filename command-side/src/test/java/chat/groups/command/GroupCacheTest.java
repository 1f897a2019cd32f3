package chat.groups.command;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.api.ArchiveGroupCommand;
import chat.groups.api.DeleteGroupCommand;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class GroupCacheTest {

    private final GroupCache cache = GroupCache.withDefaultSize();

    @Test
    void aLoadedGroupOutlivesAGarbageCollection() {
        cache.put("group-1", new StringBuilder("a group only the cache holds"));

        System.gc(); // a weakly held value (Axon's WeakReferenceCache) is gone after this

        assertThat(cache.<String, StringBuilder>get("group-1")).hasToString("a group only the cache holds");
    }

    @Test
    void holdsNoMoreGroupsThanItsSize() {
        GroupCache small = new GroupCache(Caffeine.newBuilder().maximumSize(100).executor(Runnable::run));

        IntStream.range(0, 1_000).forEach(i -> small.put("group-" + i, "state " + i));

        assertThat(IntStream.range(0, 1_000).filter(i -> small.containsKey("group-" + i)).count()).isLessThanOrEqualTo(100);
    }

    @Test
    void dropsADeletedGroupOnceItsDeletionIsCommitted() throws Exception {
        var deletion = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(
                new DeleteGroupCommand("group-1", "acme", Instant.parse("2026-12-08T00:00:00Z"))));

        cache.dropDeleted().handle(deletion, () -> {
            cache.put("group-1", "its last state, as Axon's repository leaves it"); // what CachingEventSourcingRepository does
            return null;
        });
        assertThat(cache.containsKey("group-1")).as("before the commit").isTrue();
        deletion.commit();

        assertThat(cache.containsKey("group-1")).isFalse();
    }

    @Test
    void keepsAGroupAnyOtherCommandChanged() throws Exception {
        var archive = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(
                new ArchiveGroupCommand("group-1", "acme", Instant.parse("2026-12-08T00:00:00Z"), null)));

        cache.dropDeleted().handle(archive, () -> {
            cache.put("group-1", "its new state");
            return null;
        });
        archive.commit();

        assertThat(cache.<String, String>get("group-1")).isEqualTo("its new state");
    }
}
