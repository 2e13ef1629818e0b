package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Sale;

/**
 * The ECR on a serial line, simulated by a pty pair from socat (both ends raw, no echo): frob on
 * one end, the test as the ECR on the other. Once with frob's own serial port support
 * ({@code --serial}, jSerialComm), once with plain shell redirection ({@code </dev/ttyX >/dev/ttyX}).
 */
class SerialLineTest {
    @TempDir
    Path dir;
    private Process socat;
    private Process frob;
    private Path ecrEnd;
    private Path frobEnd;

    @BeforeEach
    void ptyPair() throws Exception {
        ecrEnd = dir.resolve("ecr-tty");
        frobEnd = dir.resolve("frob-tty");
        socat = Programs.start(dir.resolve("socat.log"), List.of("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + ecrEnd, "pty,raw,echo=0,link=" + frobEnd));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ecrEnd) && Files.exists(frobEnd));
    }

    @AfterEach
    void stop() throws Exception {
        Programs.stop(frob);
        Programs.stop(socat);
    }

    @Test
    void serialPortOptionOpensThePortAndAnswersTheEcr() throws Exception {
        frob = Programs.start(dir.resolve("frob.log"), Programs.command("frob", "--serial", frobEnd.toString(), "--baud", "115200"));
        talk();
        assertThat(Programs.read(dir.resolve("frob.log"))).contains("ECR on serial port " + frobEnd + " 115200 baud 8N1");
    }

    @Test
    void redirectedTtyAnswersTheEcr() throws Exception {
        frob = Programs.start(dir.resolve("frob.log"), List.of("sh", "-c", "exec \"$0\" <\"$1\" >\"$1\"", Programs.bin("frob").toString(), frobEnd.toString()));
        talk();
    }

    /**
     * One long-lived frob on a serial line, three runs of the ECR CLI one after the other: each
     * payment reaches terminal-sim and gets its own outcome (a restarted ECR once got the first
     * payment's approval back for every later one).
     */
    @Test
    void eachEcrRunOnOneSerialFrobGetsItsOwnOutcome() throws Exception {
        Path sock = dir.resolve("payment.sock");
        Process terminal = Programs.start(dir.resolve("terminal-sim.log"), Programs.command("terminal-sim", "--step-ms", "20", "--listen", "unix:" + sock));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sock));
            frob = Programs.start(dir.resolve("frob.log"), Programs.command("frob", "--serial", frobEnd.toString(), "--payment", "unix:" + sock));
            String line = "socat - " + ecrEnd + ",raw,echo=0";
            Run approved = Run.of(dir, 90, Programs.command("ecr", "--exec", line, "pay", "12.00", "PLN"));
            Run declined = Run.of(dir, 90, Programs.command("ecr", "--exec", line, "pay", "12.51", "PLN"));
            Run other = Run.of(dir, 90, Programs.command("ecr", "--exec", line, "pay", "99.05", "PLN", "--ref", "NEW-3"));

            assertThat(approved.exit()).as(approved.toString()).isZero();
            assertThat(declined.exit()).as(declined.toString()).isEqualTo(1);
            assertThat(declined.out()).contains("outcome DECLINED").doesNotContain("APPROVED");
            assertThat(other.exit()).as(other.toString()).isEqualTo(1);
            assertThat(other.out()).contains("outcome DECLINED", "NEW-3");
            assertThat(Programs.read(dir.resolve("frob.log"))).doesNotContain("duplicate S1");
        } finally {
            Programs.stop(terminal);
        }
    }

    /** T1 → T2, and a sale with no payment channel → S2 994, over the pty. */
    private void talk() throws Exception {
        try (var in = new FileInputStream(ecrEnd.toFile()); var out = new FileOutputStream(ecrEnd.toFile())) {
            Wire ecr = new Wire(in, out);
            Packet t2 = EcrFrames.exchange(ecr, EcrFrames.t1("2711"), "T2");
            assertThat(t2.fields()).contains("tillbridge");
            Packet s2 = EcrFrames.exchange(ecr, EcrFrames.sale("2713", 1200), "S2");
            assertThat(EcrFrames.result(s2)).isEqualTo(Sale.End.UNAVAILABLE);
        }
    }
}
