package chat.groups.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Both sides of the Groups service in one JVM: the command side on Axon's JDBC event store
 * (an H2 file database) and the query side on an in-process MongoDB server, all kept under
 * {@code GROUPS_DATA_DIR}. Setting {@code MONGODB_URI} uses a real MongoDB instead.
 */
@SpringBootApplication(scanBasePackages = "chat.groups")
public class StandaloneApplication {

    public static void main(String[] args) {
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
