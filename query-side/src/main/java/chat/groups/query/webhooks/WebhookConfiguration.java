package chat.groups.query.webhooks;

import chat.groups.common.history.GroupHistory;
import chat.groups.query.ProjectionDurability;
import chat.groups.query.RetryingErrorHandler;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks ({@code groups.webhooks.*}, see docs/webhooks.md): the endpoints and the outbox in
 * the query side's MongoDB, the dispatcher's tracking processor with its token there too, and
 * the delivery workers.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    public WebhookSettings webhookSettings(@Value("${groups.webhooks.timeout:10s}") Duration timeout,
                                           @Value("${groups.webhooks.retry-for:3d}") Duration retryFor,
                                           @Value("${groups.webhooks.initial-backoff:30s}") Duration initialBackoff,
                                           @Value("${groups.webhooks.max-backoff:1h}") Duration maxBackoff,
                                           @Value("${groups.webhooks.disable-after:5d}") Duration disableAfter,
                                           @Value("${groups.webhooks.workers:8}") int workers,
                                           @Value("${groups.webhooks.per-endpoint-concurrency:2}") int perEndpoint,
                                           @Value("${groups.webhooks.poll-interval:1s}") Duration pollInterval,
                                           @Value("${groups.webhooks.allow-insecure-urls:false}") boolean allowInsecure,
                                           @Value("${groups.webhooks.retention:30d}") Duration retention) {
        return new WebhookSettings(timeout, retryFor, initialBackoff, maxBackoff, disableAfter, workers, perEndpoint,
                pollInterval, allowInsecure, retention);
    }

    @Bean
    public WebhookEndpoints webhookEndpoints(@Qualifier("groupsMongoDatabase") MongoDatabase groupsMongoDatabase) {
        WebhookEndpoints endpoints = new WebhookEndpoints(groupsMongoDatabase);
        endpoints.ensureIndexes();
        return endpoints;
    }

    @Bean
    public WebhookOutbox webhookOutbox(@Qualifier("groupsMongoDatabase") MongoDatabase groupsMongoDatabase) {
        WebhookOutbox outbox = new WebhookOutbox(groupsMongoDatabase);
        outbox.ensureIndexes();
        return outbox;
    }

    /**
     * @param nodeId this process's name on its leases ({@code groups.projection.node-id}); blank: a random one.
     *               A process that is the only one on its data (standalone) names itself, and takes its
     *               leases back at once after a crash.
     */
    @Bean
    public DeliveryWorker webhookDeliveryWorker(WebhookOutbox outbox, WebhookEndpoints endpoints, GroupHistory history,
                                                JsonMapper json, WebhookSettings settings,
                                                ObjectProvider<ProjectionDurability> durability,
                                                @Value("${groups.projection.node-id:}") String nodeId) {
        ProjectionDurability store = durability.getIfAvailable(() -> ProjectionDurability.ACKNOWLEDGED);
        return new DeliveryWorker(outbox, endpoints, new WebhookPayloads(history, json),
                new WebhookSender(settings.timeout(), settings.allowInsecureUrls()), settings,
                new Backoff(settings.initialBackoff(), settings.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble()),
                Clock.systemUTC(), nodeId.isBlank() ? "webhooks-" + UUID.randomUUID() : nodeId, store::checkpoint);
    }

    @Bean
    public WebhookDispatcher webhookDispatcher(WebhookEndpoints endpoints, WebhookOutbox outbox, GroupHistory history,
                                               WebhookSettings settings, DeliveryWorker worker) {
        return new WebhookDispatcher(endpoints, outbox, history, settings, worker::wake);
    }

    /**
     * The dispatcher's tracking processor: one segment (a single owner across instances, by its
     * token claim), starting at the head of the stream the first time (events from before webhooks
     * existed have no subscribers), its token in MongoDB and stored only after the batch's deliveries
     * are written, failures retried rather than skipped. Like the projection's batches, its batches
     * are committed by the embedded store's checkpoints.
     * <p>
     * {@code groups.webhooks.deliver=false} keeps this process from sending (the offline commands
     * set it); the dispatcher still fills the outbox.
     */
    @Bean
    public ConfigurerModule webhookProcessing(@Qualifier("tokenStore") TokenStore tokenStore,
                                              @Value("${groups.webhooks.batch-size:100}") int batchSize,
                                              @Value("${groups.webhooks.deliver:true}") boolean deliver,
                                              ObjectProvider<ProjectionDurability> durability,
                                              ObjectProvider<DeliveryWorker> worker) {
        String group = WebhookDispatcher.PROCESSING_GROUP;
        return configurer -> {
            configurer.eventProcessing(processing -> processing
                    .registerTrackingEventProcessor(group, org.axonframework.config.Configuration::eventStore,
                            configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                    .andBatchSize(batchSize)
                                    .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                    .registerTokenStore(group, configuration -> tokenStore)
                    .registerTransactionManager(group, configuration -> NoTransactionManager.instance())
                    .registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance())
                    .registerErrorHandler(group, configuration -> new RetryingErrorHandler())
                    .registerHandlerInterceptor(group, configuration ->
                            durability.getIfAvailable(() -> ProjectionDurability.ACKNOWLEDGED).batchInterceptor()));
            if (deliver) {
                configurer.onInitialize(axon -> {
                    axon.onStart(Phase.INBOUND_EVENT_CONNECTORS, () -> worker.getObject().start());
                    axon.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, () -> worker.getObject().stop());
                });
            }
        };
    }
}
