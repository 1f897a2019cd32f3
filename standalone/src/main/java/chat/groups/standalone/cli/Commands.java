package chat.groups.standalone.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The standalone jar's operator commands: {@code java -jar groups-standalone.jar <command> [--property=value ...]}.
 * Without a command (no arguments, or only {@code --} options) the jar starts the server.
 */
public final class Commands {

    /** A command's option (not Spring's): print the whole stack trace of a failure, not one line. */
    static final String STACK_TRACE = "--stacktrace";

    static final String USAGE = """
            Usage: java -jar groups-standalone.jar [--property=value ...]          start the server
                   java -jar groups-standalone.jar rebuild [--property=value ...]  rebuild the groups projection offline
                   java -jar groups-standalone.jar benchmark-rebuild [events] [--groups-per-wave=N|all] [--keep]
                                                   [--seed-only] [--property=value ...]
                                                                                   seed events (default 100000) into a
                                                                                   fresh data directory and time a rebuild

            The commands use the server's settings (GROUPS_DATA_DIR, MONGODB_URI, ...) but no web server. The data
            directory must not be in use by a running server. A failure is reported in one line; --stacktrace
            prints the whole stack trace. See README.md and docs/benchmarks.md.""";

    private Commands() {
    }

    /** Whether {@code args} name a command rather than the server's Spring options. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("--");
    }

    /** Runs the command {@code args[0]}; @return the process's exit code */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "rebuild":
                return new RebuildCommand(out, err).run(rest);
            case "benchmark-rebuild":
                return new RebuildBenchmark(out, err).run(rest);
            case "help":
            case "-h":
                out.println(USAGE);
                return 0;
            default:
                err.println("Unknown command '" + args[0] + "'.");
                err.println(USAGE);
                return 2;
        }
    }
}
