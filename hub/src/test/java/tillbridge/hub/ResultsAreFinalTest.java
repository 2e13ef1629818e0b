package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A result, once accepted, is final; only `unknown` may be settled, once, by a recovered result. */
class ResultsAreFinalTest extends RegisteredAgentFixture {
    static final String APPROVED = "{\"state\":\"done\",\"result\":{\"outcome\":\"approved\",\"auth\":\"123456\"}}";
    static final String DECLINED = "{\"state\":\"failed\",\"result\":{\"outcome\":\"declined\"}}";
    static final String UNKNOWN = "{\"state\":\"unknown\",\"result\":{\"outcome\":\"unknown\",\"message\":\"terminal went silent\"}}";
    String job;

    @BeforeEach
    void runningJob() throws Exception {
        job = t.job(key, site, "j");
        t.post("/agent/v1/jobs/" + job + "/ack", token, "");
    }

    private TestHub.Res result(String body) throws Exception {
        return t.post("/agent/v1/jobs/" + job + "/result", token, body);
    }

    private static String recovered(String body) {
        return body.replaceFirst("^\\{", "{\"recovered\":true,");
    }

    @Test
    void theSameResultAgainIs200WithTheSameBody() throws Exception {
        TestHub.Res first = result(APPROVED);

        TestHub.Res again = result(APPROVED);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
    }

    @Test
    void aDifferentOutcomeIs409Json() throws Exception {
        result(APPROVED);

        TestHub.Res other = result(DECLINED);

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("error").asText()).isEqualTo("conflict");
        assertThat(other.error()).contains("different result");
        assertThat(t.get("/api/v1/jobs/" + job, key).json().get("state").asText()).isEqualTo("done");
    }

    @Test
    void aRecoveredResultCannotOverturnAKnownOne() throws Exception {
        result(DECLINED);

        assertThat(result(recovered(APPROVED)).status()).isEqualTo(409);
        assertThat(t.get("/api/v1/jobs/" + job, key).json().get("state").asText()).isEqualTo("failed");
    }

    @Test
    void unknownIsSettledOnceByARecoveredResult() throws Exception {
        assertThat(result(UNKNOWN).status()).isEqualTo(200);
        assertThat(result(APPROVED).status()).as("not marked recovered").isEqualTo(409);

        TestHub.Res settled = result(recovered(APPROVED));

        assertThat(settled.status()).isEqualTo(200);
        assertThat(settled.json().get("state").asText()).isEqualTo("done");
        assertThat(settled.json().at("/result/auth").asText()).isEqualTo("123456");
        assertThat(result(recovered(APPROVED)).json()).as("repeat").isEqualTo(settled.json());
        assertThat(result(UNKNOWN).status()).as("late repeat of the first post").isEqualTo(200);
        assertThat(result(recovered(DECLINED)).status()).as("settled once only").isEqualTo(409);
        assertThat(t.get("/api/v1/jobs/" + job, key).json().get("state").asText()).isEqualTo("done");
    }

    @Test
    void theBoxOfficeSeesTheRecoveryAsAnEvent() throws Exception {
        result(UNKNOWN);
        result(recovered(DECLINED));

        try (SseClient s = t.stream("/api/v1/jobs/" + job + "/events", key, null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> s.named("state").size() >= 4);
            List<SseClient.Event> states = s.named("state");
            JsonNode last = TestHub.JSON.readTree(states.getLast().data());
            assertThat(last.at("/data/state").asText()).isEqualTo("failed");
            assertThat(last.at("/data/recovered").asBoolean()).isTrue();
            assertThat(last.at("/data/was").asText()).isEqualTo("unknown");
        }
    }

    @Test
    void aRecoveredResultMustSettle() throws Exception {
        assertThat(result(recovered(UNKNOWN)).status()).isEqualTo(400);
        assertThat(result("{\"state\":\"done\",\"recovered\":\"yes\"}").status()).isEqualTo(400);
    }
}
