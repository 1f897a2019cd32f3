package chat.groups.common.axon;

import chat.groups.common.config.ConfigurationMistake;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import chat.groups.common.crypto.GroupKeyStore;
import chat.groups.common.crypto.SealingSerializer;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Every Axon serializer (events, messages, tokens) writes readable JSON with Jackson 2; the
 * event serializer seals the personal content of group events first.
 * XStream, Axon's default, breaks on JDK 17 and records; Boot 4 ships only Jackson 3,
 * which Axon 4 cannot use, hence the explicit Jackson 2 mapper here.
 */
@Configuration(proxyBeanMethods = false)
public class AxonJacksonConfiguration {

    static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Old events must stay readable when a later version of a record drops a field.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static JacksonSerializer jacksonSerializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).build();
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return jacksonSerializer();
    }

    /** Events seal their personal content with the group's key (crypto-shredding on deletion). */
    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(GroupKeyStore keys) {
        return new SealingSerializer(jacksonSerializer(), keys);
    }


    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return jacksonSerializer();
    }
}
