package tillbridge.hub.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.hub.DbTarget;

/**
 * {@link Signals} for several hub nodes on one PostgreSQL database: each change is acted on in
 * this node at once and announced to every node with {@code NOTIFY} (after the commit it follows);
 * {@link PgListener} hears the others' announcements. An announcement that fails is logged and
 * left to the catch-up (the listener's periodic look for undelivered items, each stream's ping and
 * each follower's keep-alive): the change itself is committed, only the wake-up is late. The
 * announcement of an agent's new connection is the exception: it is sent inside the transaction
 * that numbers the connection ({@link #announceConnected}), so a failure fails the connection,
 * and the agent connects again.
 */
public final class ClusterSignals implements Signals {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSignals.class);
    /** PostgreSQL's limit for an identifier (NAMEDATALEN - 1). */
    private static final int MAX_CHANNEL = 63;

    private final Signals local;
    private final Db db;
    private final String channel;
    private final String node;
    private final AtomicLong failures = new AtomicLong();

    /** {@code node}: this process's random id, so that its listener can skip its own announcements. */
    public ClusterSignals(Signals local, Db db, String channel, String node) {
        this.local = local;
        this.db = db;
        this.channel = channel;
        this.node = node;
    }

    /** The channel of one hub cluster: one per database and schema, so clusters sharing a database stay apart. */
    public static String channel(DbTarget.Postgres pg) {
        String c = "tillbridge_hub" + (pg.schema() == null ? "" : "_" + pg.schema().toLowerCase(java.util.Locale.ROOT));
        return c.length() <= MAX_CHANNEL ? c : c.substring(0, MAX_CHANNEL);
    }

    @Override
    public void siteChanged(String siteId) {
        local.siteChanged(siteId);
        announce(new Announcement(node, Announcement.SITE, siteId, 0));
    }

    @Override
    public void jobChanged(String jobId) {
        local.jobChanged(jobId);
        announce(new Announcement(node, Announcement.JOB, jobId, 0));
    }

    @Override
    public void siteConnected(String siteId, long connection) {
        local.siteConnected(siteId, connection);
        announce(new Announcement(node, Announcement.CONNECTED, siteId, connection));
    }

    @Override
    public void announceConnected(Connection c, String siteId, long connection) throws SQLException {
        notify(c, new Announcement(node, Announcement.CONNECTED, siteId, connection));
    }

    @Override
    public void siteConnectedHere(String siteId, long connection) {
        local.siteConnected(siteId, connection);
    }

    /** Announcements that could not be sent since start. */
    public long failures() {
        return failures.get();
    }

    private void announce(Announcement a) {
        try {
            db.tx(c -> notify(c, a));
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not announce {} to the other hub nodes (they catch up within their sweep): {}", a, e.toString());
        }
    }

    private boolean notify(Connection c, Announcement a) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT pg_notify(?, ?)", channel, a.payload()); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * One NOTIFY payload: {@code NODE KIND ID [CONNECTION]}, where KIND is {@code s} (site has
     * something new), {@code j} (job has a new event) or {@code c} (site's agent opened connection
     * number CONNECTION). Ids are the hub's own (no spaces), far below the 8000-byte payload limit.
     */
    public record Announcement(String node, char kind, String id, long connection) {
        public static final char SITE = 's';
        public static final char JOB = 'j';
        public static final char CONNECTED = 'c';

        public String payload() {
            return node + " " + kind + " " + id + (kind == CONNECTED ? " " + connection : "");
        }

        /** Empty for anything this version does not understand (a newer node's announcement). */
        public static Optional<Announcement> parse(String payload) {
            String[] p = payload == null ? new String[0] : payload.split(" ");
            if (p.length < 3 || p[1].length() != 1) return Optional.empty();
            char kind = p[1].charAt(0);
            if ((kind == SITE || kind == JOB) && p.length == 3) return Optional.of(new Announcement(p[0], kind, p[2], 0));
            if (kind == CONNECTED && p.length == 4) {
                try {
                    return Optional.of(new Announcement(p[0], kind, p[2], Long.parseLong(p[3])));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        /** Acts on it in this node. */
        public void apply(Signals to) {
            switch (kind) {
                case SITE -> to.siteChanged(id);
                case JOB -> to.jobChanged(id);
                default -> to.siteConnected(id, connection);
            }
        }
    }
}
