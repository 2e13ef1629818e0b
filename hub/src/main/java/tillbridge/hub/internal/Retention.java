package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.contract.JobState;

/**
 * Job retention: jobs that ended {@code done} or {@code failed} longer than the retention age ago
 * are deleted with their events; then print documents older than that which no remaining job
 * names, and deleted sites with no job left. Jobs in any other state are never touched: queued
 * to running are not over, and an {@code unknown} one may still be settled by its agent.
 *
 * <p>It runs {@link #EVERY} on one node of the cluster at a time (a {@link TaskLease}), and on
 * demand ({@code hub admin prune}). Deletions go in batches of {@value #BATCH} jobs, each its own
 * transaction, so a first run over years of jobs holds no long transaction.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** A constant, so that naming it (the CLI's default) does not load this class and its logger before -q is applied. */
    public static final int DEFAULT_DAYS = 90;
    public static final Duration DEFAULT_AGE = Duration.ofDays(DEFAULT_DAYS);
    /** How often the cluster prunes. */
    static final Duration EVERY = Duration.ofHours(1);
    /** How often each node looks whether pruning is due, and settles jobs left on deleted sites. */
    public static final Duration TICK = Duration.ofMinutes(5);
    private static final Duration LEASE = Duration.ofMinutes(10);
    static final int BATCH = 500;
    static final String TASK = "prune";

    private final Db db;
    private final Clock clock;
    private final Duration age;
    private final TaskLease lease;
    private final SiteRemoval removal;
    private final AtomicBoolean ticking = new AtomicBoolean();

    /** {@code age}: what the periodic run keeps ({@link Duration#ZERO}: it prunes nothing); {@code node}: this node, as others see it. */
    public Retention(Db db, Clock clock, Duration age, String node, SiteRemoval removal) {
        this.db = db;
        this.clock = clock;
        this.age = age;
        this.removal = removal;
        this.lease = new TaskLease(db, clock, TASK, node, LEASE);
    }

    /** What one run removed: everything finished before {@code before}. */
    public record Pruned(Instant before, long jobs, long events, long documents, long sites) {
        public ObjectNode toJson() {
            return Json.object().put("before", before.toString()).put("jobs", jobs).put("events", events).put("documents", documents).put("sites", sites);
        }
    }

    /** The retention age the periodic run uses ({@link Duration#ZERO}: none). */
    public Duration age() {
        return age;
    }

    /**
     * The periodic look: settles jobs left on deleted sites, then prunes if it is due and no other
     * node is at it. Empty when it did not prune. Never runs twice at once in this node.
     */
    public Optional<Pruned> tick() {
        if (!ticking.compareAndSet(false, true)) return Optional.empty();
        try {
            List<String> strays = removal.settleStrays();
            if (!strays.isEmpty()) LOG.info("jobs {} were queued for sites deleted meanwhile: failed (the site was deleted)", strays);
            if (age.isZero() || !lease.claimDue(EVERY)) return Optional.empty();
            return Optional.of(run(age));
        } finally {
            ticking.set(false);
        }
    }

    /** {@link #tick} from the hub's timer: a failure (the database down) is logged, and the next tick tries again. */
    public void scheduled() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("job retention: {} (tried again in {} min)", e.toString(), TICK.toMinutes());
        }
    }

    /** Prunes now what finished more than {@code olderThan} ago; 409 {@code busy} while another run (on any node) is at it. */
    public Pruned now(Duration olderThan) {
        if (!lease.claim()) {
            throw new ApiError(409, "busy", "a prune is running already (" + lease.holder().orElse("just finished") + "); try again in a minute");
        }
        return run(olderThan);
    }

    private Pruned run(Duration olderThan) {
        Instant before = clock.instant().minus(olderThan);
        try {
            long[] jobsAndEvents = {0, 0};
            for (;;) {
                List<String> batch = oldJobs(before);
                if (!batch.isEmpty()) jobsAndEvents[1] += db.tx(c -> deleteJobs(c, batch, jobsAndEvents));
                if (batch.size() < BATCH || !lease.renew()) break;
            }
            long documents = unusedDocuments(before);
            long sites = db.tx(Retention::emptyDeletedSites);
            Pruned p = new Pruned(before, jobsAndEvents[0], jobsAndEvents[1], documents, sites);
            LOG.info("pruned {} jobs ({} events), {} documents and {} deleted sites finished before {}", p.jobs(), p.events(), p.documents(), p.sites(), before);
            return p;
        } finally {
            lease.release();
        }
    }

    private List<String> oldJobs(Instant before) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT id FROM jobs WHERE state IN (?, ?) AND updated_at < ? ORDER BY updated_at, id",
                    JobState.DONE.wire(), JobState.FAILED.wire(), before)) {
                ps.setMaxRows(BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) out.add(rs.getString(1));
                    return out;
                }
            }
        });
    }

    /** Deletes these jobs and their events; returns the events deleted, adds the jobs to {@code counts[0]}. */
    private static long deleteJobs(Connection c, List<String> ids, long[] counts) throws SQLException {
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        long events = Db.update(c, "DELETE FROM job_events WHERE job_id IN (" + in + ")", ids.toArray());
        List<Object> args = new ArrayList<>(ids);
        args.add(JobState.DONE.wire());
        args.add(JobState.FAILED.wire());
        counts[0] += Db.update(c, "DELETE FROM jobs WHERE id IN (" + in + ") AND state IN (?, ?)", args.toArray());
        return events;
    }

    /**
     * Documents uploaded before {@code before} that no job of their site names any more (a print
     * job names its document by id in its request). Looked at in id order, {@value #BATCH} at a time.
     */
    private long unusedDocuments(Instant before) {
        long removed = 0;
        String after = "";
        for (;;) {
            String from = after;
            List<String[]> docs = db.tx(c -> {
                try (PreparedStatement ps = Db.prepare(c, "SELECT id, site_id FROM documents WHERE created_at < ? AND id > ? ORDER BY id", before, from)) {
                    ps.setMaxRows(BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<String[]> out = new ArrayList<>();
                        while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2)});
                        return out;
                    }
                }
            });
            for (String[] d : docs) {
                removed += db.tx(c -> {
                    try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM jobs WHERE site_id = ? AND request LIKE ? ESCAPE '!'",
                            d[1], "%" + d[0].replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%")) {
                        ps.setMaxRows(1);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) return 0;
                        }
                    }
                    Db.update(c, "DELETE FROM document_chunks WHERE document_id = ?", d[0]);
                    return Db.update(c, "DELETE FROM documents WHERE id = ?", d[0]);
                });
            }
            if (docs.size() < BATCH || !lease.renew()) return removed;
            after = docs.getLast()[0];
        }
    }

    /**
     * Tombstones of deleted sites whose last job is gone, with whatever a request that raced the
     * deletion may have added to them (a code, a document).
     */
    private static long emptyDeletedSites(Connection c) throws SQLException {
        String empty = "deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.site_id = sites.id)";
        Db.update(c, "DELETE FROM registration_codes WHERE site_id IN (SELECT id FROM sites WHERE " + empty + ")");
        Db.update(c, "DELETE FROM document_chunks WHERE document_id IN (SELECT d.id FROM documents d JOIN sites ON sites.id = d.site_id WHERE " + empty + ")");
        Db.update(c, "DELETE FROM documents WHERE site_id IN (SELECT id FROM sites WHERE " + empty + ")");
        return Db.update(c, "DELETE FROM sites WHERE " + empty);
    }
}
