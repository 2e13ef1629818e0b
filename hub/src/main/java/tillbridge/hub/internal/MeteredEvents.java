package tillbridge.hub.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import tillbridge.hub.HubEvents;

/**
 * Counts and times what happens, then passes every event on to {@code inner} (the logs): agent
 * stream connections (each reconnect is one), jobs submitted, hand-overs by kind and path, the
 * delay from submission to the first hand-over, and requests that failed on the hub's side.
 */
public final class MeteredEvents implements HubEvents {
    private final HubEvents inner;
    private final MeterRegistry registry;
    private final Counter streamsOpened;
    private final Counter submitted;
    private final Counter failed;

    public MeteredEvents(HubEvents inner, MeterRegistry registry) {
        this.inner = inner;
        this.registry = registry;
        this.streamsOpened = Counter.builder("hub.stream.connects").description("agent streams opened (first connections and reconnects)").register(registry);
        this.submitted = Counter.builder("hub.jobs.submitted").description("jobs created on this node").register(registry);
        this.failed = Counter.builder("hub.requests.failed").description("requests that failed on the hub's side (5xx)").register(registry);
    }

    @Override
    public void started(String url, String store) {
        inner.started(url, store);
    }

    @Override
    public void siteCreated(String tenantId, String siteId) {
        inner.siteCreated(tenantId, siteId);
    }

    @Override
    public void codeIssued(String siteId, Duration validity) {
        inner.codeIssued(siteId, validity);
    }

    @Override
    public void agentRegistered(String siteId, String agentVersion, String remote) {
        inner.agentRegistered(siteId, agentVersion, remote);
    }

    @Override
    public void streamOpened(String siteId, String remote, Duration ping, long lastEventId) {
        streamsOpened.increment();
        inner.streamOpened(siteId, remote, ping, lastEventId);
    }

    @Override
    public void streamClosed(String siteId, String remote, String reason) {
        inner.streamClosed(siteId, remote, reason);
    }

    @Override
    public void jobSubmitted(String tenantId, String siteId, String jobId, String type, boolean created) {
        if (created) submitted.increment();
        inner.jobSubmitted(tenantId, siteId, jobId, type, created);
    }

    @Override
    public void delivered(String siteId, String kind, String jobId, long seq, String via) {
        Counter.builder("hub.deliveries").tag("kind", kind).tag("via", via).description("items handed to agents (re-sends included)")
                .register(registry).increment();
        inner.delivered(siteId, kind, jobId, seq, via);
    }

    @Override
    public void firstDelivered(String siteId, String jobId, Duration sinceSubmitted, String via) {
        Timer.builder("hub.delivery.latency").tag("via", via).description("from a job's submission to its first hand-over to the agent")
                .publishPercentileHistogram().register(registry).record(sinceSubmitted);
        inner.firstDelivered(siteId, jobId, sinceSubmitted, via);
    }

    @Override
    public void jobUpdated(String siteId, String jobId, String state, String what) {
        inner.jobUpdated(siteId, jobId, state, what);
    }

    @Override
    public void refused(String method, String path, String remote, int status, String message) {
        Counter.builder("hub.requests.refused").tag("status", Integer.toString(status)).description("requests answered 4xx, or 503 (overloaded, stopping)")
                .register(registry).increment();
        inner.refused(method, path, remote, status, message);
    }

    @Override
    public void failed(String method, String path, Throwable cause) {
        failed.increment();
        inner.failed(method, path, cause);
    }
}
