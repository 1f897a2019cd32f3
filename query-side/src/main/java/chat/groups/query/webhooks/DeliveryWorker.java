package chat.groups.query.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries from the outbox: {@link WebhookSettings#workers()} threads, each claiming
 * one delivery at a time with a lease (so several processes share the work without sending
 * anything twice), never more than {@link WebhookSettings#perEndpointConcurrency()} at once to
 * one endpoint (so a slow or dead endpoint holds at most that many threads, and the others keep
 * flowing). A failed attempt is retried after {@link Backoff} until the delivery's deadline, then
 * marked failed; an endpoint failing for {@link WebhookSettings#disableAfter()} is disabled.
 */
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final WebhookOutbox outbox;
    private final WebhookEndpoints endpoints;
    private final WebhookPayloads payloads;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final Backoff backoff;
    private final Clock clock;
    private final String owner;
    private final Runnable checkpoint;

    private final Object claims = new Object();
    private final Map<String, Integer> inFlight = new HashMap<>(); // guarded by claims
    private final Object signal = new Object();
    private long wakeUps; // guarded by signal
    private final AtomicBoolean changed = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private ScheduledExecutorService housekeeping;
    private long lastPurgeMillis;

    /**
     * @param owner      this process's name on its leases
     * @param checkpoint makes the outbox's changes durable (the embedded store commits only when asked)
     */
    public DeliveryWorker(WebhookOutbox outbox, WebhookEndpoints endpoints, WebhookPayloads payloads,
                          WebhookSender sender, WebhookSettings settings, Backoff backoff, Clock clock, String owner,
                          Runnable checkpoint) {
        this.outbox = outbox;
        this.endpoints = endpoints;
        this.payloads = payloads;
        this.sender = sender;
        this.settings = settings;
        this.backoff = backoff;
        this.clock = clock;
        this.owner = owner;
        this.checkpoint = checkpoint;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        outbox.releaseLeases(owner);
        for (int i = 0; i < settings.workers(); i++) {
            Thread thread = new Thread(this::work, "webhook-delivery-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING.toMillis(), HOUSEKEEPING.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Webhook delivery: {} workers, at most {} in flight per endpoint, timeout {}, retries for {}",
                settings.workers(), settings.perEndpointConcurrency(), settings.timeout(), settings.retryFor());
    }

    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wakeAll();
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(settings.timeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        housekeeping.shutdownNow();
        housekeeping();
    }

    /**
     * New deliveries are in the outbox: one idle worker looks at once instead of at its next poll.
     * A worker that finds one wakes the next, so a backlog fans out to all workers while a single
     * new delivery costs one claim, not one per worker (the claims would only queue behind each other).
     */
    public void wake() {
        synchronized (signal) {
            wakeUps++;
            signal.notify();
        }
    }

    private void wakeAll() {
        synchronized (signal) {
            wakeUps++;
            signal.notifyAll();
        }
    }

    private void work() {
        while (running) {
            long seen;
            synchronized (signal) {
                seen = wakeUps;
            }
            Optional<Delivery> claimed;
            try {
                claimed = claim();
            } catch (RuntimeException e) {
                log.warn("Webhook delivery could not read the outbox; retrying in {}: {}", settings.pollInterval(),
                        e.toString());
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                idle(seen);
                continue;
            }
            Delivery delivery = claimed.get();
            wake(); // there may be more
            try {
                attempt(delivery);
            } catch (RuntimeException e) {
                // Its lease runs out and a worker takes it again; nothing is lost.
                log.warn("Webhook delivery {} could not be recorded; it is retried once its lease ends: {}",
                        delivery.id(), e.toString());
            } finally {
                synchronized (claims) {
                    inFlight.merge(delivery.endpointId(), -1, (a, b) -> a + b == 0 ? null : a + b);
                }
            }
        }
    }

    private Optional<Delivery> claim() {
        synchronized (claims) {
            List<String> busy = inFlight.entrySet().stream()
                    .filter(entry -> entry.getValue() >= settings.perEndpointConcurrency())
                    .map(Map.Entry::getKey).toList();
            Optional<Delivery> claimed = outbox.claim(clock.millis(), owner, settings.lease().toMillis(), busy);
            claimed.ifPresent(delivery -> inFlight.merge(delivery.endpointId(), 1, Integer::sum));
            return claimed;
        }
    }

    private void idle(long seen) {
        synchronized (signal) {
            if (running && wakeUps == seen) {
                try {
                    signal.wait(settings.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    void attempt(Delivery delivery) {
        WebhookEndpoint endpoint = endpoints.byId(delivery.endpointId()).orElse(null);
        if (endpoint == null) {
            outbox.drop(delivery);
            return;
        }
        if (!endpoint.enabled()) {
            outbox.pause(delivery);
            changed.set(true);
            return;
        }
        long now = clock.millis();
        byte[] body = payloads.render(delivery);
        WebhookSender.Outcome outcome = sender.send(endpoint.url(), endpoint.signingSecrets(now), delivery.eventId(),
                delivery.eventType(), body, now / 1000);
        long after = clock.millis();
        if (outcome.succeeded()) {
            outbox.delivered(delivery, outcome.statusCode(), after);
            if (endpoint.failingSince() != null) {
                endpoints.recordSuccess(endpoint.id());
            }
        } else {
            failed(delivery, endpoint, outcome, after);
        }
        changed.set(true);
    }

    private void failed(Delivery delivery, WebhookEndpoint endpoint, WebhookSender.Outcome outcome, long now) {
        int attempts = delivery.attempts() + 1;
        if (now >= delivery.deadline()) {
            outbox.failed(delivery, outcome.statusCode(), outcome.error(), now);
            log.warn("Webhook {} to endpoint {} (account {}) failed for good after {} attempts: {}",
                    delivery.eventId(), endpoint.id(), endpoint.accountId(), attempts, outcome.error());
        } else {
            long next = Math.min(now + backoff.after(attempts).toMillis(), delivery.deadline());
            outbox.retryLater(delivery, outcome.statusCode(), outcome.error(), now, next);
            log.info("Webhook {} to endpoint {} failed (attempt {}): {}; next attempt at {}", delivery.eventId(),
                    endpoint.id(), attempts, outcome.error(), Instant.ofEpochMilli(next));
        }
        if (endpoints.recordFailure(endpoint.id(), now, settings.disableAfter().toMillis())) {
            outbox.pauseAll(endpoint.id());
            log.warn("Webhook endpoint {} of account {} is disabled: its deliveries have failed for {} without a "
                    + "success (last: {}). Enable it again with PUT /v1/webhook_endpoints/{} disabled=false.",
                    endpoint.id(), endpoint.accountId(), settings.disableAfter(), outcome.error(), endpoint.id());
        }
    }

    /** Commits what the workers changed (at most once per second), and purges old deliveries hourly. */
    private void housekeeping() {
        try {
            long now = clock.millis();
            if (now - lastPurgeMillis >= PURGE_EVERY.toMillis()) {
                lastPurgeMillis = now;
                if (outbox.purge(now - settings.retention().toMillis()) > 0) {
                    changed.set(true);
                }
            }
            if (changed.getAndSet(false)) {
                checkpoint.run();
            }
        } catch (RuntimeException e) {
            log.warn("Webhook housekeeping failed; it runs again in {}: {}", HOUSEKEEPING, e.toString());
        }
    }
}
