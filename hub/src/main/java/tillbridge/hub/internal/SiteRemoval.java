package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tillbridge.contract.Fields;
import tillbridge.contract.JobState;
import tillbridge.hub.internal.Model.Job;

/**
 * Deleting a site while the hub runs. In one transaction, under the site's row lock (the lock
 * every hand-over of jobs takes): its agent token is dropped, its connection number moves on (so
 * no stream or poll of it, on any node, can hand anything out any more), every unfinished job
 * ends in a final state that says why ({@link #fate}), its registration codes and print documents
 * are removed. Then every node closes the site's stream and answers its poll 409, and the agent's
 * next request is 401.
 *
 * <p>A payment that may be with the agent (handed out, acknowledged or running) blocks the
 * deletion: the terminal may be charging it, and only the agent can say how it ended. The caller
 * waits for its result and tries again, or, for an agent that is gone for good, forces: such a
 * payment then ends {@code unknown}. The site's row stays as a tombstone while its jobs are kept,
 * so that the box office can still read how they ended; retention removes it with its last job.
 */
public final class SiteRemoval {
    private final Db db;
    private final Clock clock;
    private final Signals signals;
    private final SiteStore sites;

    /** {@code sites}: this node's, whose memory of verified agent tokens a deletion clears. */
    public SiteRemoval(Db db, Clock clock, Signals signals, SiteStore sites) {
        this.db = db;
        this.clock = clock;
        this.signals = signals;
        this.sites = sites;
    }

    /** What deleting its site does to a job. */
    enum Fate {
        /** final already */
        KEEP,
        /** never handed to the agent: failed, nothing was charged or printed */
        FAIL,
        /** the agent may have it: nobody can tell any more whether it ran */
        UNKNOWN,
        /** a payment the agent may be running: not without force */
        REFUSE
    }

    /**
     * The rule: a job handed out (state past queued, or claimed for a connection whose write may
     * have reached the agent) may be running at the venue; a payment then blocks the deletion
     * unless forced, a print does not (printing twice charges nobody).
     */
    static Fate fate(String type, JobState state, boolean handedOut, boolean force) {
        if (state.isFinal()) return Fate.KEEP;
        if (!handedOut) return Fate.FAIL;
        if (!type.equals("payment")) return Fate.UNKNOWN;
        return force ? Fate.UNKNOWN : Fate.REFUSE;
    }

