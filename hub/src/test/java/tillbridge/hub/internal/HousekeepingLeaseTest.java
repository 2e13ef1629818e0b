package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.ScratchPostgres;
import tillbridge.hub.DbTarget;

/**
 * Periodic pruning runs on one node at a time, on H2 and on PostgreSQL (a fresh database; skipped
 * when none answers): nodes that look at once find one of them pruning, a run on demand is
 * refused while another holds the task, and a holder that died frees it when its lease ends.
 * Time is a clock the test moves.
 */
class HousekeepingLeaseTest {
    @TempDir
    Path dir;
    ScratchPostgres pg;
    final List<Db> dbs = new ArrayList<>();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T12:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @AfterEach
    void close() throws SQLException {
        dbs.forEach(Db::close);
        if (pg != null) pg.close();
    }

    private DbTarget h2() {
        return new DbTarget.H2File(dir);
    }

    private DbTarget postgres() {
        pg = ScratchPostgres.create().orElse(null);
        assumeTrue(pg != null, "no PostgreSQL at 127.0.0.1:5432");
        return DbTarget.parsePostgres(pg.hubUrl());
    }

    /** One node's retention: a pool of its own on the shared store. */
    private Retention node(DbTarget target, String name) {
        Db db = Db.open(target, 4);
        dbs.add(db);
        return new Retention(db, clock, Retention.DEFAULT_AGE, name, new SiteRemoval(db, clock, Signals.NONE, new SiteStore(db, clock)));
    }

    @Test
    void nodesLookingAtOnceOnH2PruneOnce() throws Exception {
        nodesLookingAtOncePruneOnce(h2());
    }

    @Test
    void nodesLookingAtOnceOnPostgresPruneOnce() throws Exception {
        nodesLookingAtOncePruneOnce(postgres());
    }

    private void nodesLookingAtOncePruneOnce(DbTarget target) throws Exception {
        List<Retention> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) nodes.add(node(target, "n" + i));
        List<Callable<Boolean>> looks = new ArrayList<>();
        for (Retention r : nodes) looks.add(() -> r.tick().isPresent());
        try (ExecutorService pool = Executors.newFixedThreadPool(nodes.size())) {
            long pruned = 0;
            for (Future<Boolean> f : pool.invokeAll(looks)) if (f.get()) pruned++;
            assertThat(pruned).isEqualTo(1);

            now.set(now.get().plus(Retention.EVERY).minusSeconds(1));
            for (Future<Boolean> f : pool.invokeAll(looks)) assertThat(f.get()).isFalse();   // not due yet

            now.set(now.get().plusSeconds(1));
            pruned = 0;
            for (Future<Boolean> f : pool.invokeAll(looks)) if (f.get()) pruned++;
            assertThat(pruned).isEqualTo(1);
        }
    }

    @Test
    void aRunOnDemandIsRefusedWhileAnotherNodeHoldsTheTaskUntilItsLeaseEnds() {
        DbTarget target = h2();
        Retention a = node(target, "a");
        TaskLease other = new TaskLease(dbs.getFirst(), clock, Retention.TASK, "b (died)", Duration.ofMinutes(10));
        assertThat(other.claim()).isTrue();

        assertThatThrownBy(() -> a.now(Duration.ofDays(1))).isInstanceOf(ApiError.class).hasMessageContaining("b (died)")
                .satisfies(e -> assertThat(((ApiError) e).code()).isEqualTo("busy"));

        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(a.now(Duration.ofDays(1)).jobs()).isZero();
        assertThat(other.renew()).isFalse();   // its lease was taken over
    }
}
