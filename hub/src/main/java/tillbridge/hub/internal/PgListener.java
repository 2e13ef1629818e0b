package tillbridge.hub.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.hub.DbTarget;

/**
 * Hears the other hub nodes' announcements ({@link ClusterSignals}) on a dedicated PostgreSQL
 * connection, outside the pool, on one virtual thread, and acts on them in this node.
 *
 * <p>Nothing announced is lost to a broken connection: after each (re)connect, once {@code LISTEN}
 * holds, it catches up (wakes every site that has something never handed out, and every
 * box-office follower), and it repeats that look every {@code sweep}, which also proves that the
 * listening connection still answers. A lost connection (database restart, terminated backend,
 * network) is reopened after 1 s, then up to every 10 s, for as long as the hub runs.
 */
public final class PgListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(10);
    /** Longest wait inside getNotifications, so that close and the sweep are noticed. */
    private static final int WAIT_MILLIS = 1000;

    /** Whether it listens now, since when it does or does not, and the last problem while it does not. */
    public record Status(boolean listening, Instant since, String problem) {}

    private final DbTarget.Postgres target;
    private final String channel;
    private final String node;
    private final LiveRegistry live;
    private final DeliveryStore deliveries;
    private final Duration sweep;
    private final Clock clock;
    private final AtomicLong reconnects = new AtomicLong();
    private volatile Status status;
    private volatile boolean closed;
    private Thread thread;

    private PgListener(DbTarget.Postgres target, String channel, String node, LiveRegistry live, DeliveryStore deliveries,
                       Duration sweep, Clock clock) {
        this.target = target;
        this.channel = channel;
        this.node = node;
        this.live = live;
        this.deliveries = deliveries;
        this.sweep = sweep;
        this.clock = clock;
        this.status = new Status(false, clock.instant(), "not connected yet");
    }

    /** Starts listening on {@code channel}; {@code node} is this process's id in announcements (its own are skipped). */
    public static PgListener start(DbTarget.Postgres target, String channel, String node, LiveRegistry live,
                                   DeliveryStore deliveries, Duration sweep, Clock clock) {
        PgListener l = new PgListener(target, channel, node, live, deliveries, sweep, clock);
        l.thread = Thread.ofVirtual().name("hub-pg-listener").start(l::run);
        return l;
    }

    public Status status() {
        return status;
    }

    /** Connections opened again after a lost one, since start. */
    public long reconnects() {
        return reconnects.get();
    }

    private void run() {
        Duration wait = FIRST_RETRY;
        boolean first = true;
        while (!closed) {
            try (Connection c = open()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + channel + "\"");
                }
                if (!first) reconnects.incrementAndGet();
                first = false;
                catchUp(true);
                status = new Status(true, clock.instant(), null);
                LOG.info("listening for other hub nodes on channel {}", channel);
                wait = FIRST_RETRY;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                String problem = e.getMessage() == null ? e.toString() : e.getMessage();
                Status was = status;
                status = new Status(false, was.listening() ? clock.instant() : was.since(), problem);
                LOG.warn("not listening for other hub nodes ({}); trying again in {} s", problem, wait.toSeconds());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        if (target.password() != null) p.setProperty("password", target.password());
        p.setProperty("ApplicationName", "tillbridge-hub listener");
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");   // the sweep's query on a silently dead connection
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(target.jdbcUrl(), p);
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long nextSweep = System.nanoTime() + sweep.toNanos();
        while (!closed) {
            PGNotification[] ns = pg.getNotifications(WAIT_MILLIS);
            if (ns != null) {
                for (PGNotification n : ns) {
                    ClusterSignals.Announcement.parse(n.getParameter()).filter(a -> !a.node().equals(node)).ifPresent(a -> a.apply(live));
                }
            }
            if (System.nanoTime() - nextSweep >= 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                catchUp(false);
                nextSweep = System.nanoTime() + sweep.toNanos();
            }
        }
    }

    /** Wakes whatever may have missed an announcement; followers only after a gap in listening. */
    private void catchUp(boolean followers) {
        deliveries.sitesWithNewItems().forEach(live::siteChanged);
        if (followers) live.wakeFollowers();
    }

    @Override
    public void close() {
        closed = true;   // the loop sees it within WAIT_MILLIS; the interrupt cuts a reconnect wait short
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
