package tillbridge.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiGuardTest {
    @TempDir
    Path dir;

    @Test
    void readingNeedsOnlyAHostThatIsThisServerByAddressOrLocalhost() throws Exception {
        UiSecret s = UiSecret.loadOrCreate(dir);
        assertThat(UiGuard.refusal("GET", "127.0.0.1:8765", null, null, s, 8765)).isEmpty();
        assertThat(UiGuard.refusal("GET", "localhost:8765", null, null, s, 8765)).isEmpty();
        assertThat(UiGuard.refusal("GET", "[::1]:8765", null, null, s, 8765)).isEmpty();
        // a DNS name pointed at 127.0.0.1 by another site (DNS rebinding), a wrong port, no Host
        assertThat(UiGuard.refusal("GET", "evil.example.com:8765", null, null, s, 8765)).contains("unexpected Host header");
        assertThat(UiGuard.refusal("GET", "127.0.0.1:8080", null, null, s, 8765)).isPresent();
        assertThat(UiGuard.refusal("GET", "127.0.0.1", null, null, s, 8765)).isPresent();
        assertThat(UiGuard.refusal("GET", null, null, null, s, 8765)).isPresent();
    }

    @Test
    void changingNeedsTheSecretAndNoForeignOrigin() throws Exception {
        UiSecret s = UiSecret.loadOrCreate(dir);
        assertThat(UiGuard.refusal("POST", "127.0.0.1:8765", "http://127.0.0.1:8765", s.value(), s, 8765)).isEmpty();
        assertThat(UiGuard.refusal("POST", "127.0.0.1:8765", null, s.value(), s, 8765)).isEmpty();
        assertThat(UiGuard.refusal("POST", "127.0.0.1:8765", "http://127.0.0.1:8765", null, s, 8765))
                .contains("the request does not carry this agent's secret");
        assertThat(UiGuard.refusal("POST", "127.0.0.1:8765", null, "0".repeat(64), s, 8765)).isPresent();
        assertThat(UiGuard.refusal("POST", "127.0.0.1:8765", "https://evil.example.com", s.value(), s, 8765))
                .contains("request from another origin");
    }

    @Test
    void theSecretIsRandomKeptOwnerOnlyAndTheSameAtTheNextStart() throws Exception {
        UiSecret a = UiSecret.loadOrCreate(dir);
        assertThat(a.value()).matches("[0-9a-f]{64}");
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve(UiSecret.FILE)))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(UiSecret.loadOrCreate(dir).value()).isEqualTo(a.value());
        assertThat(a.toString()).doesNotContain(a.value());
    }
}
