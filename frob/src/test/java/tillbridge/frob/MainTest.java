package tillbridge.frob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import tillbridge.common.io.Exit;

class MainTest {
    @Test
    void helpDocumentsEveryOptionAndExitCodeOnStdout() {
        var stdout = new ByteArrayOutputStream();
        assertThat(Main.commandLine(stdout).execute("--help")).isZero();
        assertThat(stdout.toString(UTF_8)).contains("--config", "--payment", "--device", "--ui", "--storage", "--channel-format",
                "--payment-timeout", "--verbose", "--quiet", "--help", "--version", "fd:N", "path:", "unix:", "tcp:host:port", "FROB_LOG");
        for (Exit e : Exit.values()) assertThat(stdout.toString(UTF_8)).containsPattern("(?m)^\\s+" + e.code + "\\s+\\S");
    }

    @Test
    void unknownOptionIsAUsageError() {
        var stdout = new ByteArrayOutputStream();
        assertThat(Main.commandLine(stdout).execute("--bogus")).isEqualTo(Exit.USAGE.code);
        assertThat(stdout.size()).isZero();
    }
}
