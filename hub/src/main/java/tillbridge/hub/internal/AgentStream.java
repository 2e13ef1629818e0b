package tillbridge.hub.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tillbridge.hub.HubEvents;
import tillbridge.hub.internal.DeliveryStore.Batch;
import tillbridge.hub.internal.Model.Delivery;

/**
 * One agent's open job stream: pings every {@code ping}, and delivers whatever the site has
 * pending when signalled. The first delivery after connecting re-sends every unacknowledged
 * job (and every answer after the agent's Last-Event-ID); later ones send only new items.
 */
public final class AgentStream {
    /**
     * A ping re-runs the delivery pass when none completed for this long: a safety net under the
     * pass's own retries and the cluster's announcements, rare enough that idle streams do not
     * load the database (one query per ping would be 333 a second for 10,000 streams at 30 s).
     */
    static final Duration SAFETY_NET = Duration.ofMinutes(5);

    private final String siteId;
    private final String remote;
    private final SseSink sink;
    private final Duration ping;
    private final Duration deadAfter;
    private final Clock clock;
    private final DeliveryStore deliveries;
    private final HubEvents events;
    private final DeliveryPump pump;
    private final ScheduledExecutorService timer;
    private final long resumeAfter;
    private final long connection;
    private boolean resumed;                  // touched only inside the pump
    private volatile long lastPassNanos = System.nanoTime();
    private volatile Instant lastPing;
    private volatile ScheduledFuture<?> pinger;
    private final Instant connectedAt;

    AgentStream(String siteId, long connection, String remote, SseSink sink, Duration ping, Duration deadAfter, long lastEventId,
                Clock clock, DeliveryStore deliveries, HubEvents events, Executor executor, ScheduledExecutorService timer) {
        this.siteId = siteId;
        this.connection = connection;
        this.remote = remote;
        this.sink = sink;
        this.ping = ping;
        this.deadAfter = deadAfter;
        this.resumeAfter = lastEventId;
        this.clock = clock;
        this.deliveries = deliveries;
        this.events = events;
        this.connectedAt = clock.instant();
        this.timer = timer;
        this.pump = new DeliveryPump(executor, this::deliver, (delay, task) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    public String siteId() {
        return siteId;
    }

    /** The connection's number in the site's connection sequence ({@link DeliveryStore#connect}). */
    public long connection() {
        return connection;
    }

    public String remote() {
        return remote;
    }

    public Instant lastPing() {
        return lastPing;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public Duration pingPeriod() {
        return ping;
    }

    SseSink sink() {
        return sink;
    }

    void start() {
        long p = ping.toMillis();
        pinger = timer.scheduleAtFixedRate(this::ping, p, p, TimeUnit.MILLISECONDS);
        pump.request();
    }

    void stop() {
        ScheduledFuture<?> f = pinger;
        if (f != null) f.cancel(false);
    }

    /** Something new for the site. */
    void wake() {
        pump.request();
    }

    private void ping() {
        if (System.nanoTime() - lastPassNanos > SAFETY_NET.toNanos()) pump.request();
        if (System.nanoTime() - sink.lastWriteOkNanos() > deadAfter.toNanos()) {
            sink.abort(new IOException("no successful write for " + deadAfter.toSeconds() + " s"));
            return;
        }
        Instant now = clock.instant();
        sink.event(null, "ping", "{\"at\":\"" + now + "\"}");
        lastPing = now;
    }

    private void deliver() throws InterruptedException {
        if (sink.ended()) return;
        long jobsAfter = resumed ? DeliveryStore.NEW_ONLY : DeliveryStore.EVERYTHING;
        long answersAfter = resumed ? DeliveryStore.NEW_ONLY : resumeAfter;
        long upTo = Long.MAX_VALUE;
        for (;;) {
            Batch b;
            try {
                b = deliveries.take(siteId, connection, jobsAfter, answersAfter, upTo);
            } catch (HubException.Superseded e) {
                // superseded (perhaps on another node whose announcement has not arrived): end it
                sink.close(e.getMessage());
                return;
            }
            if (!send(b.items())) return;
            if (b.items().size() < DeliveryStore.BATCH) break;
            if (upTo == Long.MAX_VALUE) upTo = b.before();
        }
        resumed = true;
        lastPassNanos = System.nanoTime();
    }

    /** Writes the items and waits for the flush; false (items released) when the stream failed. */
    private boolean send(List<Delivery> items) throws InterruptedException {
        if (items.isEmpty()) return true;
        List<CompletableFuture<Void>> written = new ArrayList<>(items.size());
        for (Delivery d : items) written.add(sink.event(Long.toString(d.seq()), d.event(), Json.write(d.data())));
        try {
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(deadAfter.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            sink.abort(new IOException("job delivery not flushed: " + (e.getCause() == null ? e : e.getCause()).getMessage()));
            deliveries.released(siteId, items);
            return false;
        }
        DeliveryStore.report(events, siteId, items, deliveries.delivered(items), "stream", clock.instant());
        return true;
    }
}
