package chat.groups.query.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import chat.groups.api.GroupEvent;
import chat.groups.api.GroupEvent.GroupArchivedEvent;
import chat.groups.api.GroupEvent.GroupCreatedEvent;
import chat.groups.api.GroupEvent.GroupDeletedEvent;
import chat.groups.api.GroupEvent.GroupRenamedEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookEventTypeTest {

    @Test
    void creationUpdatesAndDeletionMapToTheThreeTypes() {
        Instant now = Instant.now();
        assertThat(WebhookEventType.of(new GroupCreatedEvent("g", "a", "c", "n", null, null, List.of(), now)))
                .isEqualTo(WebhookEventType.GROUP_CREATED);
        assertThat(WebhookEventType.of(new GroupRenamedEvent("g", "n"))).isEqualTo(WebhookEventType.GROUP_UPDATED);
        assertThat(WebhookEventType.of(new GroupArchivedEvent("g", now))).isEqualTo(WebhookEventType.GROUP_UPDATED);
        assertThat(WebhookEventType.of(new GroupDeletedEvent("g", now))).isEqualTo(WebhookEventType.GROUP_DELETED);
    }

    /** A new event type fails here until WebhookEventType.of maps it. */
    @Test
    void everyGroupEventTypeHasAWebhookType() throws Exception {
        for (Class<?> type : GroupEvent.class.getPermittedSubclasses()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] parameterTypes = new Class<?>[components.length];
            Object[] arguments = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                parameterTypes[i] = components[i].getType();
                arguments[i] = components[i].getType() == String.class ? "g" : null;
            }
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            GroupEvent event = (GroupEvent) constructor.newInstance(arguments);
            assertThat(WebhookEventType.of(event)).as(type.getSimpleName()).isNotNull();
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (WebhookEventType type : WebhookEventType.values()) {
            assertThat(WebhookEventType.byWireName(type.wireName())).contains(type);
        }
        assertThat(WebhookEventType.byWireName("group.archived")).isEmpty();
    }
}
