package chat.groups.common;

import chat.groups.common.auth.AdminKeyFilter;
import chat.groups.common.auth.ApiKeyFilter;
import chat.groups.common.auth.ApiKeysConfiguration;
import chat.groups.common.axon.AxonJacksonConfiguration;
import chat.groups.common.axon.AxonServerReadiness;
import chat.groups.common.apidoc.OpenApiDocument;
import chat.groups.common.apidoc.ReferencePage;
import chat.groups.common.crypto.KeyStoreConfiguration;
import chat.groups.common.error.ApiErrorController;
import chat.groups.common.error.ApiErrors;
import chat.groups.common.error.ApiExceptionHandler;
import chat.groups.common.error.TomcatErrorShape;
import chat.groups.common.json.SizedJsonResponses;
import chat.groups.common.ratelimit.RateLimitFilter;
import chat.groups.common.request.RequestBodyReader;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * What every Groups service shares: API keys, the error shape, request parsing and Axon's
 * serializers, and the start-up check that a split service reaches Axon Server. Defaults live in {@code groups-common.properties}; an application's own
 * properties and the environment override them.
 */
@AutoConfiguration
@PropertySource("classpath:groups-common.properties")
@Import({AxonJacksonConfiguration.class, KeyStoreConfiguration.class, ApiKeysConfiguration.class, ApiErrors.class, ApiExceptionHandler.class,
        ApiErrorController.class, ApiKeyFilter.class, RateLimitFilter.class, RequestBodyReader.class, AxonServerReadiness.class,
        TomcatErrorShape.class, AdminKeyFilter.class, OpenApiDocument.class, ReferencePage.class,
        SizedJsonResponses.class})
public class GroupsCommonAutoConfiguration {
}
