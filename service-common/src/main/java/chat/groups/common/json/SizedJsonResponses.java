package chat.groups.common.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON answers carry a {@code Content-Length}: Spring MVC flushes the response after writing
 * the body, and without a length Tomcat sends that flush as one chunk and the end of the
 * chunked body ({@code 0\r\n\r\n}) as a second socket write. Measured on a GET of one group,
 * that second write was 4 % of the server's CPU; with the length, the whole answer leaves in
 * one write. The body is serialized to memory first, which the answers' size (a group, a page of
 * at most 100) allows.
 */
@Configuration(proxyBeanMethods = false)
public class SizedJsonResponses {

    /**
     * In place of Spring's JSON converter, with its mapper. In its place, not ahead of every
     * converter: a {@code byte[]} or {@code String} answer (the OpenAPI document) must still
     * reach the converters before it, not be written as a JSON string.
     */
    @Bean
    ServerHttpMessageConvertersCustomizer sizedJsonConverter() {
        return builder -> builder.configureMessageConvertersList(converters -> converters.replaceAll(converter ->
                converter instanceof JacksonJsonHttpMessageConverter json && !(converter instanceof SizedJsonConverter)
                        ? new SizedJsonConverter(json.getMapper())
                        : converter));
    }

    static final class SizedJsonConverter extends JacksonJsonHttpMessageConverter {

        SizedJsonConverter(JsonMapper mapper) {
            super(mapper);
        }

        @Override
        protected void writeInternal(Object value, ResolvableType type, HttpOutputMessage output, Map<String, Object> hints)
                throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream(2048);
            super.writeInternal(value, type, new HttpOutputMessage() {
                @Override
                public OutputStream getBody() {
                    return body;
                }

                @Override
                public HttpHeaders getHeaders() {
                    return output.getHeaders();
                }
            }, hints);
            output.getHeaders().setContentLength(body.size());
            body.writeTo(output.getBody());
        }
    }
}
