package tillbridge.hub;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tillbridge.common.testing.ScratchPostgres;

/**
 * {@link OperationsContract} on a fresh PostgreSQL database of its own, with a second node on it:
 * what one node's admin endpoint does holds on the other at once. Skipped when no PostgreSQL
 * answers on 127.0.0.1:5432.
 */
class OperationsOnPostgresTest extends OperationsContract {
    ScratchPostgres pg;
    TestHub second;

    @BeforeEach
    void database() {
        pg = ScratchPostgres.create().orElse(null);
        assumeTrue(pg != null, "no PostgreSQL at 127.0.0.1:5432");
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (second != null) second.close();
        if (t != null) t.close();
        t = null;
        if (pg != null) pg.close();
    }

    @Override
    TestHub start(Path adminDir) throws Exception {
        return TestHub.start(dir.resolve("a"), c -> c.withDb(DbTarget.parsePostgres(pg.hubUrl()))
                .withOps(new HubConfig.Ops("a", null, OperationsOnH2Test.adminAt(adminDir))));
    }

    @Override
    TestHub other() throws Exception {
        if (second == null) second = TestHub.start(dir.resolve("b"), c -> c.withDb(DbTarget.parsePostgres(pg.hubUrl())).withClock(t.clock));
        return second;
    }
}
