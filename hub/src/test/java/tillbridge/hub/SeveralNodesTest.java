package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.ScratchPostgres;

/**
 * Several hub nodes, in process here, on one PostgreSQL database of their own (dropped
 * afterwards): what one node commits reaches the agent whose stream another node holds, a newer
 * connection on one node ends the older one on another, and a node cut off the database catches
 * up by itself. The same with real processes, kill -9 and terminated connections: it's
 * HubClusterTest. Skipped when no PostgreSQL answers on 127.0.0.1:5432.
 */
class SeveralNodesTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    ScratchPostgres pg;
    TestHub a;
    TestHub b;

    @BeforeEach
    void database() {
        pg = ScratchPostgres.create().orElse(null);
        assumeTrue(pg != null, "no PostgreSQL at 127.0.0.1:5432");
    }

    @AfterEach
    void stop() throws SQLException {
        for (TestHub t : new TestHub[] {a, b}) if (t != null) t.close();
        if (pg != null) pg.close();
    }

    private TestHub node(String name, String url) throws Exception {
        return TestHub.start(dir.resolve(name), c -> c.withDb(DbTarget.parsePostgres(url)));
    }

    private static List<String> jobIds(SseClient s) {
        return s.named("job").stream().map(e -> {
            try {
                return AgentStreamTest.data(e).get("id").asText();
            } catch (Exception x) {
                throw new AssertionError(x);
            }
        }).toList();
    }

    @Test
    void aJobSubmittedOnOneNodeReachesTheStreamHeldByAnotherAndItsResultTheFollowerOnTheFirst() throws Exception {
        a = node("a", pg.hubUrl());
        b = node("b", pg.hubUrl());
        String key = a.tenant("t");
        String site = a.site(key, "hall");
        String token = a.agent(key, site);
        try (SseClient stream = b.stream("/agent/v1/stream", token, null)) {
            assertThat(stream.status()).isEqualTo(200);
            String job = a.job(key, site, "k1");
            await().atMost(WAIT).until(() -> jobIds(stream).contains(job));

            try (SseClient follower = a.stream("/api/v1/jobs/" + job + "/events", key, null)) {
                assertThat(b.post("/agent/v1/jobs/" + job + "/ack", token, "").status()).isEqualTo(200);
                assertThat(b.post("/agent/v1/jobs/" + job + "/result", token, "{\"state\":\"done\",\"result\":{}}").status()).isEqualTo(200);
                await().atMost(WAIT).until(follower::ended);
                assertThat(follower.named("state").getLast().data()).contains("\"done\"");
            }
            assertThat(jobIds(stream)).containsExactly(job);
        }
    }

    @Test
    void aNewConnectionOnAnotherNodeEndsTheOlderStreamWhichHandsOutNothingMore() throws Exception {
        a = node("a", pg.hubUrl());
        b = node("b", pg.hubUrl());
        String key = a.tenant("t");
        String site = a.site(key, "hall");
        String token = a.agent(key, site);
        try (SseClient older = a.stream("/agent/v1/stream", token, null)) {
            assertThat(older.status()).isEqualTo(200);
            try (SseClient newer = b.stream("/agent/v1/stream", token, null)) {
                assertThat(newer.status()).isEqualTo(200);
                await().atMost(WAIT).until(older::ended);
                String job = a.job(key, site, "k1");
                await().atMost(WAIT).until(() -> jobIds(newer).contains(job));
                assertThat(jobIds(older)).isEmpty();
                assertThat(a.hub.streams()).isZero();
            }
        }
    }

    @Test
    void aNodeCutOffTheDatabaseDeliversWhatItMissedOnceBackWithoutWaitingForAPing() throws Exception {
        a = node("a", pg.hubUrlAs("a"));
        b = node("b", pg.hubUrl());
        String key = b.tenant("t");
        String site = b.site(key, "hall");
        String token = b.agent(key, site);
        try (SseClient stream = a.stream("/agent/v1/stream?ping=120", token, null)) {
            assertThat(stream.status()).isEqualTo(200);
            pg.refuseLogins("a");
            String job = b.job(key, site, "while-cut-off");     // announced while a hears nothing
            await().atMost(WAIT).untilAsserted(() -> {
                TestHub.Res h = a.get("/healthz", null);
                assertThat(h.status()).isEqualTo(503);
                assertThat(h.json().get("problems").toString()).contains("database: ").contains("listener: ");
            });
            assertThat(b.get("/healthz", null).status()).isEqualTo(200);
            pg.allowLogins("a");

            await().atMost(WAIT).until(() -> jobIds(stream).contains(job));
            assertThat(stream.named("ping")).as("no ping did it").isEmpty();
            await().atMost(WAIT).until(() -> a.get("/healthz", null).status() == 200);
            assertThat(a.get("/healthz", null).json().at("/listener/ok").asBoolean()).isTrue();
            String metrics = a.metrics(a.base).body();
            assertThat(metrics).containsPattern("(?m)^hub_listener_up\\{node=\"[^\"]+\"} 1\\.0$")
                    .containsPattern("(?m)^hub_listener_reconnects_total\\{node=\"[^\"]+\"} [1-9]")
                    .contains("hikaricp_connections_max{node=");
        }
    }
}
