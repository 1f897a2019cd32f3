package chat.groups.common.testing.wire;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Add to an application that runs both sides in one JVM to make every command, query,
 * answer, subscription initial result and update cross {@link AxonServerWire}, with the
 * application's own serializers: the one-JVM application then sees what the split
 * deployment sees when the messages travel through Axon Server. Given to an application as a
 * source; not a {@code @Configuration}, so that no component scan picks it up by accident.
 */
public class OverTheWire {

    @Bean
    WireFaults wireFaults() {
        return new WireFaults();
    }

    @Bean
    static BeanPostProcessor overTheWireBuses(BeanFactory beans) {
        return new BeanPostProcessor() {
            private AxonServerWire wire;

            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof CommandBus commandBus && name.equals("commandBus")) {
                    return new WireCommandBus(commandBus, wire(), beans.getBean(WireFaults.class));
                }
                if (bean instanceof QueryBus queryBus && name.equals("queryBus")) {
                    return new WireQueryBus(queryBus, wire(), beans.getBean(WireFaults.class));
                }
                return bean;
            }

            private synchronized AxonServerWire wire() {
                if (wire == null) {
                    wire = new AxonServerWire(beans.getBean("serializer", Serializer.class),
                            beans.getBean("messageSerializer", Serializer.class),
                            beans.getBean("eventSerializer", Serializer.class));
                }
                return wire;
            }
        };
    }
}
