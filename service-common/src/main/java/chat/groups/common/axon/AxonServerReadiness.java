package chat.groups.common.axon;

import io.axoniq.axonserver.connector.AxonServerConnection;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;

/**
 * A split service is useless without Axon Server, yet Axon's connector would keep retrying
 * in the background while the service starts and answers every request with an error. This
 * waits (bounded, {@code groups.axonserver.connect-timeout}) for the connection before
 * anything else starts, and otherwise stops the start-up with a message saying where it
 * looked and what to check.
 */
public class AxonServerReadiness implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AxonServerReadiness.class);

    private final ObjectProvider<AxonServerConnectionManager> connections;
    private final ObjectProvider<AxonServerConfiguration> configuration;
    private final Duration timeout;

    public AxonServerReadiness(ObjectProvider<AxonServerConnectionManager> connections,
                               ObjectProvider<AxonServerConfiguration> configuration,
                               @Value("${groups.axonserver.connect-timeout:30s}") Duration timeout) {
        this.connections = connections;
        this.configuration = configuration;
        this.timeout = timeout;
    }

    @Override
    public void afterSingletonsInstantiated() {
        AxonServerConnectionManager manager = connections.getIfAvailable();
        AxonServerConfiguration config = configuration.getIfAvailable();
        if (manager == null || config == null || !config.isEnabled()) {
            return; // standalone: no Axon Server
        }
        AxonServerConnection connection = manager.getConnection();
        Instant deadline = Instant.now().plus(timeout);
        while (!connection.isConnected()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Cannot reach Axon Server at '" + config.getServers() + "' (context '"
                        + manager.getDefaultContext() + "') within " + timeout.toSeconds() + " s. Check that Axon "
                        + "Server is running and that AXON_AXONSERVER_SERVERS names it (host:port of its gRPC port, "
                        + "8124 by default).");
            }
            sleep();
        }
        log.info("Connected to Axon Server at {}", config.getServers());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Axon Server", e);
        }
    }
}
