package chat.groups.query.history;

import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.common.crypto.GroupKeyStore;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Destroys a deleted group's key. The command side does so as soon as the deletion is stored;
 * this tracking handler makes sure of it even if that process died in between. Destroying
 * is idempotent, and the handler never runs again on a replay.
 */
@Configuration(proxyBeanMethods = false)
@ProcessingGroup(KeyShredder.PROCESSING_GROUP)
public class KeyShredder {

    public static final String PROCESSING_GROUP = "group-key-shredder";

    private final GroupKeyStore keys;

    public KeyShredder(GroupKeyStore keys) {
        this.keys = keys;
    }

    @EventHandler
    @DisallowReplay
    void on(GroupDeletedEvent event) {
        keys.destroy(event.groupId());
    }

    /**
     * Its token must follow the work, not precede it (see QuerySideMongoConfiguration), and a
     * failure must stop and retry, never be logged and skipped: a skipped event is a key left alive.
     */
    @Bean
    static ConfigurerModule keyShredderProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTransactionManager(PROCESSING_GROUP, configuration -> NoTransactionManager.instance())
                .registerListenerInvocationErrorHandler(PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance()));
    }
}
