package chat.groups.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Raw byte scans of stored files, as someone holding a copy of them would do (crypto-shredding tests). */
public final class RawBytes {

    private RawBytes() {
    }

    /** How many times {@code needle} occurs in {@code haystack}. */
    public static int occurrences(byte[] haystack, byte[] needle) {
        int found = 0;
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }

    /** How many times {@code needle} occurs in the file. */
    public static int occurrences(Path file, byte[] needle) {
        try {
            return occurrences(Files.readAllBytes(file), needle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
