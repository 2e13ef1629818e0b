package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hub that admits one agent connection a second answers the others 503 with Retry-After. */
class OverloadTest {
    @TempDir
    Path dir;

    @Test
    void connectionsBeyondTheAdmissionRateAreToldWhenToComeBack() throws Exception {
        try (TestHub t = TestHub.start(dir, c -> c.withAdmission(new Admission(1, 64, 7)))) {
            String key = t.tenant("venue-co");
            String token = t.agent(key, t.site(key, "Main hall"));
            List<CompletableFuture<TestHub.Res>> polls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                polls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return t.get("/agent/v1/poll", token);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            // admitted polls answer 200 or, superseded by a newer one of the same token, 409
            List<TestHub.Res> refused = polls.stream().map(CompletableFuture::join).filter(r -> r.status() == 503).toList();
            assertThat(refused).hasSizeBetween(1, 9).allSatisfy(r -> {
                assertThat(r.json().path("error").asText()).isEqualTo("overloaded");
                assertThat(Integer.parseInt(r.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 7);
            });
        }
    }
}
