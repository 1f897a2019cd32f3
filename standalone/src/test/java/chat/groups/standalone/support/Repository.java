package chat.groups.standalone.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the top of this repository (docker-compose.yml, scripts/, deploy/), wherever the build runs from. */
public final class Repository {

    private Repository() {
    }

    public static Path file(String relative) {
        for (Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("No " + relative + " above " + System.getProperty("basedir", "."));
    }
}
