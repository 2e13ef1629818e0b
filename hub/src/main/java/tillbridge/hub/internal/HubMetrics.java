package tillbridge.hub.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import tillbridge.contract.JobState;

/**
 * The node's metrics in one Micrometer registry, every one tagged {@code node}, scraped as
 * Prometheus text at {@code /metrics}. Meters that count what happens are fed by
 * {@link MeteredEvents}; this class binds the ones read from state: open streams, polls and
 * followers, jobs by state (from the database, shared by every node), the listener, the JVM.
 * Hikari's pool binds itself to {@link #registry()} (Db.open).
 */
public final class HubMetrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** How long a scrape waits for the jobs-by-state query before it shows the last counts. */
    private static final Duration JOB_COUNT_WAIT = Duration.ofSeconds(2);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final Duration FRESH = Duration.ofSeconds(1);
    private volatile Map<String, Long> jobCounts = Map.of();
    private volatile long countedAt = System.nanoTime() - FRESH.toNanos();

    public HubMetrics(String node) {
        registry.config().commonTags("node", node);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // the figure docs/performance.md's idle-stream heap measurement reads
        Gauge.builder("hub.heap.used", () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
                .baseUnit("bytes").description("heap in use").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Open streams, waiting long polls and box-office followers of this node. */
    public void live(LiveRegistry live) {
        Gauge.builder("hub.agent.streams", live, LiveRegistry::streamCount).description("agent SSE streams open on this node").register(registry);
        Gauge.builder("hub.long.polls", live, LiveRegistry::pollCount).description("agent long polls waiting on this node").register(registry);
        Gauge.builder("hub.job.followers", live, LiveRegistry::followerCount).description("box-office event streams open on this node").register(registry);
    }

    /**
     * Jobs by state in the whole database (every node shows the same figures: aggregate with max,
     * not sum). Read at each scrape, one query at a time, waiting at most 2 s.
     */
    public void jobs(Db db, Executor executor) {
        OneAtATime<Map<String, Long>> count = new OneAtATime<>(executor, () -> db.tx(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT state, COUNT(*) FROM jobs GROUP BY state"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        }));
        for (JobState s : JobState.values()) {
            Gauge.builder("hub.jobs", () -> counts(count).getOrDefault(s.wire(), 0L))
                    .tag("state", s.wire()).description("jobs in the database by state").register(registry);
        }
    }

    /** The counts, queried again when older than a second: one query per scrape, not one per state. */
    private Map<String, Long> counts(OneAtATime<Map<String, Long>> count) {
        if (System.nanoTime() - countedAt < FRESH.toNanos()) return jobCounts;
        try {
            jobCounts = count.get(JOB_COUNT_WAIT);
            countedAt = System.nanoTime();
            return jobCounts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return jobCounts;
        } catch (Exception e) {
            return jobCounts;   // database slow or down: the last counts; /healthz says why
        }
    }

    /** The listener for the other nodes and the announcements this node could not send (PostgreSQL). */
    public void cluster(PgListener listener, ClusterSignals signals) {
        Gauge.builder("hub.listener.up", listener, l -> l.status().listening() ? 1 : 0)
                .description("1 while this node hears the other nodes' announcements").register(registry);
        FunctionCounter.builder("hub.listener.reconnects", listener, PgListener::reconnects)
                .description("times the listening connection was opened again after it was lost").register(registry);
        FunctionCounter.builder("hub.announcements.failed", signals, ClusterSignals::failures)
                .description("announcements to the other nodes that could not be sent").register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
