package chat.groups.standalone.cli;

import chat.groups.query.GroupProjection;
import chat.groups.query.GroupStore;
import chat.groups.query.LiveGroupStore;
import chat.groups.query.rebuild.ProjectionRebuilds;
import chat.groups.query.rebuild.ProjectionStatus;
import chat.groups.query.rebuild.ProjectionStatus.RebuildProgress;
import chat.groups.query.rebuild.ProjectionVersions;
import chat.groups.query.rebuild.ProjectionVersions.LastRebuild;
import chat.groups.query.rebuild.RebuildSettings;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * {@code java -jar groups-standalone.jar benchmark-rebuild [events] [--keep] [--seed-only] [--property=value ...]}:
 * how fast a rebuild of the groups projection replays the event store.
 * <ol>
 *   <li>Starts the application without a web server on a fresh data directory: a temporary
 *       one, or {@code GROUPS_DATA_DIR} / {@code --groups.data-dir} if given, which must be
 *       empty.</li>
 *   <li>Seeds {@code events} events (default 100,000) straight into the event store with
 *       {@link BenchmarkSeeder}, the live projection paused meanwhile.</li>
 *   <li>Lets the live projection catch up (lag 0), then times a rebuild into version 2 with
 *       the configured {@code groups.projection.rebuild.*} settings.</li>
 *   <li>Checks that the new live version holds one document per seeded group (exit 1 if not),
 *       prints the figures, and deletes a temporary data directory unless {@code --keep}.</li>
 * </ol>
 * {@code --seed-only} stops after the live projection has caught up: a data directory to try
 * {@code rebuild} on.
 */
final class RebuildBenchmark {

    static final String NAME = "benchmark-rebuild";
    private static final long DEFAULT_EVENTS = 100_000;
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PrintStream out;
    private final PrintStream err;
    private boolean stackTrace;

