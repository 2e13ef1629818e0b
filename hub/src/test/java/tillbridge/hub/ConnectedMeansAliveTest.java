package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Site status `connected` follows agent requests (heartbeats), not the TCP connection. */
class ConnectedMeansAliveTest extends RegisteredAgentFixture {
    static final Duration WAIT = Duration.ofSeconds(10);

    private JsonNode status() throws Exception {
        return t.get("/api/v1/sites/" + site, key).json();
    }

    @Test
    void heartbeatIs204AndCountsAsSeen() throws Exception {
        assertThat(status().get("connected").asBoolean()).isFalse();

        TestHub.Res r = t.post("/agent/v1/heartbeat", token, "");

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.raw().body()).isEmpty();
        assertThat(status().get("connected").asBoolean()).isTrue();
        assertThat(status().get("last_seen_at").asText()).isNotEmpty();
    }

    @Test
    void heartbeatNeedsTheAgentToken() throws Exception {
        assertThat(t.post("/agent/v1/heartbeat", null, "").status()).isEqualTo(401);
        assertThat(t.post("/agent/v1/heartbeat", "not-a-token", "").status()).isEqualTo(401);
    }

    @Test
    void anOpenButSilentStreamStopsCountingAfterTheIdleLimit() throws Exception {
        try (SseClient s = t.stream("/agent/v1/stream", token, null)) {
            assertThat(s.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> status().get("connected").asBoolean());

            t.clock.advance(Duration.ofSeconds(151));   // the agent died; its TCP connection lingers

            JsonNode st = status();
            assertThat(st.get("connected").asBoolean()).isFalse();
            assertThat(st.get("connection").asText()).isEqualTo("stream");
            assertThat(s.ended()).isFalse();

            assertThat(t.post("/agent/v1/heartbeat", token, "").status()).isEqualTo(204);
            assertThat(status().get("connected").asBoolean()).isTrue();
        }
    }

    @Test
    void aResultPostCountsAsSeen() throws Exception {
        String job = t.job(key, site, "j1");
        t.clock.advance(Duration.ofSeconds(600));

        t.post("/agent/v1/jobs/" + job + "/result", token, "{\"state\":\"done\",\"result\":{\"outcome\":\"approved\"}}");

        assertThat(status().get("connected").asBoolean()).isTrue();
    }
}
