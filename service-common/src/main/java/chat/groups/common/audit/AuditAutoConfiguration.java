package chat.groups.common.audit;

import chat.groups.common.crypto.GroupKeyStore;
import chat.groups.common.history.GroupHistory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Request ids on every response and log line, the audit metadata copied from commands onto events, and the history that reads it back. */
@AutoConfiguration
public class AuditAutoConfiguration {

    @Bean
    public FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public GroupHistory groupHistory(EventStore eventStore, GroupKeyStore keys) {
        return new GroupHistory(eventStore, keys);
    }

    @Bean
    public CorrelationDataProvider auditCorrelationDataProvider() {
        return AuditMetadata.correlationDataProvider();
    }

    /** Axon's own correlation (correlation and trace ids), which defining a provider would otherwise replace. */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }
}
