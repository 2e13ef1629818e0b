package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.io.Exit;
import tillbridge.nexo.sim.NexoSim;

/** nexo-sim's failures to start: one line each, configuration exit 100, environment exit 111; never a stack trace. */
@Timeout(60) // a start that succeeds runs until killed: fail instead of hanging
class NexoSimStartTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return NexoSim.run(args);
        } finally {
            System.setErr(old);
        }
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBusyPortIsExit111NamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run("--tcp", "127.0.0.1:" + taken.getLocalPort())).isEqualTo(Exit.SYSTEM.code);
            assertThat(err()).contains("nexo-sim: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aMissingKeyStoreIsConfiguration() {
        Path missing = dir.resolve("missing.p12");
        assertThat(run("--https", "127.0.0.1:0", "--tls-keystore", missing.toString())).isEqualTo(Exit.USAGE.code);
        assertThat(err().strip()).startsWith("nexo-sim: --tls-keystore " + missing + ": ").contains("missing.p12")
                .doesNotContain("Exception").doesNotContain("\n");
    }

    @Test
    void aWrongKeyStorePasswordIsConfiguration() throws Exception {
        TestCerts.Poi poi = TestCerts.make(dir, "poi");
        assertThat(run("--https", "127.0.0.1:0", "--tls-keystore", poi.keystore().toString(), "--tls-password", "wrong")).isEqualTo(Exit.USAGE.code);
        assertThat(err().strip()).isEqualTo("nexo-sim: --tls-keystore " + poi.keystore() + ": wrong password (or not a key store)");
    }

    @Test
    void theOldKeyStoreOptionStillWorksAndWarns() throws Exception {
        TestCerts.Poi poi = TestCerts.make(dir, "poi");
        assertThat(run("--https", "127.0.0.1:0", "--keystore", poi.keystore().toString(), "--keystore-password", "wrong")).isEqualTo(Exit.USAGE.code);
        assertThat(err()).contains("nexo-sim: --keystore is deprecated; use --tls-keystore")
                .contains("nexo-sim: --keystore-password is deprecated; use --tls-password")
                .contains("wrong password");
    }

    @Test
    void aBadAddressIsAUsageError() {
        assertThat(run("--tcp", "127.0.0.1:http")).isEqualTo(Exit.USAGE.code);
        assertThat(err()).contains("--tcp needs HOST:PORT");
    }
}
