package chat.groups.standalone.cli;

import chat.groups.query.LiveGroupStore;
import chat.groups.query.rebuild.ProjectionRebuilds;
import chat.groups.query.rebuild.ProjectionStatus;
import chat.groups.query.rebuild.ProjectionStatus.RebuildProgress;
import chat.groups.query.rebuild.ProjectionVersions.LastRebuild;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar groups-standalone.jar rebuild}: rebuilds the groups projection offline.
 * <p>
 * Starts the application without its web server, on the server's data directory settings,
 * starts a blue/green rebuild through {@link ProjectionRebuilds} (or follows the one a
 * previous process left running, which the start-up resumed), shows its progress until the
 * new version is live, prints a summary and exits 0. Any failure is one line on stderr and
 * a non-zero exit; Ctrl-C stops it, and the rebuild resumes where it stopped at the next
 * start of the server or of this command.
 */
final class RebuildCommand {

    static final String NAME = "rebuild";
    private static final long POLL_MILLIS = 250;
    private static final long PLAIN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private boolean stackTrace;

    RebuildCommand(PrintStream out, PrintStream err) {
        this(out, err, System.console() != null);
    }

    RebuildCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    int run(String[] args) {
        List<String> springArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(Commands.STACK_TRACE)) {
                stackTrace = true;
            } else if (arg.startsWith("--")) {
                springArgs.add(arg);
            } else {
                err.println(NAME + ": unexpected argument '" + arg + "': it takes only --property=value options.");
                err.println(Commands.USAGE);
                return 2;
            }
        }
        OfflineApplication application;
        try {
            application = OfflineApplication.start(springArgs.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            return fail("cannot start: ", e);
        }
        Thread interrupted = new Thread(() -> err.println(System.lineSeparator() + NAME
                + ": stopped before the rebuild finished; it resumes where it stopped at the next start of the server"
                + " or of this command."));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (application) {
            int exit = rebuild(application);
            Runtime.getRuntime().removeShutdownHook(interrupted);
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted: ", e);
        } catch (RuntimeException | Error e) {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                return 130; // Ctrl-C or kill: the hook says so, and the JVM's exit status is the signal's
            }
            return fail("failed: ", e);
        }
    }

    private int rebuild(OfflineApplication application) throws InterruptedException {
        ProjectionRebuilds rebuilds = application.bean(ProjectionRebuilds.class);
        ProjectionStatus before = rebuilds.status();
        Instant followingSince = Instant.now();
        Optional<ProjectionStatus> started = rebuilds.rebuild();
        int target;
        boolean resumed = started.isEmpty();
        if (started.isPresent()) {
            target = started.get().rebuild().version();
            out.printf("Rebuilding the groups projection into version %d from %s events; version %d stays live until then.%n",
                    target, ProgressBar.number(orZero(started.get().head())), before.liveVersion());
        } else {
            RebuildProgress running = rebuilds.status().rebuild();
            if (running == null) {
                err.println(NAME + ": a rebuild was running and ended just now; run the command again for a new one.");
                return 1;
            }
            target = running.version();
            out.printf("A rebuild into version %d was left running (started %s); this process resumes it and follows it.%n",
                    target, running.startedAt());
        }
        out.flush();

        ProgressBar bar = new ProgressBar(out, terminal, PLAIN_EVERY_NANOS);
        RebuildProgress last = null;
        ProjectionStatus status;
        while (true) {
            status = rebuilds.status();
            if (status.rebuild() == null || status.rebuild().version() != target) {
                break;
            }
            last = status.rebuild();
            bar.show(last);
            Thread.sleep(POLL_MILLIS);
        }
        if (status.liveVersion() != target) {
            bar.breakLine();
            LastRebuild ended = status.lastRebuild();
            err.println(NAME + ": the rebuild into version " + target + " ended without going live"
                    + (ended != null && ended.version() == target ? " (" + ended.outcome() + ")" : "")
                    + "; version " + status.liveVersion() + " is still live.");
            return 1;
        }
        long head = last != null && last.head() != null ? last.head() : orZero(status.head());
        bar.finish("%s 100.0%%  %s/%s events  done".formatted(ProgressBar.bar(100.0), ProgressBar.number(head),
                ProgressBar.number(head)));

        LastRebuild ended = status.lastRebuild();
        long events = ended != null && ended.version() == target ? ended.eventsProcessed() : 0;
        Instant from = ended == null ? followingSince
                : resumed && ended.startedAt().isBefore(followingSince) ? followingSince : ended.startedAt();
        Instant to = ended == null ? Instant.now() : ended.finishedAt();
        double seconds = Math.max(0.001, Duration.between(from, to).toNanos() / 1e9);
        long groups = application.bean(LiveGroupStore.class).get().count();
        out.printf("Done: version %d of the groups projection is live (was %d): %s events in %s, %s events/s; %s groups.%n",
                target, before.liveVersion(), ProgressBar.number(events), ProgressBar.seconds(seconds),
                ProgressBar.number(Math.round(events / seconds)), ProgressBar.number(groups));
        out.flush();
        return 0;
    }

    private int fail(String what, Throwable failure) {
        CliFailures.report(err, NAME, what, failure, stackTrace);
        return 1;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
