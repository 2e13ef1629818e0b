package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.ScratchPostgres;
import tillbridge.hub.DbTarget;

/** A store made before keys had a table of their own: after migrating, each tenant's one key still works, as its first key. */
class ApiKeyMigrationTest {
    @TempDir
    Path dir;
    ScratchPostgres pg;

    @AfterEach
    void drop() throws SQLException {
        if (pg != null) pg.close();
    }

    @Test
    void aKeyMadeBeforeTheMigrationStillWorksOnH2() throws Exception {
        keyMadeBeforeStillWorks(new DbTarget.H2File(dir), "", "");
    }

    @Test
    void aKeyMadeBeforeTheMigrationStillWorksOnPostgres() throws Exception {
        pg = ScratchPostgres.create().orElse(null);
        assumeTrue(pg != null, "no PostgreSQL at 127.0.0.1:5432");
        keyMadeBeforeStillWorks(DbTarget.parsePostgres(pg.hubUrl()), "postgres", "");
    }

    private static void keyMadeBeforeStillWorks(DbTarget target, String user, String password) throws SQLException {
        Flyway.configure().dataSource(target.jdbcUrl(), user, password).locations("classpath:db/migration").target("3").load().migrate();
        String key = Secrets.token();
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), user, password)) {
            Db.update(c, "INSERT INTO tenants (id, name, api_key_hash, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                    "ten_aaaaaaaaaaaaaaaaaaaaaaaa", "old", Secrets.sha256(key));   // auto-commit
        }
        try (Db db = Db.open(target, 2)) {
            assertThat(new TenantStore(db, Clock.systemUTC()).byApiKey(key)).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("old"));
            assertThat(new ApiKeyStore(db, Clock.systemUTC()).list("ten_aaaaaaaaaaaaaaaaaaaaaaaa"))
                    .singleElement().satisfies(k -> assertThat(k.id()).isEqualTo("key_aaaaaaaaaaaaaaaaaaaaaaaa"));
        }
    }
}
