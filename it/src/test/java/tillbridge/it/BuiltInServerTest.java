package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;
import tillbridge.protocol.Packet;

/**
 * {@code frob --listen}: one process serves every ECR connection, a session each on a virtual
 * thread, with terminal-sim as the payment application behind it; one transaction at a time
 * across its sessions (the in-process lock).
 */
class BuiltInServerTest {
    @TempDir
    static Path dir;
    private static Process terminal;
    private static Process frob;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Path sock = dir.resolve("payment.sock");
        terminal = Programs.start(dir.resolve("terminal-sim.log"),
                Programs.command("terminal-sim", "--listen", "unix:" + sock, "--step-ms", "20", "--slow-ms", "8000"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sock));
        port = LowPorts.free();
        frob = Programs.start(dir.resolve("frob.log"), Programs.command("frob", "--listen", "127.0.0.1:" + port, "--payment", "unix:" + sock));
        Programs.awaitListening(port);
    }

    @AfterAll
    static void stop() throws Exception {
        Programs.stop(frob);
        Programs.stop(terminal);
    }

    @Test
    void twoConcurrentConnectionsEachGetTheirT2() throws Exception {
        try (Socket a = connect(); Socket b = connect()) {
            Wire ecrA = new Wire(a.getInputStream(), a.getOutputStream());
            Wire ecrB = new Wire(b.getInputStream(), b.getOutputStream());
            // both connections are open at once: a one-session process would not answer the second
            Packet t2b = EcrFrames.exchange(ecrB, EcrFrames.t1("2B11"), "T2");
            Packet t2a = EcrFrames.exchange(ecrA, EcrFrames.t1("2A11"), "T2");
            assertThat(t2a.token()).isEqualTo("2A11");
            assertThat(t2b.token()).isEqualTo("2B11");
            String local = "127.0.0.1:";
            assertThat(Programs.read(dir.resolve("frob.log")))
                    .contains("connection from " + local + a.getLocalPort())
                    .contains("connection from " + local + b.getLocalPort());
        }
    }

    @Test
    void oneTransactionAtATimeAcrossItsSessions() throws Exception {
        try (BackgroundPay slow = BackgroundPay.start(dir, port, "12.99", "LISTEN-SLOW").awaitOutput("status 20")) {
            Run busy = ecr("pay", "3.00", "PLN", "--ref", "LISTEN-BUSY");
            assertThat(busy.exit()).as(busy.toString()).isEqualTo(4);
            assertThat(busy.out()).contains("result 993").contains("busy");
            Run test = ecr("test"); // T1 is answered while the transaction runs
            assertThat(test.exit()).as(test.toString()).isZero();
            Run first = slow.finish();
            assertThat(first.exit()).as(first.toString()).isZero();
            assertThat(first.out()).contains("outcome APPROVED");
        }
        Run next = ecr("pay", "4.00", "PLN", "--ref", "LISTEN-NEXT"); // the lock was released with the S2
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(Programs.read(dir.resolve("terminal-sim.log"))).doesNotContain("LISTEN-BUSY");
    }

    @Test
    void descriptorChannelsCannotBeSharedBySessions() throws Exception {
        Run r = Run.of(dir, 60, Programs.command("frob", "--listen", "127.0.0.1:0", "--payment", "fd:5"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(100);
        assertThat(r.err()).contains("--listen opens channels per session");
    }

    private static Socket connect() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    private static Run ecr(String... args) throws Exception {
        List<String> command = new ArrayList<>(Programs.command("ecr", "--connect", "127.0.0.1:" + port));
        command.addAll(List.of(args));
        return Run.of(dir, 60, command);
    }
}
