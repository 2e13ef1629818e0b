package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/** frob as a real process on pipes: the link layer as an ECR sees it. */
class FrobProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Bytes T1 = Bytes.fromHex("02 32 37 31 31 1C 54 31 1C 03 63");
    /** E09 (S1 123.45 PLN) with its LRC changed from 29 to 28. */
    private static final Bytes S1_BAD_LRC = Bytes.fromHex(
            "02 32 37 31 33 1C 53 31 1C 53 1C 4B 41 53 41 2D 30 31 1C 50 41 52 2F 32 30 32 34 2F 30 30 30 31 32 33 1C 31 32 33 34 35 1C 31 30 30 33 37 1C 32 33 30 38 1C 50 4C 4E 1C 30 1C 03 28");
    /** E09 intact. */
    private static final Bytes S1 = Bytes.fromHex(
            "02 32 37 31 33 1C 53 31 1C 53 1C 4B 41 53 41 2D 30 31 1C 50 41 52 2F 32 30 32 34 2F 30 30 30 31 32 33 1C 31 32 33 34 35 1C 31 30 30 33 37 1C 32 33 30 38 1C 50 4C 4E 1C 30 1C 03 29");

    @TempDir
    Path dir;
    private Process frob;
    private Wire ecr;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        log = dir.resolve("frob.log");
        frob = Programs.start(log, Programs.command("frob"));
        ecr = new Wire(frob.getInputStream(), frob.getOutputStream());
    }

    @AfterEach
    void stop() throws Exception {
        Programs.stop(frob);
    }

    @Test
    void answersT1WithAckThenT2CarryingItsToken() throws Exception {
        ecr.write(T1);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
        Packet t2 = packet(ecr.next(WAIT));
        assertThat(t2.type()).isEqualTo("T2");
        assertThat(t2.token()).isEqualTo("2711");
    }

    /** -q is the level from the first line on: a routine ping logs nothing (logging it costs more than answering it). */
    @Test
    void quietLogsNothingForARoutineSession() throws Exception {
        Programs.stop(frob);
        Path quietLog = dir.resolve("quiet.log");
        frob = Programs.start(quietLog, Programs.command("frob", "-q"));
        ecr = new Wire(frob.getInputStream(), frob.getOutputStream());
        EcrFrames.exchange(ecr, T1, "T2");
        frob.getOutputStream().close();
        assertThat(frob.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(Programs.read(quietLog)).isEmpty();
    }

    @Test
    void answersBadLrcWithNakAndCarriesOn() throws Exception {
        ecr.write(S1_BAD_LRC);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Nak.class);
        ecr.write(T1);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
        assertThat(packet(ecr.next(WAIT)).type()).isEqualTo("T2");
    }

    @Test
    void skipsGarbageBeforeAFrame() throws Exception {
        ecr.write(Bytes.raw("\u0000junk\u00ff\u0001 12 bytes!"));
        ecr.write(T1);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
        assertThat(packet(ecr.next(WAIT)).type()).isEqualTo("T2");
    }

    @Test
    void retransmitsAnUnacknowledgedAnswerUpToTheLimitThenReportsIt() throws Exception {
        ecr.write(T1);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
        Bytes first = ((FrameEvent.Frame) ecr.next(WAIT)).body();
        // We never ACK: the same T2 must come twice more (3 transmissions), then no more.
        assertThat(((FrameEvent.Frame) ecr.next(WAIT)).body()).isEqualTo(first);
        assertThat(((FrameEvent.Frame) ecr.next(WAIT)).body()).isEqualTo(first);
        assertThat(ecr.poll(Duration.ofSeconds(5))).isNull();
        assertThat(Programs.read(log)).contains("gave up").contains("T2");
    }

    @Test
    void answersASaleWithUnavailableWhenNoPaymentChannelIsBound() throws Exception {
        ecr.write(S1);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
        Packet s2 = packet(ecr.next(WAIT));
        assertThat(s2.type()).isEqualTo("S2");
        assertThat(s2.token()).isEqualTo("2713");
        Sale.End end = (Sale.End) Messages.decode(s2);
        assertThat(end.result()).hasValue(Sale.End.UNAVAILABLE);
    }

    @Test
    void exitsZeroAtEndOfInput() throws Exception {
        ecr.write(T1);
        assertThat(ecr.next(WAIT)).isInstanceOf(FrameEvent.Ack.class);
        ecr.next(WAIT);
        ecr.write(Bytes.of(0x06));
        ecr.close();
        assertThat(frob.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(frob.exitValue()).as(Files.readString(log)).isZero();
    }

    private static Packet packet(FrameEvent e) throws Exception {
        assertThat(e).isInstanceOf(FrameEvent.Frame.class);
        return Packet.parse(((FrameEvent.Frame) e).body());
    }
}
