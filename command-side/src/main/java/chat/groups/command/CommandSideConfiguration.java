package chat.groups.command;

import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /** The bean name of the cache of loaded groups. */
    public static final String GROUP_CACHE = "groupCache";

    @Autowired
    void registerInterceptors(CommandBus commandBus, GroupCache groupCache) {
        commandBus.registerHandlerInterceptor(new MissingGroupInterceptor());
        commandBus.registerHandlerInterceptor(groupCache.dropDeleted());
    }

    /**
     * Groups stay loaded between commands instead of being replayed from every one of their events
     * for each command: a group that gained its 250 members one call at a time has 250+ events,
     * and replaying (and decrypting) them per command made concurrent adds to one group queue for
     * seconds. See {@link GroupCache} for what it keeps. Safe with several command-side instances
     * because Axon Server routes all commands of one group to the same instance.
     */
    @Bean(GROUP_CACHE)
    static GroupCache groupCache() {
        return GroupCache.withDefaultSize();
    }
}
