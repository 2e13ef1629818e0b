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
import java.util.List;
import java.util.Optional;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobState;
import tillbridge.hub.HubEvents;
import tillbridge.hub.internal.Model.Delivery;
import tillbridge.hub.internal.Model.Job;

/**
 * Hands jobs and prompt answers to a site's agent. Every hand-over gets the next number of the
 * site's delivery sequence (the SSE {@code id:} and the poll {@code after} cursor), so the ids an
 * agent sees only ever grow, across reconnects and re-sends.
 *
 * <p>Each agent connection (stream or long poll) first takes the next number of the site's
 * connection sequence ({@link #connect}), on whichever node it opened. A hand-over then has two
 * steps. {@link #take} claims items (numbers them) under the site's row lock, and only for the
 * site's newest connection: two connections, on one node or on two, never claim the same queued
 * job, and a connection superseded on another node can no longer hand anything out. Then the connection writes
 * them and, once the write is flushed, calls {@link #delivered} (a queued job becomes delivered);
 * if the write fails it calls {@link #released}, which makes the items new again and wakes the
 * site, so that they go to whichever connection is live now instead of waiting for a reconnect.
 */
public final class DeliveryStore {
    /** Only what was never handed out: queued jobs, unsent answers. */
    public static final long NEW_ONLY = Long.MAX_VALUE;
    /** Everything not acknowledged (jobs) or not final (answers of running jobs). */
    public static final long EVERYTHING = -1;
    static final int BATCH = 100;

    private final Db db;
    private final Clock clock;
    private final Signals signals;

    public DeliveryStore(Db db, Clock clock, Signals signals) {
        this.db = db;
        this.clock = clock;
        this.signals = signals;
    }

    /** An agent's connection, numbered by {@link #connect}. */
    public record Opened(SiteStore.Agent agent, long connection) {}

    /**
     * The agent whose token this is opens a connection: numbered, made the only one of its site
     * that may take items, and announced to every node ({@link Signals#siteConnected}) so that
     * older connections end. One transaction, lookup included (a reconnect storm's cost is this);
     * empty when no site has this token.
     */
    public Optional<Opened> connect(String token) {
        String hash = Secrets.sha256(token);
        Optional<Opened> opened = db.tx(c -> {
            // by the token, not by an id looked up before: a re-registration or a deletion in
            // between leaves nothing to number
            if (Db.update(c, "UPDATE sites SET connection_seq = connection_seq + 1 WHERE agent_token_hash = ?", hash) != 1) return Optional.empty();
            Opened o;
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, tenant_id, connection_seq FROM sites WHERE agent_token_hash = ?", hash);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                o = new Opened(new SiteStore.Agent(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
            signals.announceConnected(c, o.agent().siteId(), o.connection());
            return Optional.of(o);
        });
        opened.ifPresent(o -> signals.siteConnectedHere(o.agent().siteId(), o.connection()));
        return opened;
    }

    /** What one {@link #take} handed out, and the site's delivery id before it. */
    public record Batch(List<Delivery> items, long before) {}

