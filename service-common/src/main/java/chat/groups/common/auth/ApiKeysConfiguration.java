package chat.groups.common.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * API keys come from {@code GROUPS_API_KEYS}. Without it, a server that names a dev-key file
 * (the standalone server does) makes one random key for account {@code dev}, keeps it in that
 * file so it survives restarts, and prints it at start-up; any other server refuses to start.
 */
@Configuration(proxyBeanMethods = false)
public class ApiKeysConfiguration {

    public static final String DEV_ACCOUNT = "dev";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Bean
    public ApiKeys apiKeys(@Value("${groups.api-keys:}") String spec,
                           @Value("${groups.dev-key-file:}") String devKeyFile) throws IOException {
        if (!spec.isBlank()) {
            return ApiKeys.parse(spec);
        }
        if (devKeyFile.isBlank()) {
            throw new IllegalStateException(
                    "No API keys configured. Set GROUPS_API_KEYS to token=account[,token2=account2...].");
        }
        String token = loadOrCreateDevKey(Path.of(devKeyFile));
        System.out.println("""

                ----------------------------------------------------------------------
                 GROUPS_API_KEYS is not set, so this server accepts one development key
                 for account '%s' (kept in %s):

                     Authorization: Bearer %s

                 Set GROUPS_API_KEYS=token=account,... to use your own keys instead.
                ----------------------------------------------------------------------
                """.formatted(DEV_ACCOUNT, devKeyFile, token));
        return ApiKeys.of(token, DEV_ACCOUNT);
    }

    private static String loadOrCreateDevKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder("dev_");
        for (int i = 0; i < 32; i++) {
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Files.writeString(file, token + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the directory's permissions.
        }
        return token.toString();
    }
}
