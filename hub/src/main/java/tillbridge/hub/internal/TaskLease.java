package tillbridge.hub.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A claim on a periodic task (a row of {@code housekeeping}) that one node of a cluster holds at a
 * time: taken with one UPDATE that succeeds only when nobody holds the task (a lease past its end
 * counts as free, so a node that died mid-way holds nothing for long), and renewed while the work
 * goes on. The same on H2 and PostgreSQL: the row lock of the UPDATE decides between two nodes
 * that try at once.
 */
final class TaskLease {
    private final Db db;
    private final Clock clock;
    private final String task;
    private final String holder;
    private final Duration lease;

    /** {@code holder}: this node, as others see it in {@link #holder()}. */
    TaskLease(Db db, Clock clock, String task, String holder, Duration lease) {
        this.db = db;
        this.clock = clock;
        this.task = task;
        this.holder = holder;
        this.lease = lease;
    }

    /** Claims the task if it is due and free; it is next due {@code every} later. */
    boolean claimDue(Duration every) {
        Instant now = clock.instant();
        return db.tx(c -> Db.update(c, "UPDATE housekeeping SET held_by = ?, held_until = ?, next_run_at = ? "
                + "WHERE task = ? AND next_run_at <= ? AND (held_until IS NULL OR held_until < ?)",
                holder, now.plus(lease), now.plus(every), task, now, now) == 1);
    }

    /** Claims the task now, due or not, if it is free. */
    boolean claim() {
        Instant now = clock.instant();
        return db.tx(c -> Db.update(c, "UPDATE housekeeping SET held_by = ?, held_until = ? WHERE task = ? AND (held_until IS NULL OR held_until < ?)",
                holder, now.plus(lease), task, now) == 1);
    }

    /** Extends the claim; false when it was lost (it ran out and another node took the task). */
    boolean renew() {
        Instant now = clock.instant();
        return db.tx(c -> Db.update(c, "UPDATE housekeeping SET held_until = ? WHERE task = ? AND held_by = ? AND held_until >= ?",
                now.plus(lease), task, holder, now) == 1);
    }

    void release() {
        db.tx(c -> Db.update(c, "UPDATE housekeeping SET held_by = NULL, held_until = NULL WHERE task = ? AND held_by = ?", task, holder));
    }

    /** Who holds the task now, and until when, if anyone does. */
    Optional<String> holder() {
        Instant now = clock.instant();
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT held_by, held_until FROM housekeeping WHERE task = ? AND held_until >= ?", task, now);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1) + " until " + Db.instant(rs, "held_until")) : Optional.empty();
            }
        });
    }
}
