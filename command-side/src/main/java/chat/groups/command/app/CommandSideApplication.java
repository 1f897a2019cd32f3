package chat.groups.command.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The command side as a service of its own (split deployment): the Group aggregate and the
 * write endpoints, connected to Axon Server for its events and for routing commands and
 * queries. Its configuration is {@code command-side.properties}.
 */
@SpringBootApplication(scanBasePackages = "chat.groups")
public class CommandSideApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(CommandSideApplication.class)
                .properties("spring.config.name=command-side")
                .run(args);
    }
}
