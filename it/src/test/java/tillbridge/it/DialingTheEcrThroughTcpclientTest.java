package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Sale;

/**
 * The reverse direction: frob dials the ECR through {@code tcpclient} (a UCSPI client), which
 * hands frob the connection on descriptors 6 and 7. The test listens as the ECR.
 */
class DialingTheEcrThroughTcpclientTest {
    @TempDir
    Path dir;

    @Test
    void frobDialsTheEcrAnswersItAndLogsTheUcspiEnvironment() throws Exception {
        Path log = dir.resolve("frob.log");
        int port = LowPorts.free();
        try (ServerSocket ecrSide = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            ecrSide.setSoTimeout((int) EcrFrames.WAIT.toMillis());
            Process tcpclient = Programs.start(log, List.of("tcpclient", "-v", "-R", "-H", "127.0.0.1", Integer.toString(port),
                    Programs.bin("frob").toString(), "--ucspi-client"));
            try (Socket s = ecrSide.accept()) {
                Wire ecr = new Wire(s.getInputStream(), s.getOutputStream());
                Packet t2 = EcrFrames.exchange(ecr, EcrFrames.t1("2711"), "T2");
                assertThat(t2.token()).isEqualTo("2711");
                Packet s2 = EcrFrames.exchange(ecr, EcrFrames.sale("2713", 1200), "S2");
                assertThat(EcrFrames.result(s2)).isEqualTo(Sale.End.UNAVAILABLE);
                s.shutdownOutput(); // the ECR hangs up: frob ends, and tcpclient with it
                assertThat(tcpclient.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                Programs.stop(tcpclient);
            }
            assertThat(tcpclient.exitValue()).as(Programs.read(log)).isZero();
        }
        assertThat(Programs.read(log)).contains("TCPREMOTEIP=127.0.0.1", "TCPREMOTEPORT=" + port, "descriptors 6 and 7");
    }

    @Test
    void withoutAUcspiClientTheMissingDescriptorsAreNamed() throws Exception {
        Run r = Run.of(dir, 60, Programs.command("frob", "--ucspi-client"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(111);
        assertThat(r.err()).contains("--ucspi-client: descriptor 6").contains("run under tcpclient");
        assertThat(r.out()).isEmpty();
    }
}