    /**
     * Takes up to {@value #BATCH} items for the site's agent: unacknowledged jobs never delivered
     * or last delivered with an id in ({@code jobsAfter}, {@code upTo}], and answers to prompts of
     * unfinished jobs never delivered or last delivered in ({@code answersAfter}, {@code upTo}].
     * Nothing changes state yet (see {@link #delivered}). To drain, call again with {@code upTo} = the first batch's
     * {@code before}, so that items just re-sent are not picked up again. Throws a 409
     * {@link HubException.Superseded} when {@code connection} is no longer the site's newest.
     */
    public Batch take(String siteId, long connection, long jobsAfter, long answersAfter, long upTo) {
        Instant now = clock.instant();
        return db.tx(c -> {
            // most passes find nothing (a stream's first, a safety-net one): seen without the site's
            // row lock, such a pass commits nothing, which on PostgreSQL spares a WAL flush; a job
            // queued meanwhile signals the site, and the next pass takes it under the lock
            if (pendingJobs(c, siteId, jobsAfter, upTo).isEmpty() && pendingAnswers(c, siteId, answersAfter, upTo).isEmpty()) {
                SiteRow site = site(c, siteId, "");
                if (site.connection() != connection) throw superseded();
                return new Batch(List.of(), site.deliverySeq());
            }
            SiteRow site = lockSite(c, siteId);
            if (site.connection() != connection) throw superseded();
            final long before = site.deliverySeq();
            long seq = before;
            List<Job> jobs = pendingJobs(c, siteId, jobsAfter, upTo);
            List<Answer> answers = pendingAnswers(c, siteId, answersAfter, upTo);
            if (jobs.isEmpty() && answers.isEmpty()) return new Batch(List.of(), before);
            List<Delivery> ds = new ArrayList<>(jobs.size() + answers.size());
            for (Job j : jobs) {
                // the site lock orders claims; the state check keeps out a job acknowledged meanwhile
                if (Db.update(c, "UPDATE jobs SET delivery_seq = ? WHERE id = ? AND state IN (?, ?)",
                        seq + 1, j.id(), JobState.QUEUED.wire(), JobState.DELIVERED.wire()) != 1) continue;
                seq++;
                Job sent = j.state() != JobState.QUEUED ? j : j.in(JobState.DELIVERED, null, now);
                ds.add(new Delivery(seq, "job", sent.toJson()));
            }
            for (Answer a : answers) {
                seq++;
                Db.update(c, "UPDATE job_events SET delivery_seq = ? WHERE job_id = ? AND seq = ?", seq, a.jobId, a.eventSeq);
                ObjectNode data = Json.object().put("job_id", a.jobId);
                data.setAll(a.data);
                ds.add(new Delivery(seq, "answer", data));
            }
            Db.update(c, "UPDATE sites SET delivery_seq = ?, last_seen_at = ? WHERE id = ?", seq, now, siteId);
            return new Batch(ds, before);
        });
    }

    /**
     * The connection flushed these items: a queued job among them becomes delivered. A job
     * claimed again since (by a newer connection) or acknowledged meanwhile is left alone.
     * Returns the ids of the jobs handed over for the first time.
     */
    public List<String> delivered(List<Delivery> items) {
        Instant now = clock.instant();
        List<String> moved = new ArrayList<>();
        db.tx(c -> {
            for (Delivery d : items) {
                if (!d.event().equals("job")) continue;
                String id = d.data().path("id").asText();
                if (Db.update(c, "UPDATE jobs SET state = ?, updated_at = ? WHERE id = ? AND state = ? AND delivery_seq = ?",
                        JobState.DELIVERED.wire(), now, id, JobState.QUEUED.wire(), d.seq()) == 1) {
                    JobStore.Events.append(c, id, JobEvent.State.of(JobState.DELIVERED), now);
                    moved.add(id);
                }
            }
            return null;
        });
        moved.forEach(signals::jobChanged);
        return moved;
    }

    /** Tells {@code events} of each item handed over, and of each job's first hand-over with its delay since submission. */
    static void report(HubEvents events, String siteId, List<Delivery> items, List<String> first, String via, Instant now) {
        for (Delivery d : items) {
            boolean job = d.event().equals("job");
            String jobId = d.data().path(job ? "id" : "job_id").asText();
            events.delivered(siteId, d.event(), jobId, d.seq(), via);
            if (job && first.contains(jobId)) {
                events.firstDelivered(siteId, jobId, Duration.between(Instant.parse(d.data().path("created_at").asText()), now), via);
            }
        }
    }

