package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.hub.internal.AdminClient;
import tillbridge.hub.internal.AdminFile;

/**
 * The operations of {@code hub admin …} against a running hub, through its admin endpoint and the
 * client the CLI uses: API keys created, rotated and revoked; sites deleted; jobs pruned. Run on
 * H2 ({@link OperationsOnH2Test}) and on PostgreSQL ({@link OperationsOnPostgresTest}), where
 * {@link #other} is a second node on the same database.
 */
abstract class OperationsContract {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    TestHub t;
    AdminClient admin;

    /** The node the tests talk to, with admin.json written to {@code adminDir}. */
    abstract TestHub start(Path adminDir) throws Exception;

    /** A second node on the same store (PostgreSQL), or {@link #t} itself (H2: one process). */
    abstract TestHub other() throws Exception;

    void open() throws Exception {
        Path adminDir = dir.resolve("admin");
        t = start(adminDir);
        admin = new AdminClient(AdminFile.read(adminDir));
    }

    @AfterEach
    void stop() throws Exception {
        if (t != null) t.close();
    }

    private String tenant(String name) throws Exception {
        return admin.createTenant(name).path("api_key").asText();
    }

    private static int sites(TestHub h, String key) throws Exception {
        return h.get("/api/v1/sites", key).status();
    }

    @Test
    void aRevokedKeyIsRefusedOnTheNextCallOnEveryNode() throws Exception {
        open();
        String key = tenant("venue-co");
        assertThat(sites(t, key)).isEqualTo(200);
        assertThat(sites(other(), key)).isEqualTo(200);
        String id = admin.keys("venue-co").path("keys").get(0).path("id").asText();

        JsonNode revoked = admin.revoke(id);

        assertThat(revoked.path("state").asText()).isEqualTo("revoked");
        assertThat(sites(t, key)).isEqualTo(401);
        assertThat(sites(other(), key)).isEqualTo(401);
        assertThat(admin.revoke(id).path("revoked_at")).isEqualTo(revoked.path("revoked_at"));   // repeats harmless
    }

