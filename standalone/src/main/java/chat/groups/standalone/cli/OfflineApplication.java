package chat.groups.standalone.cli;

import chat.groups.standalone.StandaloneApplication;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * The standalone application for a command: the same beans and data directory settings as
 * the server, but no web server, no banner, warnings-only logging ({@code --logging.level.root=INFO}
 * brings the server's log back), and no development API keys (no one can call a command's process).
 * <p>
 * While the application runs, {@code System.out} is sent to {@code System.err}: logs and
 * anything else printed by the application go to stderr, and stdout carries only the command's
 * own output (progress and result), which it prints to the standard output it was given
 * (the original {@code System.out}).
 */
final class OfflineApplication implements AutoCloseable {

    private static final String OVERRIDES = "offlineCommand";
    private static final String COMMAND_LINE = "commandLineArgs";

    private final PrintStream stdout;
    private ConfigurableApplicationContext context;

    private OfflineApplication(PrintStream stdout) {
        this.stdout = stdout;
    }

    /** Starts the application; on failure, restores {@code System.out} and rethrows. */
    static OfflineApplication start(String[] springArgs) {
        OfflineApplication application = new OfflineApplication(System.out);
        System.setOut(System.err);
        try {
            SpringApplication spring = new SpringApplication(StandaloneApplication.class);
            spring.setWebApplicationType(WebApplicationType.NONE);
            spring.setBannerMode(Banner.Mode.OFF);
            spring.setDefaultProperties(Map.of(
                    "logging.level.root", "WARN",
                    // A failed start is reported by the command in one line, not as a stack trace.
                    "logging.level.org.springframework.boot.SpringApplication", "OFF",
                    "logging.level.org.springframework.boot.diagnostics", "OFF",
                    "logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext", "ERROR"));
            spring.addInitializers(OfflineApplication::withoutDevelopmentKeys);
            application.context = spring.run(springArgs);
            return application;
        } catch (RuntimeException | Error e) {
            System.setOut(application.stdout);
            throw e;
        }
    }

    /**
     * The server makes (and prints) development API and admin keys when none are configured; a
     * command serves no requests, so it takes a random key nobody knows and no admin key.
     */
    private static void withoutDevelopmentKeys(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("groups.dev-key-file", "");
        overrides.put("groups.dev-admin-key-file", "");
        // A command sends no webhooks; the server sends what is due once it runs again.
        overrides.put("groups.webhooks.deliver", "false");
        if (environment.getProperty("groups.api-keys", "").isBlank()) {
            overrides.put("groups.api-keys", randomToken() + "=offline-command");
        }
        MutablePropertySources sources = environment.getPropertySources();
        MapPropertySource source = new MapPropertySource(OVERRIDES, overrides);
        if (sources.contains(COMMAND_LINE)) {
            sources.addAfter(COMMAND_LINE, source);
        } else {
            sources.addFirst(source);
        }
    }

    private static String randomToken() {
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            token.append((char) ('a' + random.nextInt(26)));
        }
        return token.toString();
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            System.setOut(stdout);
        }
    }
}
