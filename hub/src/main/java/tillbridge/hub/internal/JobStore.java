package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tillbridge.contract.Fields;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobState;
import tillbridge.hub.internal.Model.Job;
import tillbridge.hub.internal.Model.LoggedEvent;

/**
 * Jobs, their state machine and their event logs. Every state change is also appended to the
 * job's event log, in the same transaction; followers are signalled after the commit.
 */
public final class JobStore {
    static final String COLUMNS = "id, tenant_id, site_id, type, state, request, result, idempotency_key, created_at, updated_at";

    private final Db db;
    private final Clock clock;
    private final Signals signals;

    public JobStore(Db db, Clock clock, Signals signals) {
        this.db = db;
        this.clock = clock;
        this.signals = signals;
    }

    /** The job for an Idempotency-Key, and whether this call created it. */
    public record Submitted(Job job, boolean created) {}

    /**
     * Creates a queued job, or returns the one made earlier with the same key. The same key with
     * a different site or request is a {@link HubException.Conflict}.
     */
    public Submitted submit(String tenantId, String siteId, String idempotencyKey, JobRequest request) {
        ObjectNode body = JobJson.encode(request);
        String hash = Secrets.sha256(siteId + "\n" + Canonical.of(body));
        Instant now = clock.instant();
        String id = Secrets.id("job");
        try {
            Job job = db.tx(c -> {
                Db.update(c, "INSERT INTO jobs (id, tenant_id, site_id, type, state, request, request_hash, idempotency_key, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, tenantId, siteId, request.type(), JobState.QUEUED.wire(), Json.write(body), hash, idempotencyKey, now, now);
                Events.append(c, id, JobEvent.State.of(JobState.QUEUED), now);
                return new Job(id, tenantId, siteId, JobState.QUEUED, request, null, idempotencyKey, now, now);
            });
            signals.siteChanged(siteId);
            return new Submitted(job, true);
        } catch (Db.Failure f) {
            if (!"23505".equals(f.sqlState())) throw f;
        }
        // Someone else holds this key (maybe a concurrent identical request that just committed).
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + ", request_hash FROM jobs WHERE tenant_id = ? AND idempotency_key = ?",
                    tenantId, idempotencyKey);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("Idempotency-Key conflict but no job holds the key");
                if (!rs.getString("request_hash").equals(hash)) {
                    throw HubException.conflict("Idempotency-Key '" + Fields.clip(idempotencyKey) + "' was used for a different request (job "
                            + rs.getString("id") + "); use a new key for a new job");
                }
                return new Submitted(job(rs), false);
            }
        });
    }

    public Optional<Job> get(String tenantId, String jobId) {
        return db.tx(c -> find(c, "tenant_id", tenantId, jobId));
    }

    /** The newest {@code limit} jobs of a site. */
    public List<Job> listForSite(String tenantId, String siteId, int limit) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM jobs WHERE tenant_id = ? AND site_id = ? ORDER BY created_at DESC, id",
                    tenantId, siteId)) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Job> out = new ArrayList<>();
                    while (rs.next()) out.add(job(rs));
                    return out;
                }
            }
        });
    }

    public List<LoggedEvent> events(String jobId, long afterSeq, int limit) {
        return db.tx(c -> Events.after(c, jobId, afterSeq, limit));
    }

    // ---- agent side: the job must belong to the agent's site, else not found

    /** The agent journaled the job: delivered (or queued) → accepted. Repeats are harmless. */
    public Job ack(String siteId, String jobId) {
        return transition(siteId, jobId, (c, job, now) -> {
            if (!job.state().unacknowledged()) return job;
            return move(c, job, JobState.ACCEPTED, null, now);
        });
    }

    /** A progress event from the agent; the first one moves the job to running. */
    public Job progress(String siteId, String jobId, JobEvent.Progress event) {
        return transition(siteId, jobId, (c, job, now) -> {
            if (job.state().isFinal()) {
                throw HubException.conflict("job " + jobId + " is " + job.state().wire() + " already; progress events are not accepted after the result");
            }
            Job j = job.state() == JobState.RUNNING ? job : move(c, job, JobState.RUNNING, null, now);
            Events.append(c, jobId, event, now);
            return j;
        });
    }

    /**
     * The final result; final means final. The same result again is answered with the job
     * unchanged; a different one is a {@link HubException.Conflict}. One exception: a job whose result is {@code unknown}
     * may be settled once by a {@code recovered} result (the agent found out later what the
     * terminal did), which box-office followers see as a state event with {@code recovered: true}.
     */
    public Job result(String siteId, String jobId, JobState state, ObjectNode result, boolean recovered) {
        if (!state.isFinal()) throw HubException.invalid("state must be done, failed or unknown, was " + state.wire());
        if (recovered && state == JobState.UNKNOWN) {
            throw HubException.invalid("a recovered result must settle the job: state done or failed, not unknown");
        }
        return transition(siteId, jobId, (c, job, now) -> {
            if (!job.state().isFinal()) return move(c, job, state, result, recovered, now);
            if (job.state() == state && Canonical.of(job.result()).equals(Canonical.of(result))) return job;
            if (recovered && job.state() == JobState.UNKNOWN) return move(c, job, state, result, true, now);
            if (state == JobState.UNKNOWN && wasUnknownWith(c, jobId, result)) return job;   // a late repeat of the first post
            throw HubException.conflict("job " + jobId + " already has a different result (state " + job.state().wire()
                    + "); a result is final" + (job.state() == JobState.UNKNOWN ? " unless it settles 'unknown' with \"recovered\": true" : ""));
        });
    }

    /** Whether the job's log holds an {@code unknown} result equal to {@code result} (it was settled since). */
    private static boolean wasUnknownWith(Connection c, String jobId, ObjectNode result) throws SQLException {
        for (LoggedEvent e : Events.after(c, jobId, 0, Integer.MAX_VALUE)) {
            if (e.event() instanceof JobEvent.State s && s.state() == JobState.UNKNOWN
                    && Canonical.of(s.result().orElse(null)).equals(Canonical.of(result))) {
                return true;
            }
        }
        return false;
    }

    /** Box office answers an operator prompt the agent raised; the agent receives it on its stream. */
    public LoggedEvent answer(String tenantId, String jobId, String prompt, String answer) {
        Instant now = clock.instant();
        LoggedEvent[] out = new LoggedEvent[1];
        Job job = db.tx(c -> {
            Job j = lock(c, "tenant_id", tenantId, jobId);
            if (j.state().isFinal()) throw HubException.conflict("job " + jobId + " is " + j.state().wire() + "; its prompts can no longer be answered");
            boolean asked = false;
            for (LoggedEvent e : Events.after(c, jobId, 0, Integer.MAX_VALUE)) {
                if (e.event() instanceof JobEvent.Progress p && p.asks().filter(prompt::equals).isPresent()) asked = true;
                if (e.event() instanceof JobEvent.Answer a && a.prompt().equals(prompt)) {
                    if (a.answer().equals(answer)) {
                        out[0] = e;
                        return j;
                    }
                    throw HubException.conflict("prompt '" + Fields.clip(prompt) + "' of job " + jobId + " was answered already with a different answer");
                }
            }
            if (!asked) throw HubException.notFound("prompt '" + Fields.clip(prompt) + "' of job " + jobId);
            out[0] = Events.append(c, jobId, new JobEvent.Answer(prompt, answer), now);
            return j;
        });
        signals.siteChanged(job.siteId());
        signals.jobChanged(jobId);
        return out[0];
    }

    // ---- machinery

    @FunctionalInterface
    private interface Step {
        Job apply(Connection c, Job job, Instant now) throws SQLException;
    }

    private Job transition(String siteId, String jobId, Step step) {
        Instant now = clock.instant();
        Job[] before = new Job[1];
        Job after = db.tx(c -> {
            before[0] = lock(c, "site_id", siteId, jobId);
            return step.apply(c, before[0], now);
        });
        if (after != before[0]) signals.jobChanged(jobId);
        return after;
    }

    static Job move(Connection c, Job job, JobState to, ObjectNode result, Instant now) throws SQLException {
        return move(c, job, to, result, false, now);
    }

    private static Job move(Connection c, Job job, JobState to, ObjectNode result, boolean recovered, Instant now) throws SQLException {
        Db.update(c, "UPDATE jobs SET state = ?, result = ?, updated_at = ? WHERE id = ?",
                to.wire(), result == null ? null : Json.write(result), now, job.id());
        Events.append(c, job.id(), new JobEvent.State(to, Optional.ofNullable(result),
                recovered ? Optional.of(job.state()) : Optional.empty()), now);
        return job.in(to, result, now);
    }

    private static Job lock(Connection c, String ownerColumn, String owner, String jobId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ? AND " + ownerColumn + " = ? FOR UPDATE", jobId, owner);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw HubException.notFound("job " + Fields.clip(jobId));
            return job(rs);
        }
    }

    private static Optional<Job> find(Connection c, String ownerColumn, String owner, String jobId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ? AND " + ownerColumn + " = ?", jobId, owner);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.empty();
        }
    }

    static Job job(ResultSet rs) throws SQLException {
        String result = rs.getString("result");
        return new Job(rs.getString("id"), rs.getString("tenant_id"), rs.getString("site_id"),
                JobState.ofWire(rs.getString("state")), JobJson.request(Json.read(rs.getString("request"))),
                result == null ? null : Json.read(result), rs.getString("idempotency_key"),
                Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
    }

    /** The job event log. */
    static final class Events {
        private Events() {}

        static LoggedEvent append(Connection c, String jobId, JobEvent event, Instant now) throws SQLException {
            Db.update(c, "UPDATE jobs SET event_seq = event_seq + 1 WHERE id = ?", jobId);
            long seq;
            try (PreparedStatement ps = Db.prepare(c, "SELECT event_seq FROM jobs WHERE id = ?", jobId);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            Db.update(c, "INSERT INTO job_events (job_id, seq, kind, data, created_at) VALUES (?, ?, ?, ?, ?)",
                    jobId, seq, event.kind(), Json.write(JobJson.encode(event)), now);
            return new LoggedEvent(jobId, seq, event, now);
        }

        static List<LoggedEvent> after(Connection c, String jobId, long afterSeq, int limit) throws SQLException {
            try (PreparedStatement ps = Db.prepare(c, "SELECT seq, kind, data, created_at FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq",
                    jobId, afterSeq)) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<LoggedEvent> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new LoggedEvent(jobId, rs.getLong(1), JobJson.event(rs.getString(2), Json.read(rs.getString(3))),
                                Db.instant(rs, "created_at")));
                    }
                    return out;
                }
            }
        }
    }

    /** Key-sorted JSON text, so that equal documents compare equal whatever their field order. */
    static final class Canonical {
        private Canonical() {}

        static String of(JsonNode n) {
            return n == null ? "null" : Json.write(sorted(n));
        }

        private static JsonNode sorted(JsonNode n) {
            if (n.isObject()) {
                ObjectNode o = Json.object();
                List<String> names = new ArrayList<>();
                n.fieldNames().forEachRemaining(names::add);
                names.sort(null);
                for (String k : names) o.set(k, sorted(n.get(k)));
                return o;
            }
            if (n.isArray()) {
                var a = Json.MAPPER.createArrayNode();
                n.forEach(x -> a.add(sorted(x)));
                return a;
            }
            return Objects.requireNonNull(n);
        }
    }
}
