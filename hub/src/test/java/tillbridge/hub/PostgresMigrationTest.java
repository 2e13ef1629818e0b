package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Flyway migrations and the same SQL on PostgreSQL (127.0.0.1:5432, user postgres, trust
 * auth, database test), in a scratch schema dropped afterwards. Skipped when no server answers.
 */
class PostgresMigrationTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    @TempDir
    Path dir;
    String schema;

    @BeforeEach
    void scratchSchema() {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            assumeTrue(c.isValid(5));
        } catch (SQLException e) {
            assumeTrue(false, "no PostgreSQL at 127.0.0.1:5432 (" + e.getMessage() + ")");
        }
        schema = "hub_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @AfterEach
    void drop() throws SQLException {
        if (schema == null) return;
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void migrationsAndTheWholeJobPathRunOnPostgres() throws Exception {
        DbTarget pg = DbTarget.parsePostgres("postgresql://postgres@127.0.0.1:5432/test?schema=" + schema);
        try (TestHub t = TestHub.start(dir, c -> c.withDb(pg))) {
            String key = t.tenant("pg-tenant");
            String site = t.site(key, "PG hall");
            String token = t.agent(key, site);
            String job = t.job(key, site, "pg-1");
            assertThat(t.submit(key, site, "pg-1", TestHub.payment(1250, "pg-1")).json().get("id").asText()).isEqualTo(job);
            assertThat(t.submit(key, site, "pg-1", TestHub.payment(1, "pg-1")).status()).isEqualTo(409);
            assertThat(t.get("/agent/v1/poll", token).json().at("/events/0/data/id").asText()).isEqualTo(job);
            t.post("/agent/v1/jobs/" + job + "/ack", token, "");
            t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"prompt\",\"prompt\":\"p\",\"text\":\"?\",\"answers\":[]}");
            assertThat(t.post("/api/v1/jobs/" + job + "/prompts/p/answer", key, "{\"answer\":\"ok\"}").status()).isEqualTo(200);
            assertThat(t.get("/agent/v1/poll?after=1", token).json().at("/events/0/event").asText()).isEqualTo("answer");
            assertThat(t.post("/agent/v1/status", token, "{\"agent_version\":\"a\",\"terminals\":[{\"id\":\"T\"}]}").status()).isEqualTo(200);
            assertThat(t.post("/agent/v1/jobs/" + job + "/result", token, "{\"state\":\"done\",\"result\":{\"ok\":true}}").status()).isEqualTo(200);
            assertThat(t.get("/api/v1/jobs/" + job, key).json().get("state").asText()).isEqualTo("done");
            assertThat(t.get("/api/v1/sites", key).json().at("/sites/0/terminals/0/id").asText()).isEqualTo("T");
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
             ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            assertThat(tables).contains("tenants", "sites", "registration_codes", "jobs", "job_events", "flyway_schema_history");
        }
    }

    @Test
    void printDocumentsAreStoredInChunksAndStreamedBackOnPostgres() throws Exception {
        DbTarget pg = DbTarget.parsePostgres("postgresql://postgres@127.0.0.1:5432/test?schema=" + schema);
        try (TestHub t = TestHub.start(dir, c -> c.withDb(pg))) {
            String key = t.tenant("pg-tenant");
            String site = t.site(key, "PG hall");
            String token = t.agent(key, site);
            byte[] pdf = PrintDocumentsTest.pdf();
            TestHub.Res up = t.upload(key, site, "application/pdf", pdf);
            assertThat(up.status()).isEqualTo(201);
            String doc = up.json().get("id").asText();
            assertThat(t.upload(key, site, "application/pdf", pdf).status()).isEqualTo(200);
            assertThat(t.submit(key, site, "pg-print", TestHub.printOf(doc)).status()).isEqualTo(201);
            var got = t.http.send(t.request("/agent/v1/documents/" + doc, token).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.body()).isEqualTo(pdf);
        }
    }
}
