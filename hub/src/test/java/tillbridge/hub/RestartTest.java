package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
    @TempDir
    Path dir;

    @Test
    void restartOnTheSameDataDirKeepsJobsTokensAndKeys() throws Exception {
        TestHub t = TestHub.start(dir);
        String key = t.tenant("venue-co");
        String site = t.site(key, "Main hall");
        String token = t.agent(key, site);
        String delivered = t.job(key, site, "delivered");
        t.get("/agent/v1/poll", token);
        String queued = t.job(key, site, "queued");
        t.close();

        TestHub again = t.restart();
        try {
            assertThat(again.get("/api/v1/jobs/" + delivered, key).json().get("state").asText()).isEqualTo("delivered");
            assertThat(again.get("/api/v1/jobs/" + queued, key).json().get("state").asText()).isEqualTo("queued");
            try (SseClient s = again.stream("/agent/v1/stream", token, null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> s.named("job").size() == 2);
            }
            // the same Idempotency-Key still finds the same job
            assertThat(again.submit(key, site, "queued", TestHub.payment(1250, "queued")).json().get("id").asText()).isEqualTo(queued);
        } finally {
            again.close();
        }
    }
}
