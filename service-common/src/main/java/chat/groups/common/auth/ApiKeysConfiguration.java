package chat.groups.common.auth;

import chat.groups.common.config.ConfigurationMistake;
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
 *
 * <p>Admin keys come from {@code GROUPS_ADMIN_KEYS}, and likewise from a dev-admin-key file
 * without it; a server with neither starts with the admin API disabled (see {@link AdminKeyFilter}).
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
            throw new ConfigurationMistake("GROUPS_API_KEYS", "not set, and this service makes no development key",
                    "set GROUPS_API_KEYS=token=account[,token2=account2...] with random tokens of 16 or more characters");
        }
        String token = loadOrCreateDevKey(Path.of(devKeyFile), "dev_");
        announceDevKey("GROUPS_API_KEYS", "key", "for account '" + DEV_ACCOUNT + "'", devKeyFile, token, "token=account");
        return ApiKeys.of(token, DEV_ACCOUNT);
    }

    @Bean
    public AdminKeys adminKeys(@Value("${groups.admin-keys:}") String spec,
                               @Value("${groups.dev-admin-key-file:}") String devKeyFile) throws IOException {
        if (!spec.isBlank()) {
            return AdminKeys.parse(spec);
        }
        if (devKeyFile.isBlank()) {
            return AdminKeys.disabled();
        }
        String token = loadOrCreateDevKey(Path.of(devKeyFile), "adm_");
        announceDevKey(AdminKeys.VARIABLE, "admin key", "for /admin", devKeyFile, token, "token=name");
        return AdminKeys.of(ApiKeys.of(token, DEV_ACCOUNT));
    }

    private static void announceDevKey(String variable, String kind, String scope, String file, String token,
                                       String format) {
        System.out.println("""

                ----------------------------------------------------------------------
                 %s is not set, so this server accepts one development %s
                 %s (kept in %s):

                     Authorization: Bearer %s

                 Set %s=%s,... to use your own keys instead.
                ----------------------------------------------------------------------
                """.formatted(variable, kind, scope, file, token, variable, format));
    }

    private static String loadOrCreateDevKey(Path file, String prefix) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder(prefix);
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
