package tillbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {
    @TempDir
    Path dir;

    @Test
    void theNamedFileChangesEveryPeriodUntilClosed() throws Exception {
        Path file = dir.resolve("heartbeat");
        try (Heartbeat h = Heartbeat.start(Map.of(Heartbeat.ENV, file.toString()), Duration.ofMillis(20)).orElseThrow()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && !Files.readString(file).isBlank());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> Long.parseLong(Files.readString(file).strip()) >= 3);
        }
    }

    @Test
    void withoutTheVariableNothingBeats() {
        assertThat(Heartbeat.start(Map.of(), Duration.ofMillis(20))).isEmpty();
    }
}
