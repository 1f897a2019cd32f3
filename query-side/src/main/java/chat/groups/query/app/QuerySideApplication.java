package chat.groups.query.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The query side as a service of its own (split deployment): the MongoDB projection, fed
 * by events from Axon Server, and the read endpoints. Add instances to scale reads: they
 * share the projection's segments through the token store. Its configuration is
 * {@code query-side.properties}.
 */
@SpringBootApplication(scanBasePackages = "chat.groups")
public class QuerySideApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("spring.config.name=query-side")
                .run(args);
    }
}
