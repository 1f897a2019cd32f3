package chat.groups.query.rebuild;

import static chat.groups.query.rebuild.ProjectionVersions.collectionOf;

import chat.groups.query.GroupProjection;
import chat.groups.query.GroupStore;
import chat.groups.query.LiveGroupStore;
import chat.groups.query.LiveProjectionGate;
import chat.groups.query.ProjectionDurability;
import chat.groups.query.RetryingErrorHandler;
import chat.groups.query.rebuild.ProjectionStatus.RebuildProgress;
import chat.groups.query.rebuild.ProjectionVersions.Pointer;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blue/green rebuilds of the groups projection.
 * <p>
 * A rebuild replays every event, with a tracking processor of its own (named
 * {@code groups-projection-v<n>}, its tokens next to the live one's), into the collection of
 * a new version while the live version keeps serving queries and taking new events. Once it
 * is within {@link RebuildSettings#switchLag()} events of the live projection, it switches:
 * between two batches of the live processor ({@link LiveProjectionGate}) it lets the rebuild
 * reach the live processor's position, records the new version as live in
 * {@link ProjectionVersions}, and points queries and the live processor at the new
 * collection, all in one step. The live processor carries on from its own position; the
 * events the rebuild had already applied reach the new collection again and change nothing.
 * The old collection is dropped after {@link RebuildSettings#dropAfter()}.
 * <p>
 * One rebuild runs at a time ({@link ProjectionVersions#beginRebuild}). A process that dies
 * mid-rebuild resumes it from its tokens on the next start; the live version is never
 * written by a rebuild before the switch.
 * <p>
 * Progress is logged every {@link RebuildSettings#logEvery()} and published as gauges
 * {@code groups.projection.*} (refreshed four times a second).
 */
public class ProjectionRebuilds implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final String PROCESSOR_PREFIX = GroupProjection.PROCESSING_GROUP + "-v";
    private static final String TOKENS = "trackingtokens";
    private static final Duration TICK = Duration.ofMillis(250);
    private static final Duration POINTER_REFRESH = Duration.ofSeconds(2);

    private final MongoDatabase database;
    private final ProjectionVersions versions;
    private final LiveGroupStore live;
    private final LiveProjectionGate gate;
    private final TokenStore tokenStore;
    private final ProjectionDurability durability;
    private final RebuildSettings settings;
    private final Clock clock;

    private volatile Configuration axon;
    private volatile RunningRebuild running;
    private volatile Snapshot snapshot = new Snapshot(null, null, null);
    private ScheduledExecutorService monitor;
    private long lastLogNanos;
    private long lastRefreshNanos;
    private long nextSwitchAttemptNanos;

    public ProjectionRebuilds(MongoDatabase database, ProjectionVersions versions, LiveGroupStore live,
                              LiveProjectionGate gate, TokenStore tokenStore, ProjectionDurability durability,
                              RebuildSettings settings, Clock clock) {
        this.database = database;
        this.versions = versions;
        this.live = live;
        this.gate = gate;
        this.tokenStore = tokenStore;
        this.durability = durability;
        this.settings = settings;
        this.clock = clock;
    }

    /** Starts watching, and resumes a rebuild that a previous process left running. Called by Axon at start-up. */
    public synchronized void start(Configuration axonConfiguration) {
        this.axon = axonConfiguration;
        monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "groups-projection-rebuilds");
            thread.setDaemon(true);
            return thread;
        });
        // A rebuild left running (by this data's previous process, or by another instance) is taken up by the
        // monitor as soon as this process runs the live projection; see refreshLiveVersion.
        Pointer pointer = versions.load();
        scheduleCleanUp(pointer);
        monitor.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the rebuild's processor (its tokens stay: the next start resumes it). Called by Axon at shutdown. */
    public synchronized void stop() {
        if (monitor != null) {
            monitor.shutdownNow();
        }
        RunningRebuild rebuild = running;
        if (rebuild != null) {
            rebuild.processor().shutDown();
        }
    }

    /**
     * Starts a rebuild into the next version.
     *
     * @return the status with the new rebuild, or empty when a rebuild is already running
     */
    public synchronized Optional<ProjectionStatus> rebuild() {
        requireStarted();
        Optional<Pointer> begun = versions.beginRebuild(clock.instant());
        if (begun.isEmpty()) {
            return Optional.empty();
        }
        ProjectionVersions.Rebuild rebuild = begun.get().rebuild();
        GroupStore target = new GroupStore(database, collectionOf(rebuild.version()));
        target.drop(); // a leftover of an earlier attempt at this version
        target.ensureIndexes();
        durability.checkpoint();
        if (ownsLiveProjection()) {
            log.info("Rebuilding the groups projection into version {} (collection {}); version {} keeps serving",
                    rebuild.version(), target.collectionName(), begun.get().live());
            running = launch(rebuild, target);
        } else {
            log.info("Rebuild of the groups projection into version {} requested; the query-side process that runs "
                    + "the live projection takes it up", rebuild.version());
        }
        return Optional.of(status());
    }

    /**
     * Stops the running rebuild and removes what it built; the live version stays. Works from
     * any query-side process: the one that runs the rebuild sees it cancelled and stops it.
     *
     * @return the status afterwards, or empty when no rebuild is running
     */
    public synchronized Optional<ProjectionStatus> cancel() {
        requireStarted();
        RunningRebuild rebuild = running;
        if (rebuild == null) {
            Pointer pointer = versions.load();
            if (pointer.rebuild() == null || !versions.cancelRebuild(pointer.rebuild().version(), clock.instant(), 0)) {
                return Optional.empty();
            }
            log.info("Cancelled the rebuild of the groups projection into version {}; the process running it stops it",
                    pointer.rebuild().version());
            return Optional.of(status());
        }
        rebuild.processor().shutDown();
        running = null;
        versions.cancelRebuild(rebuild.version(), clock.instant(), rebuild.writer().eventsWritten());
        rebuild.target().drop();
        deleteTokens(rebuild.processor().getName());
        durability.checkpoint();
        log.info("Cancelled the rebuild of the groups projection into version {}; version {} stays live",
                rebuild.version(), live.version());
        return Optional.of(status());
    }

    /** The live version, the running rebuild's progress, and how the last one ended. */
    public ProjectionStatus status() {
        Pointer pointer = versions.load();
        Long head = headPosition();
        Long livePosition = liveProcessor().map(p -> lowest(p.processingStatus().values())).orElse(null);
        Long lag = livePosition == null ? null : Math.max(0, (head == null ? 0 : head) - livePosition);
        RebuildProgress progress = null;
        if (pointer.rebuild() != null) {
            RunningRebuild rebuild = running;
            progress = rebuild != null && rebuild.version() == pointer.rebuild().version()
                    ? rebuild.progress(position(rebuild), head)
                    : new RebuildProgress(pointer.rebuild().version(), collectionOf(pointer.rebuild().version()),
                    "running_elsewhere", pointer.rebuild().startedAt(), null, null, head, null, null, null, null);
        }
        return new ProjectionStatus(pointer.live(), collectionOf(pointer.live()), livePosition, head, lag, progress,
                pointer.lastRebuild());
    }

    /** Whether a rebuild runs in this process. */
    public boolean isRebuilding() {
        return running != null;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "groups.projection.live.version", "The version of the projection answering queries", "",
                s -> live.version());
        gauge(registry, "groups.projection.live.lag", "Events stored but not yet in the live projection", "events",
                s -> s.head() == null || s.livePosition() == null ? Double.NaN : Math.max(0, s.head() - s.livePosition()));
        gauge(registry, "groups.projection.rebuild.active", "1 while a rebuild runs in this process", "",
                s -> s.rebuild() == null ? 0 : 1);
        gauge(registry, "groups.projection.rebuild.events.processed", "Events written by the running rebuild", "events",
                s -> s.rebuild() == null ? Double.NaN : s.rebuild().eventsProcessed());
        gauge(registry, "groups.projection.rebuild.position", "Event stream position the rebuild reached", "",
                s -> s.rebuild() == null || s.rebuild().position() == null ? Double.NaN : s.rebuild().position());
        gauge(registry, "groups.projection.rebuild.percent", "Rebuild progress: position / head", "percent",
                s -> s.rebuild() == null ? Double.NaN : s.rebuild().percent());
        gauge(registry, "groups.projection.rebuild.rate", "Events the rebuild writes per second (last 10 s)", "events/s",
                s -> s.rebuild() == null || s.rebuild().eventsPerSecond() == null ? Double.NaN : s.rebuild().eventsPerSecond());
        gauge(registry, "groups.projection.rebuild.eta", "Seconds until the rebuild reaches the head", "seconds",
                s -> s.rebuild() == null || s.rebuild().etaSeconds() == null ? Double.NaN : s.rebuild().etaSeconds());
        gauge(registry, "groups.projection.head", "Position of the newest stored event", "",
                s -> s.head() == null ? Double.NaN : s.head());
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit,
                       ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, rebuilds -> value.applyAsDouble(rebuilds.snapshot))
                .description(description).baseUnit(unit.isEmpty() ? null : unit).register(registry);
    }

    /** The figures of the last tick, for the gauges. */
    private record Snapshot(Long head, Long livePosition, RebuildProgress rebuild) {
    }

    private RunningRebuild launch(ProjectionVersions.Rebuild rebuild, GroupStore target) {
        RebuildWriter writer = new RebuildWriter(target);
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(PROCESSOR_PREFIX + rebuild.version())
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(writer)
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                        .build())
                .errorHandler(new RetryingErrorHandler())
                .messageSource(axon.eventStore())
                .tokenStore(tokenStore)
                // Documents, then token, as for the live projection (see QuerySideMongoConfiguration).
                .transactionManager(NoTransactionManager.instance())
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                        .forParallelProcessing(settings.segments())
                        .andInitialSegmentsCount(settings.segments())
                        .andBatchSize(settings.batchSize()))
                .build();
        processor.registerHandlerInterceptor(writer);
        processor.registerHandlerInterceptor(durability.batchInterceptor());
        processor.start();
        return new RunningRebuild(rebuild.version(), rebuild.startedAt(), target, writer, processor, new RateWindow());
    }

    private synchronized void tick() {
        try {
            RunningRebuild rebuild = running;
            Long head = headPosition();
            Long livePosition = liveProcessor().map(p -> lowest(p.processingStatus().values())).orElse(null);
            if (rebuild == null) {
                snapshot = new Snapshot(head, livePosition, null);
                refreshLiveVersion();
                return;
            }
            if (handedOver(rebuild)) {
                return;
            }
            long position = position(rebuild);
            rebuild.rate().sample(System.nanoTime(), rebuild.writer().eventsWritten());
            RebuildProgress progress = rebuild.progress(position, head);
            snapshot = new Snapshot(head, livePosition, progress);
            if (System.nanoTime() - lastLogNanos >= settings.logEvery().toNanos()) {
                lastLogNanos = System.nanoTime();
                log.info("Groups projection rebuild: {}", progress.describe());
            }
            if (position >= (head == null ? 0 : head) - settings.switchLag() && System.nanoTime() >= nextSwitchAttemptNanos) {
                trySwitch(rebuild);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Groups projection rebuild: the monitor failed and tries again: {}", e.toString());
        }
    }

    /**
     * Switches to the rebuilt version, between two batches of the live projection, once the
     * rebuild has reached the live projection's position. Gives up (and is tried again on the
     * next tick) if that takes longer than the switch timeout, so live writes wait at most that.
     */
    private void trySwitch(RunningRebuild rebuild) throws InterruptedException {
        Optional<TrackingEventProcessor> liveProcessor = liveProcessor();
        if (liveProcessor.isEmpty() || liveProcessor.get().processingStatus().isEmpty()) {
            rebuild.waitingFor("the live projection's processor to run in this process");
            return;
        }
        rebuild.switching(true);
        int previous = live.version();
        boolean switched = gate.betweenBatches(settings.switchTimeout(), handled -> {
            TrackingToken liveAt = handled;
            for (EventTrackerStatus segment : liveProcessor.get().processingStatus().values()) {
                liveAt = LiveProjectionGate.upperBound(liveAt, segment.getTrackingToken());
            }
            long deadline = System.nanoTime() + settings.switchTimeout().toNanos();
            while (!covers(rebuild, liveAt)) {
                if (System.nanoTime() > deadline || !pause()) {
                    return false;
                }
            }
            if (!versions.completeRebuild(rebuild.version(), clock.instant(), rebuild.writer().eventsWritten())) {
                throw new IllegalStateException("The rebuild into version " + rebuild.version()
                        + " is no longer the running one in " + ProjectionVersions.COLLECTION);
            }
            live.switchTo(rebuild.version(), rebuild.target());
            durability.checkpoint();
            return true;
        });
        if (!switched) {
            rebuild.switching(false);
            // Let the live projection run freely for a while before pausing it again.
            nextSwitchAttemptNanos = System.nanoTime() + 4 * settings.switchTimeout().toNanos();
            log.info("Groups projection rebuild: version {} did not catch up with the live projection within {}; "
                    + "trying again", rebuild.version(), settings.switchTimeout());
            return;
        }
        running = null;
        rebuild.processor().shutDown();
        deleteTokens(rebuild.processor().getName());
        durability.checkpoint();
        Duration took = Duration.between(rebuild.startedAt(), clock.instant());
        log.info("Groups projection rebuild: version {} is live ({} events written in {} s); version {} is dropped in {}",
                rebuild.version(), rebuild.writer().eventsWritten(), took.toSeconds(), previous, settings.dropAfter());
        monitor.schedule(this::dropUnusedVersions, settings.dropAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * With several query-side processes on one database: follow a version another process
     * switched to, and take up a rebuild that another process was asked for (or that a process
     * that died was running) when this process runs the live projection, since only that process
     * can switch between two of its batches.
     */
    private void refreshLiveVersion() {
        if (System.nanoTime() - lastRefreshNanos < POINTER_REFRESH.toNanos()) {
            return;
        }
        lastRefreshNanos = System.nanoTime();
        Pointer pointer = versions.load();
        if (pointer.live() != live.version()) {
            log.info("Groups projection: version {} went live in another process; following it", pointer.live());
            live.switchTo(pointer.live(), new GroupStore(database, collectionOf(pointer.live())));
        }
        if (pointer.rebuild() != null && ownsLiveProjection()) {
            log.info("Groups projection: taking up the rebuild into version {} (started {}), since this process runs "
                    + "the live projection", pointer.rebuild().version(), pointer.rebuild().startedAt());
            running = launch(pointer.rebuild(), new GroupStore(database, collectionOf(pointer.rebuild().version())));
        }
    }

    /**
     * Stops running {@code rebuild} here when it was cancelled (from any process), or when this
     * process no longer runs the live projection (its claim moved to another process, which then
     * takes the rebuild up from its tokens).
     */
    private boolean handedOver(RunningRebuild rebuild) {
        if (System.nanoTime() - lastRefreshNanos < POINTER_REFRESH.toNanos()) {
            return false;
        }
        lastRefreshNanos = System.nanoTime();
        Pointer pointer = versions.load();
        boolean cancelled = pointer.rebuild() == null || pointer.rebuild().version() != rebuild.version();
        if (!cancelled && ownsLiveProjection()) {
            return false;
        }
        running = null;
        rebuild.processor().shutDown();
        if (cancelled && pointer.live() != rebuild.version()) {
            rebuild.target().drop();
            deleteTokens(rebuild.processor().getName());
            durability.checkpoint();
            log.info("Groups projection: the rebuild into version {} was cancelled; stopped it", rebuild.version());
        } else {
            log.info("Groups projection: the live projection runs in another process now; handed the rebuild into "
                    + "version {} over to it", rebuild.version());
        }
        return true;
    }

    /** Whether this process runs (holds the claims of) the live projection's processor. */
    private boolean ownsLiveProjection() {
        return liveProcessor().map(processor -> !processor.processingStatus().isEmpty()).orElse(false);
    }

    private void scheduleCleanUp(Pointer pointer) {
        Instant switchedAt = pointer.lastRebuild() == null ? Instant.EPOCH : pointer.lastRebuild().finishedAt();
        Duration wait = Duration.between(clock.instant(), switchedAt.plus(settings.dropAfter()));
        monitor.schedule(this::dropUnusedVersions, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Drops the collections and tokens of versions that are neither live nor being built. */
    private synchronized void dropUnusedVersions() {
        try {
            Pointer pointer = versions.load();
            Integer building = pointer.rebuild() == null ? null : pointer.rebuild().version();
            for (String name : database.listCollectionNames()) {
                ProjectionVersions.versionOf(name)
                        .filter(version -> version != pointer.live() && !version.equals(building))
                        .ifPresent(version -> {
                            database.getCollection(name).drop();
                            log.info("Groups projection: dropped collection {} of version {}, no longer used", name, version);
                        });
            }
            database.getCollection(TOKENS).deleteMany(Filters.and(
                    Filters.regex("processorName", "^" + PROCESSOR_PREFIX),
                    Filters.ne("processorName", building == null ? "" : PROCESSOR_PREFIX + building)));
            durability.checkpoint();
        } catch (RuntimeException e) {
            log.warn("Groups projection: could not drop unused versions (tried again at the next start): {}", e.toString());
        }
    }

    private void deleteTokens(String processorName) {
        database.getCollection(TOKENS).deleteMany(Filters.eq("processorName", processorName));
    }

    private Optional<TrackingEventProcessor> liveProcessor() {
        Configuration configuration = axon;
        return configuration == null ? Optional.empty() : configuration.eventProcessingConfiguration()
                .eventProcessor(GroupProjection.PROCESSING_GROUP, TrackingEventProcessor.class);
    }

    private Long headPosition() {
        Configuration configuration = axon;
        if (configuration == null) {
            return null;
        }
        TrackingToken head = configuration.eventStore().createHeadToken();
        OptionalLong position = head == null ? OptionalLong.empty() : head.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    /** How far the rebuild has written: the lowest position of its segments, -1 before it has any. */
    private static long position(RunningRebuild rebuild) {
        Long lowest = lowest(rebuild.processor().processingStatus().values());
        return lowest == null ? -1 : lowest;
    }

    private static Long lowest(Collection<EventTrackerStatus> segments) {
        return segments.stream().map(ProjectionRebuilds::position).min(Long::compare).orElse(null);
    }

    /**
     * Whether every segment of the rebuild has seen every event the live processor has: tokens,
     * not positions, since an event stored late (a gap in the stream) can be behind a position.
     */
    private static boolean covers(RunningRebuild rebuild, TrackingToken liveAt) {
        if (liveAt == null) {
            return true;
        }
        Collection<EventTrackerStatus> segments = rebuild.processor().processingStatus().values();
        TrackingToken live = WrappedToken.unwrapLowerBound(liveAt);
        return !segments.isEmpty() && segments.stream().allMatch(segment ->
                segment.getTrackingToken() != null && segment.getTrackingToken().covers(live));
    }

    private static long position(EventTrackerStatus segment) {
        OptionalLong position = segment.getCurrentPosition();
        return position.isPresent() ? position.getAsLong() : -1;
    }

    private void requireStarted() {
        if (axon == null) {
            throw new IllegalStateException("The projection rebuilds are not started yet");
        }
    }

    /** @return false if interrupted */
    private static boolean pause() {
        try {
            Thread.sleep(2);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
