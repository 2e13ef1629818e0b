package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registration code past its lifetime is refused (hub started with a 1 s code lifetime). */
class RegistrationExpiryTest {
    @TempDir
    static Path dir;
    private static Cloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Cloud(dir, List.of(), List.of("--code-validity", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) cloud.close();
    }

    @Test
    void anExpiredCodeIsRefusedWith410() throws Exception {
        String site = cloud.createSite("expiry");
        String code = cloud.registrationCode(site);
        Thread.sleep(Duration.ofMillis(1500)); // the code lives 1 s
        Path agentDir = cloud.agentDir("agent-expired");
        Run r = cloud.register(agentDir, code);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("HTTP 410").contains("expired").contains("ask the box office for a new one");
        assertThat(agentDir.resolve("credentials.json")).doesNotExist();
    }

    @Test
    void anUnknownCodeIsRefusedWith400() throws Exception {
        Run r = cloud.register(cloud.agentDir("agent-unknown"), "00000-00000");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("HTTP 400");
    }

    @Test
    void plainHttpToAHubOffThisMachineIsRefusedBeforeAnythingIsSent() throws Exception {
        Run r = Run.of(dir, 60, Programs.command("agent", "register", "--hub", "http://hub.example.com", "--code", "ABCDE-FGHJK",
                "--config-dir", dir.resolve("agent-http").toString()));
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err()).contains("must use https://");
    }
}
