package chat.groups.standalone.cli;

import chat.groups.api.Contact;
import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupAvatarChangedEvent;
import chat.groups.api.GroupEvent.GroupContactsChangedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDescriptionChangedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import chat.groups.api.GroupEvent.GroupUnarchivedEvent;
import chat.groups.api.MetadataKeys;
import chat.groups.api.PublicIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Writes synthetic group histories straight into the event store, as the {@code Group}
 * aggregate would have: domain events of aggregate type {@code Group}, sequences 0..k-1 per
 * group, the audit metadata of a request, appended through Axon's {@link EventStore} and
 * thus through the configured event serializer, which seals each group's personal content
 * with a key of its own (it makes the key on the group's first event, as a real create does).
 * <p>
 * Each group gets a {@code GroupCreatedEvent} and then, in turn, renames, description,
 * contacts and avatar changes, archive and unarchive ({@value #EVENTS_PER_GROUP} events per
 * group; the last group takes what is left). Groups are written in waves (by default of
 * {@value #DEFAULT_WAVE} groups) whose events are interleaved round by round, as groups updated
 * concurrently would be: consecutive events mostly belong to different groups, and a rebuild's
 * batch of B events holds about B / wave events of each group it touches (which it folds into
 * one write per group). Each transaction appends
 * {@value #APPEND_BATCH} events in one unit of work.
 */
final class BenchmarkSeeder {

    static final int EVENTS_PER_GROUP = 10;
    static final int DEFAULT_WAVE = 1_000;
    static final int APPEND_BATCH = 1_000;
    static final int ACCOUNTS = 100;
    private static final String AGGREGATE_TYPE = "Group";

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final int wave;
    private final String runId = PublicIds.random().substring(0, 6);

    /** @param wave groups whose events are interleaved; at least 1 */
    BenchmarkSeeder(EventStore eventStore, TransactionManager transactionManager, int wave) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.wave = wave;
    }

    /** The number of groups {@code events} events make. */
    static long groupsFor(long events) {
        return (events + EVENTS_PER_GROUP - 1) / EVENTS_PER_GROUP;
    }

    /**
     * Appends {@code events} events.
     *
     * @param progress told the number of events appended after each transaction
     */
    void seed(long events, LongConsumer progress) {
        long groups = groupsFor(events);
        Instant createdBase = Instant.now().minusSeconds(groups / 1000 + 3600);
        List<EventMessage<?>> batch = new ArrayList<>(APPEND_BATCH);
        long appended = 0;
        for (long first = 0; first < groups; first += wave) {
            int size = (int) Math.min(wave, groups - first);
            String[] ids = new String[size];
            for (int i = 0; i < size; i++) {
                ids[i] = PublicIds.random();
            }
            for (int round = 0; round < EVENTS_PER_GROUP; round++) {
                for (int i = 0; i < size; i++) {
                    long group = first + i;
                    long eventsOfGroup = Math.min(EVENTS_PER_GROUP, events - group * EVENTS_PER_GROUP);
                    if (round >= eventsOfGroup) {
                        continue;
                    }
                    String account = "bench-%03d".formatted(group % ACCOUNTS);
                    GroupEvent event = event(ids[i], account, group, round, createdBase.plusMillis(group));
                    batch.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, ids[i], round, event, Map.of(
                            MetadataKeys.ACCOUNT, account,
                            MetadataKeys.API_KEY_ID, "benchmark",
                            MetadataKeys.REQUEST_ID, "bench-" + runId + "-" + group + "-" + round)));
                    if (batch.size() == APPEND_BATCH) {
                        appended += append(batch);
                        progress.accept(appended);
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            appended += append(batch);
            progress.accept(appended);
        }
    }

    /** Appends the batch in one unit of work and one transaction, and empties it. */
    private int append(List<EventMessage<?>> batch) {
        int size = batch.size();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactionManager);
            eventStore.publish(new ArrayList<>(batch));
            unitOfWork.commit();
        } catch (RuntimeException | Error e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
        batch.clear();
        return size;
    }

    private static GroupEvent event(String id, String account, long group, int round, Instant createdAt) {
        if (round == 0) {
            return new GroupCreatedEvent(id, account, PublicIds.random(), "Bench group " + group,
                    "Created by the rebuild benchmark: a group with a description of a realistic length.",
                    null, contacts(group, round), createdAt);
        }
        switch ((round - 1) % 9) {
            case 0:
            case 4:
                return new GroupRenamedEvent(id, "Bench group " + group + " (renamed " + round + ")");
            case 1:
            case 8:
                return new GroupDescriptionChangedEvent(id, "Description " + round + " of bench group " + group + ".");
            case 2:
            case 7:
                return new GroupContactsChangedEvent(id, contacts(group, round));
            case 3:
                return new GroupArchivedEvent(id, createdAt.plusSeconds(round));
            case 5:
                return new GroupUnarchivedEvent(id);
            default:
                return new GroupAvatarChangedEvent(id, "https://example.com/avatars/" + group + "-" + round + ".png");
        }
    }

    private static List<Contact> contacts(long group, int round) {
        List<Contact> contacts = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            contacts.add(new Contact(null, "user" + (group * 7 + c + round) % 100_000, null, null,
                    "User " + c + " of " + group, null, null, null));
        }
        return contacts;
    }
}
