package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLifecycleTest extends RegisteredAgentFixture {
    static final Duration WAIT = Duration.ofSeconds(10);

    private String state(String job) throws Exception {
        return t.get("/api/v1/jobs/" + job, key).json().get("state").asText();
    }

    @Test
    void walksQueuedDeliveredAcceptedRunningDone() throws Exception {
        String job = t.job(key, site, "j");
        assertThat(state(job)).isEqualTo("queued");
        t.get("/agent/v1/poll", token);
        assertThat(state(job)).isEqualTo("delivered");
        t.post("/agent/v1/jobs/" + job + "/ack", token, "");
        assertThat(state(job)).isEqualTo("accepted");
        t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"terminal_status\",\"status\":20,\"text\":\"waiting for the card\",\"message\":\"INSERT CARD\"}");
        assertThat(state(job)).isEqualTo("running");
        TestHub.Res done = t.post("/agent/v1/jobs/" + job + "/result", token, "{\"state\":\"done\",\"result\":{\"approved\":true,\"auth\":\"123456\"}}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(state(job)).isEqualTo("done");
        assertThat(t.get("/api/v1/jobs/" + job, key).json().at("/result/auth").asText()).isEqualTo("123456");
    }

    @Test
    void resultIsIdempotentAndADifferentOneIs409() throws Exception {
        String job = t.job(key, site, "j");
        t.post("/agent/v1/jobs/" + job + "/ack", token, "");
        String result = "{\"state\":\"failed\",\"result\":{\"reason\":\"declined\",\"code\":\"05\"}}";
        assertThat(t.post("/agent/v1/jobs/" + job + "/result", token, result).status()).isEqualTo(200);
        // same result, fields in another order
        assertThat(t.post("/agent/v1/jobs/" + job + "/result", token, "{\"result\":{\"code\":\"05\",\"reason\":\"declined\"},\"state\":\"failed\"}").status())
                .isEqualTo(200);
        TestHub.Res other = t.post("/agent/v1/jobs/" + job + "/result", token, "{\"state\":\"done\",\"result\":{}}");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.error()).contains("different result");
        assertThat(t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"terminal_status\",\"status\":20,\"text\":\"waiting for the card\",\"message\":\"INSERT CARD\"}").status()).isEqualTo(409);
        assertThat(t.post("/agent/v1/jobs/" + job + "/result", token, "{\"state\":\"running\"}").status()).isEqualTo(400);
    }

    @Test
    void reservedUnknownOrMalformedEventsAre400NamingTheField() throws Exception {
        String job = t.job(key, site, "j");
        assertThat(t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"state\"}").status()).isEqualTo(400);
        assertThat(t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"Bad Type\"}").status()).isEqualTo(400);
        assertThat(t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"prompt\"}").error()).contains("'prompt'");
        assertThat(t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"terminal_chat\"}").error()).as("only the contract's kinds")
                .contains("'type'").contains("terminal_status");
        assertThat(t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"print_sending\",\"printer\":\"bar\",\"pan\":\"4111\"}").error())
                .contains("unknown field 'pan'");
    }

    @Test
    void boxOfficeStreamReplaysThenFollowsLiveUntilTheEnd() throws Exception {
        String job = t.job(key, site, "j");
        try (SseClient s = t.stream("/api/v1/jobs/" + job + "/events", key, null)) {
            await().atMost(WAIT).until(() -> s.named("state").size() == 1);   // replay: queued
            t.get("/agent/v1/poll", token);
            t.post("/agent/v1/jobs/" + job + "/ack", token, "");
            t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"terminal_status\",\"status\":90,\"text\":\"PIN\",\"message\":\"\"}");
            await().atMost(WAIT).until(() -> s.named("terminal_status").size() == 1);
            t.post("/agent/v1/jobs/" + job + "/result", token, "{\"state\":\"done\",\"result\":{\"approved\":true}}");
            await().atMost(WAIT).until(s::ended);

            List<String> states = s.named("state").stream().map(e -> {
                try {
                    return TestHub.JSON.readTree(e.data()).at("/data/state").asText();
                } catch (Exception x) {
                    throw new RuntimeException(x);
                }
            }).toList();
            assertThat(states).containsExactly("queued", "delivered", "accepted", "running", "done");
            JsonNode status = TestHub.JSON.readTree(s.named("terminal_status").get(0).data());
            assertThat(status.at("/data/text").asText()).isEqualTo("PIN");
        }
    }

    @Test
    void boxOfficeStreamResumesAfterLastEventId() throws Exception {
        String job = t.job(key, site, "j");
        t.get("/agent/v1/poll", token);   // event 2: delivered
        try (SseClient s = t.stream("/api/v1/jobs/" + job + "/events", key, "1")) {
            await().atMost(WAIT).until(() -> !s.named("state").isEmpty());
            assertThat(s.named("state").get(0).id()).isEqualTo("2");
        }
    }
}
