package chat.groups.common.testing.wire;

import javax.annotation.Nonnull;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/** A command bus whose commands and results cross {@link AxonServerWire} as they would cross Axon Server. */
public class WireCommandBus implements CommandBus {

    private final CommandBus delegate;
    private final AxonServerWire wire;
    private final WireFaults faults;

    public WireCommandBus(CommandBus delegate, AxonServerWire wire, WireFaults faults) {
        this.delegate = delegate;
        this.wire = wire;
        this.faults = faults;
    }

    @Override
    public <C> void dispatch(@Nonnull CommandMessage<C> command) {
        delegate.dispatch(wire.command(command));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <C, R> void dispatch(@Nonnull CommandMessage<C> command,
                                @Nonnull CommandCallback<? super C, ? super R> callback) {
        RuntimeException fault = faults.commandFailure();
        if (fault != null) {
            callback.onResult(command, org.axonframework.commandhandling.GenericCommandResultMessage
                    .asCommandResultMessage(fault));
            return;
        }
        CommandMessage<C> received = (CommandMessage<C>) wire.command(command);
        delegate.dispatch(received, (CommandCallback<C, Object>) (message, result) -> {
            CommandResultMessage returned = wire.commandResult(result, command.getIdentifier());
            callback.onResult(command, returned);
        });
    }

    @Override
    public Registration subscribe(@Nonnull String commandName, @Nonnull MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(@Nonnull MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(@Nonnull MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }
}
