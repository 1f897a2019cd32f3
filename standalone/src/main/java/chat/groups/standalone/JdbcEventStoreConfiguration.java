package chat.groups.standalone;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The standalone event store: Axon's JDBC storage engine on the H2 file database.
 *
 * <p>Declared by hand because Axon 4.13's JDBC and transaction auto-configurations order
 * themselves after Spring Boot 3's class names; under Boot 4 they run before the DataSource
 * exists, silently skip the event store and fall back to a no-op transaction manager, which
 * would make a command's events non-atomic.
 */
@Configuration(proxyBeanMethods = false)
public class JdbcEventStoreConfiguration {

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    @Bean
    public JdbcEventStorageEngine eventStorageEngine(Serializer serializer,
                                                     @Qualifier("eventSerializer") Serializer eventSerializer,
                                                     DataSource dataSource,
                                                     TransactionManager transactionManager,
                                                     PersistenceExceptionResolver persistenceExceptionResolver,
                                                     org.axonframework.config.Configuration axon) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .snapshotFilter(axon.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactionManager)
                .readEventDataWithGaps(TrackedEventQuery::withGaps)
                .build();
    }
}
