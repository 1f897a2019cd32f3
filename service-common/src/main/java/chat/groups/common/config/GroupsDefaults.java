package chat.groups.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the defaults every Groups service shares ({@code groups-common.properties}) to the
 * environment before logging is set up, with the lowest precedence: the application's own
 * properties and the environment override them. A {@code @PropertySource} is read only once
 * the context refreshes, too late for the {@code logging.*} settings among them.
 */
public class GroupsDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "groups-common.properties";
    private static final String NAME = "groupsDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            for (PropertySource<?> source : new PropertiesPropertySourceLoader().load(NAME, new ClassPathResource(RESOURCE))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + " from the class path", e);
        }
    }
}
