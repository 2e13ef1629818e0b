package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hub under test answers an empty long poll after 1 s (TestHub.fastTimings). */
class LongPollTest extends RegisteredAgentFixture {
    @Test
    void returnsAPendingJobImmediately() throws Exception {
        String job = t.job(key, site, "j1");

        JsonNode r = t.get("/agent/v1/poll", token).json();

        assertThat(r.get("events")).hasSize(1);
        assertThat(r.at("/events/0/event").asText()).isEqualTo("job");
        assertThat(r.at("/events/0/data/id").asText()).isEqualTo(job);
        assertThat(r.get("last_event_id").asLong()).isEqualTo(r.at("/events/0/id").asLong());
    }

    @Test
    void returnsEmptyAfterTheTimeout() throws Exception {
        TestHub.Res r = t.get("/agent/v1/poll?after=0", token);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("events")).isEmpty();
        assertThat(r.json().get("last_event_id").asLong()).isEqualTo(0);
    }

    @Test
    void afterSkipsWhatWasReceivedButResendsUnacknowledgedWithoutIt() throws Exception {
        String job = t.job(key, site, "j1");
        long last = t.get("/agent/v1/poll", token).json().get("last_event_id").asLong();

        assertThat(t.get("/agent/v1/poll?after=" + last, token).json().get("events")).isEmpty();
        JsonNode again = t.get("/agent/v1/poll", token).json();   // agent restarted: no cursor
        assertThat(again.at("/events/0/data/id").asText()).isEqualTo(job);

        t.post("/agent/v1/jobs/" + job + "/ack", token, "");
        assertThat(t.get("/agent/v1/poll", token).json().get("events")).isEmpty();
    }

    @Test
    void aWaitingPollAnswersWhenAJobArrives() throws Exception {
        // a hub whose poll waits long, so that only the new job can end it
        t.close();
        t = TestHub.start(dir, c -> c.withTimings(TestHub.fastTimings().withPollTimeout(java.time.Duration.ofSeconds(60))));
        CompletableFuture<TestHub.Res> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return t.get("/agent/v1/poll?after=0", token);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> t.get("/api/v1/sites/" + site, key).json().get("connected").asBoolean());

        String job = t.job(key, site, "arrives");

        JsonNode r = poll.get(20, java.util.concurrent.TimeUnit.SECONDS).json();
        assertThat(r.at("/events/0/data/id").asText()).isEqualTo(job);
    }
}
