package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant B must not see or touch tenant A's sites or jobs, and gets 404 (not 403) so ids do not leak. */
class TenantIsolationTest {
    @TempDir
    Path dir;
    TestHub t;
    String a;
    String b;
    String siteA;
    String jobA;

    @BeforeEach
    void start() throws Exception {
        t = TestHub.start(dir);
        a = t.tenant("tenant-a");
        b = t.tenant("tenant-b");
        siteA = t.site(a, "A hall");
        jobA = t.job(a, siteA, "a-1");
        t.site(b, "B hall");
    }

    @AfterEach
    void stop() throws Exception {
        t.close();
    }

    @Test
    void otherTenantsSiteIs404Everywhere() throws Exception {
        assertThat(t.get("/api/v1/sites/" + siteA, b).status()).isEqualTo(404);
        assertThat(t.get("/api/v1/sites/" + siteA + "/jobs", b).status()).isEqualTo(404);
        assertThat(t.post("/api/v1/sites/" + siteA + "/registration-codes", b, "").status()).isEqualTo(404);
        assertThat(t.submit(b, siteA, "b-1", TestHub.payment(100, "x")).status()).isEqualTo(404);
    }

    @Test
    void otherTenantsJobIs404Everywhere() throws Exception {
        assertThat(t.get("/api/v1/jobs/" + jobA, b).status()).isEqualTo(404);
        SseClient s = t.stream("/api/v1/jobs/" + jobA + "/events", b, null);
        assertThat(s.status()).isEqualTo(404);
        s.close();
        assertThat(t.post("/api/v1/jobs/" + jobA + "/prompts/p1/answer", b, "{\"answer\":\"yes\"}").status()).isEqualTo(404);
    }

    @Test
    void listsShowOnlyOwnThings() throws Exception {
        var sitesB = t.get("/api/v1/sites", b).json().get("sites");
        assertThat(sitesB).hasSize(1);
        assertThat(sitesB.get(0).get("id").asText()).isNotEqualTo(siteA);
        String siteB = sitesB.get(0).get("id").asText();
        assertThat(t.get("/api/v1/sites/" + siteB + "/jobs", b).json().get("jobs")).isEmpty();
    }

    @Test
    void idempotencyKeysAreScopedPerTenant() throws Exception {
        String siteB = t.site(b, "B2");
        TestHub.Res r = t.submit(b, siteB, "a-1", TestHub.payment(1250, "a-1"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isNotEqualTo(jobA);
    }

    @Test
    void agentOfAnotherSiteCannotTouchTheJob() throws Exception {
        String siteB = t.get("/api/v1/sites", b).json().at("/sites/0/id").asText();
        String tokenB = t.agent(b, siteB);
        assertThat(t.post("/agent/v1/jobs/" + jobA + "/ack", tokenB, "").status()).isEqualTo(404);
        assertThat(t.post("/agent/v1/jobs/" + jobA + "/result", tokenB, "{\"state\":\"done\"}").status()).isEqualTo(404);
        assertThat(t.get("/agent/v1/poll", tokenB).json().get("events")).isEmpty();
    }
}
