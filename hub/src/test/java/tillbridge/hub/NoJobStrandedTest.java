package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job goes to the agent's newest connection: a long poll whose client has given up (proxy
 * closed it, agent restarted) must not take it. The hub here holds polls for 60 s.
 */
class NoJobStrandedTest extends RegisteredAgentFixture {
    static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeEach
    void longPolls() throws Exception {
        t.close();
        t = TestHub.start(dir, c -> c.withTimings(TestHub.fastTimings().withPollTimeout(Duration.ofSeconds(60))));
    }

    @Test
    void aJobReachesTheNewStreamNotAnAbandonedPoll() throws Exception {
        try (HttpClient gaveUp = HttpClient.newHttpClient()) {
            HttpRequest poll = t.request("/agent/v1/poll", token).timeout(Duration.ofSeconds(2)).GET().build();
            CompletableFuture<HttpResponse<String>> abandoned = gaveUp.sendAsync(poll, HttpResponse.BodyHandlers.ofString());
            await().atMost(WAIT).until(abandoned::isDone);
            assertThat(abandoned).failsWithin(Duration.ZERO).withThrowableThat().havingRootCause().isInstanceOf(HttpTimeoutException.class);
        }
        try (SseClient s = t.stream("/agent/v1/stream", token, null)) {
            assertThat(s.status()).isEqualTo(200);

            String job = t.job(key, site, "after-abandoned-poll");

            await().atMost(WAIT).until(() -> s.named("job").size() == 1);
            assertThat(AgentStreamTest.data(s.named("job").getFirst()).get("id").asText()).isEqualTo(job);
            await().atMost(WAIT).until(() -> t.get("/api/v1/jobs/" + job, key).json().get("state").asText().equals("delivered"));
        }
    }

    @Test
    void aNewerPollSupersedesAWaitingOne() throws Exception {
        CompletableFuture<TestHub.Res> older = CompletableFuture.supplyAsync(() -> get("/agent/v1/poll?after=0"));
        await().atMost(WAIT).until(() -> t.hub.polls() == 1);

        CompletableFuture<TestHub.Res> newer = CompletableFuture.supplyAsync(() -> get("/agent/v1/poll?after=0"));

        TestHub.Res refused = older.get(20, TimeUnit.SECONDS);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("superseded");
        String job = t.job(key, site, "to-newer");
        assertThat(newer.get(20, TimeUnit.SECONDS).json().at("/events/0/data/id").asText()).isEqualTo(job);
    }

    @Test
    void aStreamSupersedesAWaitingPoll() throws Exception {
        CompletableFuture<TestHub.Res> older = CompletableFuture.supplyAsync(() -> get("/agent/v1/poll?after=0"));
        await().atMost(WAIT).until(() -> t.hub.polls() == 1);

        try (SseClient s = t.stream("/agent/v1/stream", token, null)) {
            assertThat(older.get(20, TimeUnit.SECONDS).status()).isEqualTo(409);
            assertThat(s.status()).isEqualTo(200);
        }
    }

    @Test
    void aStoppingHubAnswersWaitingPolls503() throws Exception {
        CompletableFuture<TestHub.Res> waiting = CompletableFuture.supplyAsync(() -> get("/agent/v1/poll?after=0"));
        await().atMost(WAIT).until(() -> t.hub.polls() == 1);

        t.hub.close();

        TestHub.Res r = waiting.get(20, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("error").asText()).isEqualTo("unavailable");
        t = t.restart();
    }

    private TestHub.Res get(String path) {
        try {
            return t.get(path, token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