    /** What a deletion did; {@code already}: the site was deleted before, nothing changed. */
    public record Removed(String siteId, boolean already, List<String> failed, List<String> unknown, int documents) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object().put("site_id", siteId).put("already_deleted", already);
            ArrayNode f = o.putArray("failed");
            failed.forEach(f::add);
            ArrayNode u = o.putArray("unknown");
            unknown.forEach(u::add);
            return o.put("documents_removed", documents);
        }
    }

    /** Deletes the site (any tenant's); 404 for an unknown site, 409 {@code payment_in_flight} when a payment blocks it. */
    public Removed remove(String siteId, boolean force) {
        Instant now = clock.instant();
        List<String> failed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        long[] connection = {-1};
        Removed r = db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT deleted_at, connection_seq FROM sites WHERE id = ? FOR UPDATE", siteId);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw HubException.notFound("site " + Fields.clip(siteId));
                if (rs.getObject("deleted_at") != null) return new Removed(siteId, true, List.of(), List.of(), 0);
                connection[0] = rs.getLong("connection_seq") + 1;
            }
            List<Unfinished> jobs = unfinished(c, "site_id = ?", siteId);
            List<String> blocking = jobs.stream().filter(u -> u.fate(force) == Fate.REFUSE).map(u -> u.job.id() + " (" + u.job.state().wire() + ")").toList();
            if (!blocking.isEmpty()) {
                throw new ApiError(409, "payment_in_flight", "site " + siteId + " has " + blocking.size() + " payment(s) its agent may be running: "
                        + String.join(", ", blocking.subList(0, Math.min(5, blocking.size()))) + (blocking.size() > 5 ? ", …" : "")
                        + "; wait for their results and delete it again (or force, if its agent is gone for good: they become unknown)");
            }
            for (Unfinished u : jobs) end(c, u.job, u.fate(force), now, failed, unknown);
            Db.update(c, "UPDATE sites SET deleted_at = ?, agent_token_hash = NULL, agent_status = NULL, connection_seq = ? WHERE id = ?",
                    now, connection[0], siteId);
            Db.update(c, "DELETE FROM registration_codes WHERE site_id = ?", siteId);
            Db.update(c, "DELETE FROM document_chunks WHERE document_id IN (SELECT id FROM documents WHERE site_id = ?)", siteId);
            int documents = Db.update(c, "DELETE FROM documents WHERE site_id = ?", siteId);
            return new Removed(siteId, false, List.copyOf(failed), List.copyOf(unknown), documents);
        });
        if (!r.already()) {
            sites.forgetVerified();
            // the same announcement as a newer connection of the agent: every node ends the site's stream and poll
            signals.siteConnected(siteId, connection[0]);
            failed.forEach(signals::jobChanged);
            unknown.forEach(signals::jobChanged);
        }
        return r;
    }

    /**
     * Fails jobs queued for sites deleted meanwhile: a job submitted while its site was being
     * deleted may have committed just after the deletion. No connection of a deleted site can take
     * it, so it never reached an agent. Returns their ids.
     */
    public List<String> settleStrays() {
        Instant now = clock.instant();
        List<String> failed = new ArrayList<>();
        db.tx(c -> {
            for (Unfinished u : unfinished(c, "site_id IN (SELECT id FROM sites WHERE deleted_at IS NOT NULL)", null)) {
                end(c, u.job, Fate.FAIL, now, failed, new ArrayList<>());
            }
            return null;
        });
        failed.forEach(signals::jobChanged);
        return failed;
    }

    private record Unfinished(Job job, boolean handedOut) {
        Fate fate(boolean force) {
            return SiteRemoval.fate(job.type(), job.state(), handedOut, force);
        }
    }

    private static List<Unfinished> unfinished(Connection c, String where, String arg) throws SQLException {
        String sql = "SELECT " + JobStore.COLUMNS + ", delivery_seq FROM jobs WHERE " + where + " AND state IN (?, ?, ?, ?) ORDER BY created_at, id FOR UPDATE";
        List<Object> args = new ArrayList<>();
        if (arg != null) args.add(arg);
        for (JobState s : List.of(JobState.QUEUED, JobState.DELIVERED, JobState.ACCEPTED, JobState.RUNNING)) args.add(s.wire());
        try (PreparedStatement ps = Db.prepare(c, sql, args.toArray()); ResultSet rs = ps.executeQuery()) {
            List<Unfinished> out = new ArrayList<>();
            while (rs.next()) {
                Job j = JobStore.job(rs);
                rs.getLong("delivery_seq");
                out.add(new Unfinished(j, j.state() != JobState.QUEUED || !rs.wasNull()));
            }
            return out;
        }
    }

    private static void end(Connection c, Job job, Fate fate, Instant now, List<String> failed, List<String> unknown) throws SQLException {
        String what = job.type().equals("payment") ? "charged" : "printed";
        switch (fate) {
            case FAIL -> {
                JobStore.move(c, job, JobState.FAILED, result("the site was deleted before the job reached its agent; nothing was " + what), now);
                failed.add(job.id());
            }
            case UNKNOWN -> {
                JobStore.move(c, job, JobState.UNKNOWN, result("the site was deleted after the job was handed to its agent; whether it was "
                        + what + " is unknown" + (job.type().equals("payment") ? " (check the terminal's own journal)" : "")), now);
                unknown.add(job.id());
            }
            case KEEP, REFUSE -> { }
        }
    }

    private static ObjectNode result(String message) {
        return Json.object().put("outcome", "site_deleted").put("message", message);
    }
}
