package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentStreamTest extends RegisteredAgentFixture {
    static final Duration WAIT = Duration.ofSeconds(10);

    static JsonNode data(SseClient.Event e) throws Exception {
        return TestHub.JSON.readTree(e.data());
    }

    @Test
    void deliversQueuedAndLiveJobs() throws Exception {
        String before = t.job(key, site, "before");
        try (SseClient s = t.stream("/agent/v1/stream", token, null)) {
            assertThat(s.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> s.named("job").size() == 1);
            String live = t.job(key, site, "live");
            await().atMost(WAIT).until(() -> s.named("job").size() == 2);

            List<SseClient.Event> jobs = s.named("job");
            assertThat(data(jobs.get(0)).get("id").asText()).isEqualTo(before);
            assertThat(data(jobs.get(1)).get("id").asText()).isEqualTo(live);
            assertThat(data(jobs.get(1)).get("state").asText()).isEqualTo("delivered");
            assertThat(Long.parseLong(jobs.get(1).id())).isGreaterThan(Long.parseLong(jobs.get(0).id()));
            assertThat(t.get("/api/v1/jobs/" + live, key).json().get("state").asText()).isEqualTo("delivered");
        }
    }

    @Test
    void pingsArriveAtTheRequestedPeriod() throws Exception {
        try (SseClient s = t.stream("/agent/v1/stream?ping=1", token, null)) {
            await().atMost(WAIT).until(() -> s.named("ping").size() >= 3);
            assertThat(data(s.named("ping").get(0)).get("at").asText()).isNotEmpty();
            assertThat(s.named("ping").get(0).id()).isNull();   // pings do not move Last-Event-ID
        }
    }

    /** An idle stream's pings cost the database nothing: at 10,000 streams a query per ping would drain the pool. */
    @Test
    void pingsOfAnIdleStreamTakeNoDatabaseConnection() throws Exception {
        try (SseClient s = t.stream("/agent/v1/stream?ping=1", token, null)) {
            await().atMost(WAIT).until(() -> s.named("ping").size() >= 1);
            long before = acquisitions();
            int pings = s.named("ping").size();
            await().atMost(WAIT).until(() -> s.named("ping").size() >= pings + 3);
            // a pass per ping would take at least 3 more; the scrape itself counts the jobs by state once
            assertThat(acquisitions()).isLessThan(before + 3);
        }
    }

    private long acquisitions() throws Exception {
        return t.metrics(t.base).body().lines().filter(l -> l.startsWith("hikaricp_connections_acquire_seconds_count"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void pingOutsideBoundsIs400() throws Exception {
        SseClient s = t.stream("/agent/v1/stream?ping=0", token, null);
        assertThat(s.status()).isEqualTo(400);
        s.close();
        SseClient s2 = t.stream("/agent/v1/stream?ping=301", token, null);
        assertThat(s2.status()).isEqualTo(400);
        s2.close();
    }

    @Test
    void reconnectResendsUnacknowledgedButNotAcknowledgedJobs() throws Exception {
        String acked = t.job(key, site, "acked");
        String unacked = t.job(key, site, "unacked");
        String lastId;
        try (SseClient s = t.stream("/agent/v1/stream", token, null)) {
            await().atMost(WAIT).until(() -> s.named("job").size() == 2);
            assertThat(t.post("/agent/v1/jobs/" + acked + "/ack", token, "").json().get("state").asText()).isEqualTo("accepted");
            lastId = s.named("job").get(1).id();
        }
        try (SseClient s = t.stream("/agent/v1/stream", token, lastId)) {
            await().atMost(WAIT).until(() -> s.named("job").size() == 1);
            SseClient.Event resent = s.named("job").get(0);
            assertThat(data(resent).get("id").asText()).isEqualTo(unacked);
            assertThat(Long.parseLong(resent.id())).isGreaterThan(Long.parseLong(lastId));   // ids only grow
            String next = t.job(key, site, "next");
            await().atMost(WAIT).until(() -> s.named("job").size() == 2);
            assertThat(data(s.named("job").get(1)).get("id").asText()).isEqualTo(next);
        }
    }

    @Test
    void aNewStreamReplacesTheOldOne() throws Exception {
        try (SseClient first = t.stream("/agent/v1/stream", token, null)) {
            assertThat(first.status()).isEqualTo(200);
            try (SseClient second = t.stream("/agent/v1/stream", token, null)) {
                assertThat(second.status()).isEqualTo(200);
                await().atMost(WAIT).until(first::ended);
                String job = t.job(key, site, "after-replace");
                await().atMost(WAIT).until(() -> second.named("job").size() == 1);
                assertThat(data(second.named("job").get(0)).get("id").asText()).isEqualTo(job);
            }
        }
    }

    @Test
    void promptAnswersReachTheAgentStream() throws Exception {
        String job = t.job(key, site, "p");
        try (SseClient s = t.stream("/agent/v1/stream", token, null)) {
            await().atMost(WAIT).until(() -> s.named("job").size() == 1);
            t.post("/agent/v1/jobs/" + job + "/ack", token, "");
            t.post("/agent/v1/jobs/" + job + "/events", token, "{\"type\":\"prompt\",\"prompt\":\"sig\",\"text\":\"Signature OK?\",\"answers\":[\"yes\",\"no\"]}");

            TestHub.Res a = t.post("/api/v1/jobs/" + job + "/prompts/sig/answer", key, "{\"answer\":\"yes\"}");

            assertThat(a.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> s.named("answer").size() == 1);
            JsonNode answer = data(s.named("answer").get(0));
            assertThat(answer.get("job_id").asText()).isEqualTo(job);
            assertThat(answer.get("prompt").asText()).isEqualTo("sig");
            assertThat(answer.get("answer").asText()).isEqualTo("yes");
            assertThat(t.post("/api/v1/jobs/" + job + "/prompts/sig/answer", key, "{\"answer\":\"yes\"}").status()).isEqualTo(200);
            assertThat(t.post("/api/v1/jobs/" + job + "/prompts/sig/answer", key, "{\"answer\":\"no\"}").status()).isEqualTo(409);
            assertThat(t.post("/api/v1/jobs/" + job + "/prompts/other/answer", key, "{\"answer\":\"no\"}").status()).isEqualTo(404);
        }
    }
}