    RebuildBenchmark(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        long events = DEFAULT_EVENTS;
        boolean keep = false;
        boolean seedOnly = false;
        boolean counted = false;
        int wave = BenchmarkSeeder.DEFAULT_WAVE;
        List<String> springArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(Commands.STACK_TRACE)) {
                stackTrace = true;
            } else if (arg.equals("--keep")) {
                keep = true;
            } else if (arg.equals("--seed-only")) {
                seedOnly = true;
            } else if (arg.startsWith("--groups-per-wave=")) {
                String value = arg.substring("--groups-per-wave=".length());
                try {
                    wave = value.equals("all") ? Integer.MAX_VALUE : Math.toIntExact(parseCount(value));
                } catch (NumberFormatException | ArithmeticException e) {
                    return usage("--groups-per-wave takes a number of groups or 'all', not '" + value + "'");
                }
                if (wave < 1) {
                    return usage("--groups-per-wave must be at least 1");
                }
            } else if (arg.startsWith("--")) {
                springArgs.add(arg);
            } else if (!counted) {
                try {
                    events = parseCount(arg);
                } catch (NumberFormatException e) {
                    return usage("'" + arg + "' is not a number of events (e.g. 100000, 100k, 1m)");
                }
                counted = true;
            } else {
                return usage("unexpected argument '" + arg + "'");
            }
        }
        if (events < 1) {
            return usage("the number of events must be at least 1");
        }

        String given = option(springArgs, "groups.data-dir");
        if (given == null) {
            given = System.getenv("GROUPS_DATA_DIR");
        }
        Path dataDir;
        boolean temporary = given == null || given.isBlank();
        try {
            if (temporary) {
                dataDir = Files.createTempDirectory("groups-rebuild-bench");
                springArgs.add("--groups.data-dir=" + dataDir);
            } else {
                dataDir = Path.of(given).toAbsolutePath();
                if (Files.exists(dataDir) && (!Files.isDirectory(dataDir) || !isEmpty(dataDir))) {
                    err.println(NAME + ": the data directory " + dataDir + " is not empty; the benchmark seeds a fresh"
                            + " one. Name an empty or new directory, or leave GROUPS_DATA_DIR unset for a temporary one.");
                    return 2;
                }
            }
        } catch (IOException e) {
            err.println(NAME + ": cannot prepare the data directory: " + e);
            return 1;
        }

        boolean delete = temporary && !keep;
        // A signal stops the JVM before the deletion below can finish: say what is left behind.
        Thread interrupted = new Thread(() -> err.println(System.lineSeparator() + NAME + ": stopped; the data"
                + " directory " + dataDir + " is left behind" + (delete ? ", delete it." : ".")));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            int exit = benchmark(events, wave, seedOnly, dataDir, springArgs);
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // stopped by a signal: the hook says so
            }
            return exit;
        } finally {
            if (delete) {
                deleteRecursively(dataDir);
            } else {
                out.println("Data directory kept: " + dataDir);
            }
        }
    }

    private int benchmark(long events, int wave, boolean seedOnly, Path dataDir, List<String> springArgs) {
        out.printf(Locale.ROOT, "Rebuild benchmark: %s events, data directory %s%n", ProgressBar.number(events), dataDir);
        out.printf(Locale.ROOT, "Machine: %d CPUs, Java %s, max heap %d MB, load average %s; %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.flush();
        OfflineApplication application;
        try {
            application = OfflineApplication.start(springArgs.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            CliFailures.report(err, NAME, "cannot start: ", e, stackTrace);
            return 1;
        }
        try (application) {
            return benchmark(application, events, wave, seedOnly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(NAME + ": interrupted");
            return 1;
        } catch (RuntimeException | Error e) {
            CliFailures.report(err, NAME, "failed: ", e, stackTrace);
            return 1;
        }
    }

    private int benchmark(OfflineApplication application, long events, int wave, boolean seedOnly)
            throws InterruptedException {
        ProjectionRebuilds rebuilds = application.bean(ProjectionRebuilds.class);
        RebuildSettings settings = application.bean(RebuildSettings.class);
        Configuration axon = application.bean(Configuration.class);
        long groups = BenchmarkSeeder.groupsFor(events);
        if (rebuilds.status().head() != null) {
            err.println(NAME + ": the event store already holds events (head " + rebuilds.status().head() + "); the"
                    + " benchmark needs an empty one (is MONGODB_URI or the data directory shared?)");
            return 2;
        }

        // 1. Seed, with the live projection paused so that seeding is measured alone.
        TrackingEventProcessor live = axon.eventProcessingConfiguration()
                .eventProcessor(GroupProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No tracking processor " + GroupProjection.PROCESSING_GROUP));
        // Shut down only once its worker runs: a shutdown while it is still claiming its segment
        // leaves it unable to claim it again (Axon 4.13), and the restart below would never process.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (live.processingStatus().values().stream().noneMatch(EventTrackerStatus::isCaughtUp)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The live projection did not start within 60 s");
            }
            Thread.sleep(20);
        }
        live.shutDown();
        BenchmarkSeeder seeder = new BenchmarkSeeder(application.bean(EventStore.class),
                application.bean(TransactionManager.class), wave);
        long groupsPerWave = Math.min(wave, groups);
        out.printf("Seeding %s events (%s groups of up to %d events, %d accounts, waves of %s groups) into the"
                        + " event store...%n", ProgressBar.number(events), ProgressBar.number(groups),
                BenchmarkSeeder.EVENTS_PER_GROUP, BenchmarkSeeder.ACCOUNTS, ProgressBar.number(groupsPerWave));
        long seedStart = System.nanoTime();
        long[] lastReport = {seedStart};
        seeder.seed(events, appended -> {
            if (System.nanoTime() - lastReport[0] >= REPORT_EVERY_NANOS) {
                lastReport[0] = System.nanoTime();
                out.printf("  seeded %s/%s events, %s events/s%n", ProgressBar.number(appended), ProgressBar.number(events),
                        ProgressBar.number(Math.round(appended / seconds(seedStart))));
            }
        });
        double seedSeconds = seconds(seedStart);
        out.printf("Seeded %s events in %s (%s events/s).%n", ProgressBar.number(events), ProgressBar.seconds(seedSeconds),
                ProgressBar.number(Math.round(events / seedSeconds)));

        // 2. The live projection catches up.
        live.start();
        long catchUpStart = System.nanoTime();
        long report = catchUpStart;
        ProjectionStatus status = rebuilds.status();
        while (status.liveLag() == null || status.liveLag() > 0) {
            if (System.nanoTime() - report >= REPORT_EVERY_NANOS) {
                report = System.nanoTime();
                out.printf("  live projection at %s of %s%n", status.livePosition() == null ? "-"
                        : ProgressBar.number(status.livePosition()), ProgressBar.number(status.head()));
            }
            Thread.sleep(100);
            status = rebuilds.status();
        }
        double catchUpSeconds = seconds(catchUpStart);
        long liveGroups = application.bean(LiveGroupStore.class).get().count();
        out.printf("Live projection (version %d) caught up in %s (%s events/s): %s groups.%n", status.liveVersion(),
                ProgressBar.seconds(catchUpSeconds), ProgressBar.number(Math.round(events / catchUpSeconds)),
                ProgressBar.number(liveGroups));
        if (seedOnly) {
            out.printf("Seeded: %s events, %s groups, live version %d.%n", ProgressBar.number(events),
                    ProgressBar.number(liveGroups), status.liveVersion());
            return liveGroups == groups ? 0 : mismatch(liveGroups, groups, status.liveCollection());
        }

        // 3. The rebuild, timed.
        int before = status.liveVersion();
        String loadBefore = loadAverage();
        out.printf("Rebuilding: segments %d, batch size %d...%n", settings.segments(), settings.batchSize());
        long rebuildStart = System.nanoTime();
        ProjectionStatus started = rebuilds.rebuild()
                .orElseThrow(() -> new IllegalStateException("A rebuild is already running"));
        int target = started.rebuild().version();
        RebuildProgress last = null;
        report = rebuildStart;
        while (true) {
            status = rebuilds.status();
            if (status.rebuild() == null || status.rebuild().version() != target) {
                break;
            }
            last = status.rebuild();
            if (System.nanoTime() - report >= REPORT_EVERY_NANOS) {
                report = System.nanoTime();
                out.println("  " + last.describe());
            }
            Thread.sleep(20);
        }
        double wallSeconds = seconds(rebuildStart);
        String loadAfter = loadAverage();
        if (status.liveVersion() != target) {
            err.printf("%s: the rebuild into version %d ended without going live: %s%n", NAME, target, status.lastRebuild());
            return 1;
        }
        LastRebuild ended = status.lastRebuild();
        double reportedSeconds = Duration.between(ended.startedAt(), ended.finishedAt()).toNanos() / 1e9;
        Double rateAtEnd = last == null ? null : last.eventsPerSecond();

        // 4. The check.
        long rebuiltGroups = application.bean(LiveGroupStore.class).get().count();
        MongoDatabase database = application.context().getBean("groupsMongoDatabase", MongoDatabase.class);
        long oldGroups = new GroupStore(database, ProjectionVersions.collectionOf(before)).count();

        out.println();
        out.printf(Locale.ROOT, "Events            %s in %s groups (%s per group, waves of %s groups interleaved)%n",
                ProgressBar.number(events), ProgressBar.number(groups), BenchmarkSeeder.EVENTS_PER_GROUP,
                ProgressBar.number(groupsPerWave));
        out.printf(Locale.ROOT, "Seeding           %s, %s events/s (event store appends of %d events per transaction)%n",
                ProgressBar.seconds(seedSeconds), ProgressBar.number(Math.round(events / seedSeconds)),
                BenchmarkSeeder.APPEND_BATCH);
        out.printf(Locale.ROOT, "Live catch-up     %s, %s events/s (the live projection, from a paused start)%n",
                ProgressBar.seconds(catchUpSeconds), ProgressBar.number(Math.round(events / catchUpSeconds)));
        out.printf(Locale.ROOT, "Rebuild settings  segments %d, batch size %d%n", settings.segments(), settings.batchSize());
        out.printf(Locale.ROOT, "Rebuild           wall %s, %s events/s (from rebuild() until version %d is live)%n",
                ProgressBar.seconds(wallSeconds), ProgressBar.number(Math.round(events / wallSeconds)), target);
        out.printf(Locale.ROOT, "  as reported     %s events in %s, %s events/s (last_rebuild); %s events/s over its last 10 s%n",
                ProgressBar.number(ended.eventsProcessed()), ProgressBar.seconds(reportedSeconds),
                ProgressBar.number(Math.round(ended.eventsProcessed() / Math.max(0.001, reportedSeconds))),
                rateAtEnd == null ? "-" : ProgressBar.number(Math.round(rateAtEnd)));
        out.printf(Locale.ROOT, "Load average      %s before, %s after the rebuild%n", loadBefore, loadAfter);
        boolean ok = rebuiltGroups == groups;
        out.printf(Locale.ROOT, "Check             version %d live with %s groups, version %d had %s; expected %s: %s%n",
                target, ProgressBar.number(rebuiltGroups), before, ProgressBar.number(oldGroups),
                ProgressBar.number(groups), ok ? "OK" : "MISMATCH");
        out.printf(Locale.ROOT, "result events=%d groups=%d wave=%d segments=%d batch_size=%d seed_s=%.1f catch_up_s=%.1f"
                        + " rebuild_s=%.1f rebuild_ev_s=%d reported_ev_s=%d load_before=%s load_after=%s check=%s%n",
                events, rebuiltGroups, groupsPerWave, settings.segments(), settings.batchSize(), seedSeconds, catchUpSeconds, wallSeconds,
                Math.round(events / wallSeconds), Math.round(ended.eventsProcessed() / Math.max(0.001, reportedSeconds)),
                loadBefore.replace(' ', ','), loadAfter.replace(' ', ','), ok ? "ok" : "mismatch");
        out.flush();
        return ok ? 0 : mismatch(rebuiltGroups, groups, status.liveCollection());
    }

    private int mismatch(long found, long expected, String collection) {
        err.printf("%s: collection %s holds %s groups, expected %s%n", NAME, collection, ProgressBar.number(found),
                ProgressBar.number(expected));
        return 1;
    }

    private int usage(String problem) {
        err.println(NAME + ": " + problem + ".");
        err.println(Commands.USAGE);
        return 2;
    }

    static long parseCount(String text) {
        String number = text.replace("_", "").replace(",", "").trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (number.endsWith("k")) {
            factor = 1_000;
        } else if (number.endsWith("m")) {
            factor = 1_000_000;
        }
        if (factor > 1) {
            number = number.substring(0, number.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(number), factor);
    }

    /** The value of {@code --name=value} among Spring's arguments (the last one wins), or null. */
    private static String option(List<String> springArgs, String name) {
        String value = null;
        for (String arg : springArgs) {
            if (arg.startsWith("--" + name + "=")) {
                value = arg.substring(name.length() + 3);
            }
        }
        return value;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static double seconds(long sinceNanos) {
        return Math.max(1e-3, (System.nanoTime() - sinceNanos) / 1e9);
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? "?" : String.format(Locale.ROOT, "%.2f", load);
        }
    }

    private void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            err.println(NAME + ": could not delete the data directory " + directory + ": " + e.getMessage());
        }
    }
}
