package chat.groups.standalone.cli;

import chat.groups.query.rebuild.ProjectionStatus.RebuildProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A rebuild's progress on a console: one line redrawn in place on a terminal
 * ({@code [########------------]  41.3%  412,345/1,000,000 events  38,210 ev/s  ETA 15 s}),
 * or, when the output goes to a file or a pipe, the same line appended every {@code plainEveryNanos}.
 */
final class ProgressBar {

    private static final int WIDTH = 20;

    private final PrintStream out;
    private final boolean inPlace;
    private final long plainEveryNanos;
    private int drawnLength;
    private long lastPlainNanos;
    private boolean drawn;

    ProgressBar(PrintStream out, boolean inPlace, long plainEveryNanos) {
        this.out = out;
        this.inPlace = inPlace;
        this.plainEveryNanos = plainEveryNanos;
    }

    /** Shows {@code progress}: redrawn at once in place, else printed if the last line is old enough. */
    void show(RebuildProgress progress) {
        show(line(progress), false);
    }

    /** Shows a last line, whatever the time, and ends it. */
    void finish(String line) {
        show(line, true);
        if (inPlace && drawn) {
            out.println();
        }
        drawn = false;
        drawnLength = 0;
    }

    /** Ends the line in place, if any, so that other output starts on a line of its own. */
    void breakLine() {
        if (inPlace && drawn) {
            out.println();
            drawn = false;
            drawnLength = 0;
        }
    }

    private void show(String line, boolean always) {
        if (inPlace) {
            int pad = Math.max(0, drawnLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            out.flush();
            drawnLength = line.length();
            drawn = true;
        } else if (always || !drawn || System.nanoTime() - lastPlainNanos >= plainEveryNanos) {
            out.println(line);
            out.flush();
            lastPlainNanos = System.nanoTime();
            drawn = true;
        }
    }

    static String line(RebuildProgress progress) {
        if ("running_elsewhere".equals(progress.state())) {
            return "version %d is being rebuilt by another process (started %s); waiting for it to go live"
                    .formatted(progress.version(), progress.startedAt());
        }
        long position = progress.position() == null ? 0 : progress.position();
        long head = progress.head() == null ? 0 : progress.head();
        String line = "%s %5.1f%%  %s/%s events  %s ev/s  ETA %s".formatted(bar(progress.percent()),
                progress.percent() == null ? 0.0 : progress.percent(), number(position), number(head),
                progress.eventsPerSecond() == null ? "-" : number(Math.round(progress.eventsPerSecond())),
                progress.etaSeconds() == null ? "-" : duration(progress.etaSeconds()));
        if ("switching".equals(progress.state())) {
            line += "  switching to version " + progress.version();
        }
        if (progress.lastError() != null) {
            String error = progress.lastError();
            line += "  (" + (error.length() > 100 ? error.substring(0, 100) + "..." : error) + ")";
        }
        return line;
    }

    static String bar(Double percent) {
        int filled = percent == null ? 0 : (int) Math.max(0, Math.min(WIDTH, Math.floor(percent * WIDTH / 100)));
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return "%d min %02d s".formatted(seconds / 60, seconds % 60);
        }
        return "%d h %02d min".formatted(seconds / 3600, seconds % 3600 / 60);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
