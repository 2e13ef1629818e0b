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
import tillbridge.hub.internal.Model.Job;
import tillbridge.hub.internal.Model.JobEvent;
import tillbridge.hub.internal.Model.JobState;

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
     * a different site or body is a 409.
     */
    public Submitted submit(String tenantId, String siteId, String idempotencyKey, String type, ObjectNode request) {
        String hash = Secrets.sha256(siteId + "\n" + Canonical.of(request));
        Instant now = clock.instant();
        String id = Secrets.id("job");
        try {
            Job job = db.tx(c -> {
                Db.update(c, "INSERT INTO jobs (id, tenant_id, site_id, type, state, request, request_hash, idempotency_key, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, tenantId, siteId, type, JobState.QUEUED.wire(), Json.write(request), hash, idempotencyKey, now, now);
                Events.append(c, id, "state", state(JobState.QUEUED), now);
                return new Job(id, tenantId, siteId, type, JobState.QUEUED, request, null, idempotencyKey, now, now);
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
                    throw ApiError.conflict("Idempotency-Key '" + Fields.clip(idempotencyKey) + "' was used for a different request (job "
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

    public List<JobEvent> events(String jobId, long afterSeq, int limit) {
        return db.tx(c -> Events.after(c, jobId, afterSeq, limit));
    }

    // ---- agent side: the job must belong to the agent's site, else 404

    /** The agent journaled the job: delivered (or queued) → accepted. Repeats are harmless. */
    public Job ack(String siteId, String jobId) {
        return transition(siteId, jobId, (c, job, now) -> {
            if (!job.state().unacknowledged()) return job;
            return move(c, job, JobState.ACCEPTED, null, now);
        });
    }

    /** A progress event from the agent; the first one moves the job to running. */
    public Job progress(String siteId, String jobId, String kind, ObjectNode data) {
        return transition(siteId, jobId, (c, job, now) -> {
            if (job.state().isFinal()) {
                throw ApiError.conflict("job " + jobId + " is " + job.state().wire() + " already; progress events are not accepted after the result");
            }
            Job j = job.state() == JobState.RUNNING ? job : move(c, job, JobState.RUNNING, null, now);
            Events.append(c, jobId, kind, data, now);
            return j;
        });
    }

    /**
     * The final result; final means final. The same result again is answered with the job
     * unchanged; a different one is a 409. One exception: a job whose result is {@code unknown}
     * may be settled once by a {@code recovered} result (the agent found out later what the
     * terminal did), which box-office followers see as a state event with {@code recovered: true}.
     */
    public Job result(String siteId, String jobId, JobState state, JsonNode result, boolean recovered) {
        if (!state.isFinal()) throw ApiError.badRequest("state must be done, failed or unknown, was " + state.wire());
        if (recovered && state == JobState.UNKNOWN) {
            throw ApiError.badRequest("a recovered result must settle the job: state done or failed, not unknown");
        }
        return transition(siteId, jobId, (c, job, now) -> {
            if (!job.state().isFinal()) return move(c, job, state, result, recovered, now);
            if (job.state() == state && Canonical.of(job.result()).equals(Canonical.of(result))) return job;
            if (recovered && job.state() == JobState.UNKNOWN) return move(c, job, state, result, true, now);
            if (state == JobState.UNKNOWN && wasUnknownWith(c, jobId, result)) return job;   // a late repeat of the first post
            throw ApiError.conflict("job " + jobId + " already has a different result (state " + job.state().wire()
                    + "); a result is final" + (job.state() == JobState.UNKNOWN ? " unless it settles 'unknown' with \"recovered\": true" : ""));
        });
    }

    /** Whether the job's log holds an {@code unknown} result equal to {@code result} (it was settled since). */
    private static boolean wasUnknownWith(Connection c, String jobId, JsonNode result) throws SQLException {
        for (JobEvent e : Events.after(c, jobId, 0, Integer.MAX_VALUE)) {
            if (e.kind().equals("state") && JobState.UNKNOWN.wire().equals(e.data().path("state").asText())
                    && Canonical.of(e.data().get("result")).equals(Canonical.of(result))) {
                return true;
            }
        }
        return false;
    }

    /** Box office answers an operator prompt the agent raised; the agent receives it on its stream. */
    public JobEvent answer(String tenantId, String jobId, String prompt, String answer) {
        Instant now = clock.instant();
        JobEvent[] out = new JobEvent[1];
        Job job = db.tx(c -> {
            Job j = lock(c, "tenant_id", tenantId, jobId);
            if (j.state().isFinal()) throw ApiError.conflict("job " + jobId + " is " + j.state().wire() + "; its prompts can no longer be answered");
            boolean asked = false;
            for (JobEvent e : Events.after(c, jobId, 0, Integer.MAX_VALUE)) {
                if (!prompt.equals(e.data().path("prompt").asText(null))) continue;
                if (e.kind().equals("prompt")) asked = true;
                if (e.kind().equals("answer")) {
                    if (answer.equals(e.data().path("answer").asText())) {
                        out[0] = e;
                        return j;
                    }
                    throw ApiError.conflict("prompt '" + Fields.clip(prompt) + "' of job " + jobId + " was answered already with a different answer");
                }
            }
            if (!asked) throw ApiError.notFound("prompt '" + Fields.clip(prompt) + "' of job " + jobId);
            ObjectNode data = Json.object().put("prompt", prompt).put("answer", answer);
            out[0] = Events.append(c, jobId, "answer", data, now);
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

    static Job move(Connection c, Job job, JobState to, JsonNode result, Instant now) throws SQLException {
        return move(c, job, to, result, false, now);
    }

    private static Job move(Connection c, Job job, JobState to, JsonNode result, boolean recovered, Instant now) throws SQLException {
        Db.update(c, "UPDATE jobs SET state = ?, result = ?, updated_at = ? WHERE id = ?",
                to.wire(), result == null ? null : Json.write(result), now, job.id());
        ObjectNode data = state(to);
        if (result != null) data.set("result", result);
        if (recovered) data.put("recovered", true).put("was", job.state().wire());
        Events.append(c, job.id(), "state", data, now);
        return new Job(job.id(), job.tenantId(), job.siteId(), job.type(), to, job.request(), result, job.idempotencyKey(), job.createdAt(), now);
    }

    static ObjectNode state(JobState s) {
        return Json.object().put("state", s.wire());
    }

    private static Job lock(Connection c, String ownerColumn, String owner, String jobId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ? AND " + ownerColumn + " = ? FOR UPDATE", jobId, owner);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw ApiError.notFound("job " + Fields.clip(jobId));
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
        return new Job(rs.getString("id"), rs.getString("tenant_id"), rs.getString("site_id"), rs.getString("type"),
                JobState.ofWire(rs.getString("state")), Json.read(rs.getString("request")),
                result == null ? null : Json.read(result), rs.getString("idempotency_key"),
                Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
    }

    /** The job event log. */
    static final class Events {
        private Events() {}

        static JobEvent append(Connection c, String jobId, String kind, ObjectNode data, Instant now) throws SQLException {
            Db.update(c, "UPDATE jobs SET event_seq = event_seq + 1 WHERE id = ?", jobId);
            long seq;
            try (PreparedStatement ps = Db.prepare(c, "SELECT event_seq FROM jobs WHERE id = ?", jobId);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            Db.update(c, "INSERT INTO job_events (job_id, seq, kind, data, created_at) VALUES (?, ?, ?, ?, ?)",
                    jobId, seq, kind, Json.write(data), now);
            return new JobEvent(jobId, seq, kind, data, now);
        }

        static List<JobEvent> after(Connection c, String jobId, long afterSeq, int limit) throws SQLException {
            try (PreparedStatement ps = Db.prepare(c, "SELECT seq, kind, data, created_at FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq",
                    jobId, afterSeq)) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<JobEvent> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new JobEvent(jobId, rs.getLong(1), rs.getString(2), Json.read(rs.getString(3)), Db.instant(rs, "created_at")));
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
