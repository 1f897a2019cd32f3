package chat.groups.query.rebuild;

import chat.groups.query.LiveGroupStore;
import chat.groups.query.LiveProjectionGate;
import chat.groups.query.ProjectionDurability;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.lifecycle.Phase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Rebuilds of the groups projection ({@code groups.projection.rebuild.*}, see {@link RebuildSettings}). */
@Configuration(proxyBeanMethods = false)
public class ProjectionRebuildConfiguration {

    @Bean
    public RebuildSettings rebuildSettings(@Value("${groups.projection.rebuild.segments:1}") int segments,
                                           @Value("${groups.projection.rebuild.batch-size:5000}") int batchSize,
                                           @Value("${groups.projection.rebuild.switch-lag:100}") long switchLag,
                                           @Value("${groups.projection.rebuild.switch-timeout:3s}") Duration switchTimeout,
                                           @Value("${groups.projection.rebuild.drop-after:60s}") Duration dropAfter,
                                           @Value("${groups.projection.rebuild.log-every:5s}") Duration logEvery) {
        return new RebuildSettings(segments, batchSize, switchLag, switchTimeout, dropAfter, logEvery);
    }

    @Bean
    public ProjectionRebuilds projectionRebuilds(@Qualifier("groupsMongoDatabase") MongoDatabase groupsMongoDatabase,
                                                 ProjectionVersions projectionVersions, LiveGroupStore liveGroupStore,
                                                 LiveProjectionGate liveProjectionGate,
                                                 @Qualifier("tokenStore") TokenStore tokenStore,
                                                 ObjectProvider<ProjectionDurability> durability,
                                                 RebuildSettings rebuildSettings) {
        return new ProjectionRebuilds(groupsMongoDatabase, projectionVersions, liveGroupStore, liveProjectionGate,
                tokenStore, durability.getIfAvailable(() -> ProjectionDurability.ACKNOWLEDGED), rebuildSettings,
                Clock.systemUTC());
    }

    /** Starts the rebuilds with Axon's event processors, and stops them with them. */
    @Bean
    public ConfigurerModule projectionRebuildsLifecycle(ObjectProvider<ProjectionRebuilds> rebuilds) {
        return configurer -> configurer.onInitialize(axon -> {
            axon.onStart(Phase.INBOUND_EVENT_CONNECTORS, () -> rebuilds.getObject().start(axon));
            axon.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, () -> rebuilds.getObject().stop());
        });
    }
}
