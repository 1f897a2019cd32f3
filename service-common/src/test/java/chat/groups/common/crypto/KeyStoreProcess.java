package chat.groups.common.crypto;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A process of its own using a {@link FileGroupKeyStore}, for {@link FileGroupKeyStoreTest}:
 * {@code <directory> create|destroy <id>...}; create prints "id hex-key" per id, in order.
 */
public final class KeyStoreProcess {

    public static void main(String[] args) {
        try (FileGroupKeyStore keys = new FileGroupKeyStore(Path.of(args[0]))) {
            for (String id : Arrays.copyOfRange(args, 2, args.length)) {
                if (args[1].equals("create")) {
                    System.out.println(id + " " + HexFormat.of().formatHex(keys.create(id).getEncoded()));
                } else {
                    keys.destroy(id);
                    System.out.println(id + " destroyed");
                }
            }
        }
    }
}