    /**
     * Writing these items failed: they count as never handed out (unless claimed again since),
     * and the site is signalled so that its live connection, if any, takes them at once.
     */
    public void released(String siteId, List<Delivery> items) {
        if (items.isEmpty()) return;
        db.tx(c -> {
            for (Delivery d : items) {
                if (d.event().equals("job")) {
                    Db.update(c, "UPDATE jobs SET delivery_seq = NULL WHERE id = ? AND delivery_seq = ? AND state IN (?, ?)",
                            d.data().path("id").asText(), d.seq(), JobState.QUEUED.wire(), JobState.DELIVERED.wire());
                } else {
                    Db.update(c, "UPDATE job_events SET delivery_seq = NULL WHERE job_id = ? AND delivery_seq = ?",
                            d.data().path("job_id").asText(), d.seq());
                }
            }
            return null;
        });
        signals.siteChanged(siteId);
    }

    /** The 409 a connection gets once a newer one of its agent opened, here or on another node. */
    static HubException superseded() {
        return new HubException.Superseded();
    }

    /**
     * Sites with something never handed out: queued jobs not claimed, answers not sent. What a
     * node's listener looks at after missing announcements (docs/hub.md, "Several nodes").
     */
    public List<String> sitesWithNewItems() {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT DISTINCT site_id FROM jobs WHERE state = ? AND delivery_seq IS NULL "
                            + "UNION SELECT DISTINCT j.site_id FROM jobs j JOIN job_events e ON e.job_id = j.id "
                            + "WHERE j.state IN (?, ?, ?, ?) AND e.kind = ? AND e.delivery_seq IS NULL",
                    JobState.QUEUED.wire(), JobState.QUEUED.wire(), JobState.DELIVERED.wire(), JobState.ACCEPTED.wire(),
                    JobState.RUNNING.wire(), JobEvent.Answer.KIND);
                 ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        });
    }

    private record SiteRow(long deliverySeq, long connection) {}

    private static SiteRow lockSite(Connection c, String siteId) throws SQLException {
        return site(c, siteId, " FOR UPDATE");
    }

    private static SiteRow site(Connection c, String siteId, String lock) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT delivery_seq, connection_seq FROM sites WHERE id = ?" + lock, siteId);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw HubException.notFound("site " + siteId);
            return new SiteRow(rs.getLong(1), rs.getLong(2));
        }
    }

    private static List<Job> pendingJobs(Connection c, String siteId, long after, long upTo) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT " + JobStore.COLUMNS + " FROM jobs WHERE site_id = ? AND state IN (?, ?) "
                        + "AND (delivery_seq IS NULL OR (delivery_seq > ? AND delivery_seq <= ?)) ORDER BY created_at, id",
                siteId, JobState.QUEUED.wire(), JobState.DELIVERED.wire(), after, upTo)) {
            ps.setMaxRows(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                List<Job> out = new ArrayList<>();
                while (rs.next()) out.add(JobStore.job(rs));
                return out;
            }
        }
    }

    private record Answer(String jobId, long eventSeq, ObjectNode data) {}

    private static List<Answer> pendingAnswers(Connection c, String siteId, long after, long upTo) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT e.job_id, e.seq, e.data FROM job_events e JOIN jobs j ON j.id = e.job_id "
                        + "WHERE j.site_id = ? AND j.state IN (?, ?, ?, ?) AND e.kind = ? "
                        + "AND (e.delivery_seq IS NULL OR (e.delivery_seq > ? AND e.delivery_seq <= ?)) ORDER BY e.created_at, e.job_id, e.seq",
                siteId, JobState.QUEUED.wire(), JobState.DELIVERED.wire(), JobState.ACCEPTED.wire(), JobState.RUNNING.wire(), JobEvent.Answer.KIND, after, upTo)) {
            ps.setMaxRows(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                List<Answer> out = new ArrayList<>();
                while (rs.next()) out.add(new Answer(rs.getString(1), rs.getLong(2), (ObjectNode) Json.read(rs.getString(3))));
                return out;
            }
        }
    }
}