    @Test
    void aRotatedKeyKeepsWorkingThroughTheGracePeriodOnlyAndAThirdKeyIsRefused() throws Exception {
        open();
        String old = tenant("venue-co");

        String fresh = admin.rotate("venue-co", 1).path("api_key").asText();

        assertThat(fresh).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(old);
        assertThat(sites(t, old)).isEqualTo(200);
        assertThat(sites(t, fresh)).isEqualTo(200);
        assertThatThrownBy(() -> admin.createKey("venue-co", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 valid API keys");
        assertThatThrownBy(() -> admin.rotate("venue-co", 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revoke");

        t.clock.advance(Duration.ofMinutes(61));

        assertThat(sites(t, old)).isEqualTo(401);
        assertThat(sites(t, fresh)).isEqualTo(200);
        assertThat(admin.keys("venue-co").path("keys")).extracting(k -> k.path("state").asText()).containsExactly("expired", "valid");
    }

    @Test
    void aRotationWithoutGraceStopsTheOldKeyAtOnce() throws Exception {
        open();
        String old = tenant("venue-co");
        String fresh = admin.rotate("venue-co", 0).path("api_key").asText();
        assertThat(sites(t, old)).isEqualTo(401);
        assertThat(sites(t, fresh)).isEqualTo(200);
    }

    @Test
    void aKeyCreatedWithAnExpiryStopsThen() throws Exception {
        open();
        tenant("venue-co");
        String key = admin.createKey("venue-co", 2).path("api_key").asText();
        assertThat(sites(t, key)).isEqualTo(200);
        t.clock.advance(Duration.ofHours(2));
        assertThat(sites(t, key)).isEqualTo(401);
    }

    @Test
    void unknownTenantsAndKeysAreUsageErrorsAndAWrongTokenIsRefused() throws Exception {
        open();
        assertThatThrownBy(() -> admin.keys("nobody")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant 'nobody' not found");
        assertThatThrownBy(() -> admin.revoke("key_nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not found");
        tenant("venue-co");
        assertThatThrownBy(() -> tenant("venue-co")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");
        AdminClient intruder = new AdminClient(new AdminFile.Endpoint(t.hub.adminUrl(), "x".repeat(43)));
        assertThatThrownBy(() -> intruder.keys("venue-co")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("admin token");
    }

    @Test
    void theAdminRoutesAreNotServedOnTheMainListener() throws Exception {
        open();
        assertThat(t.post("/admin/v1/tenants", null, "{\"name\":\"x\"}").status()).isEqualTo(404);
    }

    @Test
    void aDeletedSitesAgentIsCutOffAndWhatItMayHavePrintedIsUnknown() throws Exception {
        open();
        String key = tenant("venue-co");
        String site = t.site(key, "Main hall");
        String token = t.agent(key, site);
        String spareCode = t.code(key, site);
        String doc = t.upload(key, site, "application/pdf", "%PDF-1.4 ticket".getBytes()).json().path("id").asText();
        TestHub node = other();
        try (SseClient stream = node.stream("/agent/v1/stream?ping=5", token, null)) {
            assertThat(stream.status()).isEqualTo(200);
            String print = t.submit(key, site, "p1", TestHub.printOf(doc)).json().path("id").asText();
            await().atMost(WAIT).until(() -> stream.named("job").size() == 1);

            JsonNode r = admin.deleteSite(site, false);

            assertThat(r.path("unknown")).extracting(JsonNode::asText).containsExactly(print);
            assertThat(r.path("documents_removed").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(stream::ended);
            JsonNode job = t.get("/api/v1/jobs/" + print, key).json();
            assertThat(job.path("state").asText()).isEqualTo("unknown");
            assertThat(job.at("/result/outcome").asText()).isEqualTo("site_deleted");
        }
        assertThat(node.get("/agent/v1/poll", token).status()).isEqualTo(401);
        assertThat(t.post("/agent/v1/register", null, "{\"code\":\"" + spareCode + "\",\"agent_version\":\"t\"}").status()).isEqualTo(400);
        assertThat(t.get("/api/v1/sites/" + site, key).status()).isEqualTo(404);
        assertThat(t.get("/api/v1/sites", key).json().path("sites")).isEmpty();
        assertThat(t.submit(key, site, "p2", TestHub.payment(100, "p2")).status()).isEqualTo(404);
        assertThat(admin.deleteSite(site, false).path("already_deleted").asBoolean()).isTrue();
    }

    @Test
    void aDeletedSitesQueuedJobsFailSayingNothingWasCharged() throws Exception {
        open();
        String key = tenant("venue-co");
        String site = t.site(key, "Main hall");
        String queued = t.job(key, site, "q1");
        try (SseClient follower = t.stream("/api/v1/jobs/" + queued + "/events", key, null)) {
            JsonNode r = admin.deleteSite(site, false);

            assertThat(r.path("failed")).extracting(JsonNode::asText).containsExactly(queued);
            await().atMost(WAIT).until(follower::ended);
            assertThat(follower.named("state").getLast().data()).contains("\"failed\"").contains("site_deleted").contains("nothing was charged");
        }
    }

    @Test
    void aPaymentItsAgentMayBeRunningBlocksTheDeletionUntilItsResultOrForce() throws Exception {
        open();
        String key = tenant("venue-co");
        String site = t.site(key, "Main hall");
        String token = t.agent(key, site);
        String paying = t.job(key, site, "pay-1");
        assertThat(t.get("/agent/v1/poll", token).json().at("/events/0/data/id").asText()).isEqualTo(paying);

        assertThatThrownBy(() -> admin.deleteSite(site, false)).isInstanceOf(IOException.class)
                .hasMessageContaining(paying).hasMessageContaining("wait for their results");
        assertThat(t.get("/agent/v1/poll?after=0", token).status()).isEqualTo(200);   // nothing changed

        assertThat(t.post("/agent/v1/jobs/" + paying + "/result", token, "{\"state\":\"done\",\"result\":{}}").status()).isEqualTo(200);
        String next = t.job(key, site, "pay-2");
        t.post("/agent/v1/jobs/" + next + "/ack", token, "");
        assertThatThrownBy(() -> admin.deleteSite(site, false)).isInstanceOf(IOException.class).hasMessageContaining(next);

        JsonNode r = admin.deleteSite(site, true);

        assertThat(r.path("unknown")).extracting(JsonNode::asText).containsExactly(next);
        assertThat(t.get("/api/v1/jobs/" + paying, key).json().path("state").asText()).isEqualTo("done");
        assertThat(t.get("/api/v1/jobs/" + next, key).json().at("/result/message").asText()).contains("check the terminal");
    }

    @Test
    void pruningRemovesOnlyDoneAndFailedJobsPastTheAgeWithTheirDocumentsAndEmptiedSites() throws Exception {
        open();
        String key = tenant("venue-co");
        String site = t.site(key, "Main hall");
        String token = t.agent(key, site);
        String oldDoc = t.upload(key, site, "application/pdf", "%PDF old".getBytes()).json().path("id").asText();
        String keptDoc = t.upload(key, site, "application/pdf", "%PDF kept".getBytes()).json().path("id").asText();
        String done = finish(t, key, site, token, "done", TestHub.printOf(oldDoc));
        String failed = finish(t, key, site, token, "failed", TestHub.payment(100, "f"));
        String unknown = finish(t, key, site, token, "unknown", TestHub.payment(100, "u"));
        String running = t.job(key, site, "running");
        t.post("/agent/v1/jobs/" + running + "/events", token, "{\"type\":\"terminal_status\",\"status\":20,\"text\":\"waiting for the card\",\"message\":\"INSERT CARD\"}");
        String queued = t.submit(key, site, "queued", TestHub.printOf(keptDoc)).json().path("id").asText();
        String gone = t.site(key, "Closed hall");
        String goneJob = finish(t, key, gone, t.agent(key, gone), "done", TestHub.payment(5, "g"));
        admin.deleteSite(gone, false);

        t.clock.advance(Duration.ofDays(91));
        String recent = finish(t, key, site, token, "done", TestHub.payment(100, "r"));
        JsonNode p = admin.prune(0);

        assertThat(p.path("jobs").asLong()).isEqualTo(3);
        assertThat(p.path("events").asLong()).isGreaterThanOrEqualTo(9);
        assertThat(p.path("documents").asLong()).isEqualTo(1);
        assertThat(p.path("sites").asLong()).isEqualTo(1);
        for (String j : List.of(done, failed, goneJob)) assertThat(t.get("/api/v1/jobs/" + j, key).status()).as(j).isEqualTo(404);
        for (String j : List.of(unknown, running, queued, recent)) assertThat(t.get("/api/v1/jobs/" + j, key).status()).as(j).isEqualTo(200);
        assertThat(t.get("/api/v1/sites/" + site + "/documents/" + oldDoc, key).status()).isEqualTo(404);
        assertThat(t.get("/api/v1/sites/" + site + "/documents/" + keptDoc, key).status()).isEqualTo(200);
        assertThat(admin.prune(0).path("jobs").asLong()).isZero();
    }

    /** A job the agent took and ended in {@code state}. */
    private static String finish(TestHub h, String key, String site, String token, String state, com.fasterxml.jackson.databind.node.ObjectNode body)
            throws Exception {
        TestHub.Res r = h.submit(key, site, "k-" + state + "-" + System.nanoTime(), body);
        assertThat(r.status()).as(r.json().toString()).isEqualTo(201);
        String id = r.json().path("id").asText();
        h.post("/agent/v1/jobs/" + id + "/ack", token, "");
        assertThat(h.post("/agent/v1/jobs/" + id + "/result", token, "{\"state\":\"" + state + "\",\"result\":{}}").status()).isEqualTo(200);
        return id;
    }
}
