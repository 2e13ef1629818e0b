package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz on one H2 node: the database is checked, and there is no listener to report. */
class HealthzTest {
    @TempDir
    Path dir;

    @Test
    void aHealthyNodeAnswers200NamingItselfAndItsDatabase() throws Exception {
        try (TestHub t = TestHub.start(dir, c -> c.withOps(new HubConfig.Ops("node-7", null)))) {
            TestHub.Res h = t.get("/healthz", null);

            assertThat(h.status()).isEqualTo(200);
            assertThat(h.json().get("ok").asBoolean()).isTrue();
            assertThat(h.json().get("node").asText()).isEqualTo("node-7");
            assertThat(h.json().at("/database/ok").asBoolean()).isTrue();
            assertThat(h.json().at("/database/kind").asText()).isEqualTo("h2");
            assertThat(h.json().has("listener")).isFalse();
            assertThat(h.json().get("problems")).isEmpty();
        }
    }
}
