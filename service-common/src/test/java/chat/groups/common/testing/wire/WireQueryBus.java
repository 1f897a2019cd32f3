package chat.groups.common.testing.wire;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.annotation.Nonnull;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryBackpressure;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A query bus whose queries, answers, subscription queries, initial results and updates cross
 * {@link AxonServerWire} as they would cross Axon Server.
 */
public class WireQueryBus implements QueryBus {

    private final QueryBus delegate;
    private final AxonServerWire wire;
    private final WireFaults faults;

    public WireQueryBus(QueryBus delegate, AxonServerWire wire, WireFaults faults) {
        this.delegate = delegate;
        this.wire = wire;
        this.faults = faults;
    }

    @Override
    public <Q, R> CompletableFuture<QueryResponseMessage<R>> query(@Nonnull QueryMessage<Q, R> query) {
        RuntimeException fault = faults.queryFailure();
        if (fault != null) {
            return CompletableFuture.failedFuture(fault);
        }
        return delegate.query(wire.query(query))
                .thenApply(response -> wire.queryResponse(response, query.getResponseType()));
    }

    @Override
    public <Q, I, U> SubscriptionQueryResult<QueryResponseMessage<I>, SubscriptionQueryUpdateMessage<U>> subscriptionQuery(
            @Nonnull SubscriptionQueryMessage<Q, I, U> query, SubscriptionQueryBackpressure backpressure,
            int updateBufferSize) {
        return subscriptionQuery(query, updateBufferSize);
    }

    @Override
    public <Q, I, U> SubscriptionQueryResult<QueryResponseMessage<I>, SubscriptionQueryUpdateMessage<U>> subscriptionQuery(
            @Nonnull SubscriptionQueryMessage<Q, I, U> query) {
        return subscriptionQuery(query, 256);
    }

    @Override
    public <Q, I, U> SubscriptionQueryResult<QueryResponseMessage<I>, SubscriptionQueryUpdateMessage<U>> subscriptionQuery(
            @Nonnull SubscriptionQueryMessage<Q, I, U> query, int updateBufferSize) {
        RuntimeException fault = faults.queryFailure();
        if (fault != null) { // as the connector reports it: the initial result and the updates fail
            return new DefaultSubscriptionQueryResult<>(Mono.error(fault), Flux.error(fault), () -> true);
        }
        SubscriptionQueryResult<QueryResponseMessage<I>, SubscriptionQueryUpdateMessage<U>> result =
                delegate.subscriptionQuery(wire.subscriptionQuery(query), updateBufferSize);
        return new DefaultSubscriptionQueryResult<>(
                result.initialResult().map(wire::<I>initialResult),
                result.updates().map(wire::<U>update),
                result);
    }

    @Override
    public <Q, R> Stream<QueryResponseMessage<R>> scatterGather(@Nonnull QueryMessage<Q, R> query, long timeout,
                                                                @Nonnull TimeUnit unit) {
        return delegate.scatterGather(wire.query(query), timeout, unit)
                .map(response -> wire.queryResponse(response, query.getResponseType()));
    }

    @Override
    public <R> Registration subscribe(@Nonnull String queryName, @Nonnull Type responseType,
                                      @Nonnull MessageHandler<? super QueryMessage<?, R>> handler) {
        return delegate.subscribe(queryName, responseType, handler);
    }

    @Override
    public QueryUpdateEmitter queryUpdateEmitter() {
        return delegate.queryUpdateEmitter();
    }

    @Override
    public Registration registerHandlerInterceptor(@Nonnull MessageHandlerInterceptor<? super QueryMessage<?, ?>> interceptor) {
        return delegate.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(@Nonnull MessageDispatchInterceptor<? super QueryMessage<?, ?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }
}
