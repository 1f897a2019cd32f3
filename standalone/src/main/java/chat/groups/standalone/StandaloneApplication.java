package chat.groups.standalone;

import chat.groups.standalone.cli.Commands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Both sides of the Groups service in one JVM: the command side on Axon's JDBC event store
 * (an H2 file database) and the query side on an in-process MongoDB server, all kept under
 * {@code GROUPS_DATA_DIR}. Setting {@code MONGODB_URI} uses a real MongoDB instead.
 *
 * <p>It scans both sides' packages but not their own service applications
 * ({@code CommandSideApplication}, {@code QuerySideApplication}), which configure the split
 * deployment.
 *
 * <p>A first argument that is not an option names an operator command instead
 * ({@code java -jar groups-standalone.jar rebuild}, see {@link Commands}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "chat.groups", excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class)})
public class StandaloneApplication {

    /** Starts the server, or with a command as first argument ({@code rebuild}, ...) runs that instead. */
    public static void main(String[] args) {
        if (Commands.isCommand(args)) {
            System.exit(Commands.run(args));
        }
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
