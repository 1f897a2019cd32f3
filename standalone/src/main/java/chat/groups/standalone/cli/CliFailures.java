package chat.groups.standalone.cli;

import com.mongodb.MongoTimeoutException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/** Why a command failed, in one line an operator can act on. */
final class CliFailures {

    private static final Pattern LOCKED_FILE = Pattern.compile("The file is locked: (.+?)(?: \\[[^\\]]*\\])?$");

    private CliFailures() {
    }

    /** @return whether {@code failure} is known (then {@link #describe} says all there is to say) */
    static boolean isKnown(Throwable failure) {
        return lockedFile(failure) != null;
    }

    /** Prints {@code what} and the cause in one line; the stack trace only if asked for. */
    static void report(PrintStream err, String command, String what, Throwable failure, boolean stackTrace) {
        String line = command + ": " + what + describe(failure);
        if (stackTrace) {
            err.println(line);
            failure.printStackTrace(err);
        } else {
            err.println(isKnown(failure) ? line : line + " (" + Commands.STACK_TRACE + " prints the stack trace)");
        }
    }

    static String describe(Throwable failure) {
        String locked = lockedFile(failure);
        if (locked != null) {
            if (locked.equals("?")) {
                return "the data directory is in use by another process, probably a running server (H2 finds its"
                        + " files locked). Stop the server first, or rebuild online with POST"
                        + " /admin/projections/groups/rebuild (see docs/rebuilds.md).";
            }
            Path file = Path.of(locked);
            return "the data directory " + (file.getParent() == null ? file : file.getParent())
                    + " is in use by another process, probably a running server (" + file.getFileName()
                    + " is locked). Stop the server first, or rebuild online with POST /admin/projections/groups/rebuild"
                    + " (see docs/rebuilds.md).";
        }
        Throwable root = failure;
        boolean mongo = false;
        while (root.getCause() != null && root.getCause() != root) {
            mongo |= root instanceof MongoTimeoutException;
            root = root.getCause();
        }
        mongo |= root instanceof MongoTimeoutException;
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return (mongo ? "cannot reach the projection's MongoDB (groups.mongodb.uri, MONGODB_URI): " : "")
                + root.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message);
    }

    /** The file H2 refused to open because another process holds it, or null. */
    private static String lockedFile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MVStoreException store && store.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                Matcher matcher = LOCKED_FILE.matcher(String.valueOf(store.getMessage()).trim());
                return matcher.find() ? matcher.group(1) : "?";
            }
            if (cause instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                Matcher matcher = Pattern.compile("\"([^\"]+)\"").matcher(String.valueOf(sql.getMessage()));
                String file = matcher.find() ? matcher.group(1) : "?";
                // H2's cause, when present, names the file more precisely; keep looking for it
                String deeper = cause.getCause() == null ? null : lockedFile(cause.getCause());
                return deeper != null ? deeper : file;
            }
        }
        return null;
    }
}
