package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** {@code reprint_of}: an earlier print job of the same site, checked by the hub and shown in the job. */
class ReprintTest extends SiteFixture {
    static ObjectNode ticket(String text) {
        return TestHub.JSON.createObjectNode().put("type", "print").put("content_type", "text/plain").put("content", text);
    }

    String printJob(String site, String k) throws Exception {
        TestHub.Res r = t.submit(key, site, k, ticket("Row 4 seat 12"));
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void aReprintOfAPrintJobOfTheSameSiteIsTakenAndShown() throws Exception {
        String original = printJob(site, "t-1");
        TestHub.Res r = t.submit(key, site, "t-1-again", ticket("Row 4 seat 12").put("reprint_of", original));
        assertThat(r.status()).isEqualTo(201);
        String reprint = r.json().get("id").asText();
        assertThat(reprint).isNotEqualTo(original);
        assertThat(t.get("/api/v1/jobs/" + reprint, key).json().at("/request/reprint_of").asText()).isEqualTo(original);
    }

    @Test
    void aReprintOfAnUnknownJobIs400() throws Exception {
        TestHub.Res r = t.submit(key, site, "k", ticket("x").put("reprint_of", "job_nosuch"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("field 'reprint_of': no job 'job_nosuch'");
    }

    @Test
    void aReprintOfAnotherSitesJobIs400() throws Exception {
        String other = t.site(key, "Second hall");
        String original = printJob(other, "o-1");
        TestHub.Res r = t.submit(key, site, "k", ticket("x").put("reprint_of", original));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("belongs to another site");
    }

    @Test
    void aReprintOfAnotherTenantsJobIsAsUnknownAsNoJob() throws Exception {
        String otherKey = t.tenant("other-co");
        String theirs = t.submit(otherKey, t.site(otherKey, "Their hall"), "x", ticket("x")).json().get("id").asText();
        TestHub.Res r = t.submit(key, site, "k", ticket("x").put("reprint_of", theirs));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("field 'reprint_of': no job '" + theirs + "'");
    }

    @Test
    void aReprintOfAPaymentIs400() throws Exception {
        String payment = t.job(key, site, "pay-1");
        TestHub.Res r = t.submit(key, site, "k", ticket("x").put("reprint_of", payment));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("is a payment job, not a print job");
    }
}
