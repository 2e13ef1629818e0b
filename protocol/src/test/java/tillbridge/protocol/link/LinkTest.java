package tillbridge.protocol.link;

import static org.assertj.core.api.Assertions.assertThat;
import static tillbridge.protocol.link.LinkDriver.delivered;
import static tillbridge.protocol.link.LinkDriver.only;
import static tillbridge.protocol.link.LinkDriver.writes;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Notation;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;

/** The ACK/NAK link, driven by wire bytes and a virtual clock. */
class LinkTest {
    private static final LinkPolicy NO_PING = LinkPolicy.DEFAULT.withKeepAlive(Duration.ZERO);
    private static final byte[] ACK = {0x06};
    private static final byte[] NAK = {0x15};
    private static final Bytes ACK_OUT = Bytes.of(0x06);
    private static final Bytes NAK_OUT = Bytes.of(0x15);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);

    private static final Packet T1 = Packet.of("2711", "T1");
    private static final Packet D4 = Packet.of("2712", "D4");
    private static final Packet S1 = Packet.of("2713", "S1", "S", "KASA-01", "PAR/2024/000123", "12345", "10037", "2308", "PLN", "0");
    private static final Packet S2 = Packet.of("2713", "S2", "0", "", "M1", "T1", "TRX1");
    private static final Packet I1 = Packet.of("4E22", "I1", "20", "PROSZE WLOZYC KARTE");

    @Test
    void ackClearsTheFrameInFlightAndReportsAcked() {
        var d = new LinkDriver(NO_PING);

        assertThat(writes(d.send(T1))).containsExactly(T1.frame());
        assertThat(d.link.idle()).isFalse();
        assertThat(d.peer(ACK)).containsExactly(new LinkOutput.Acked(T1));
        assertThat(d.link.idle()).isTrue();
        assertThat(d.advance(Duration.ofSeconds(60))).isEmpty();
    }

    @Test
    void nakResendsIdenticalBytesUpToThreeTransmissionsThenGivesUp() {
        var d = new LinkDriver(NO_PING);
        d.send(S1);

        assertThat(d.peer(NAK)).containsExactly(new LinkOutput.Write(S1.frame()));
        assertThat(d.peer(NAK)).containsExactly(new LinkOutput.Write(S1.frame()));
        List<LinkOutput> third = d.peer(NAK);

        assertThat(writes(third)).isEmpty();
        assertThat(only(LinkOutput.GaveUp.class, third)).singleElement()
                .satisfies(g -> assertThat(g.packet()).isEqualTo(S1))
                .satisfies(g -> assertThat(g.transmissions()).isEqualTo(3));
        assertThat(d.link.idle()).isTrue();
    }

    @Test
    void ackTimeoutOnIdempotentT1ResendsUpToThreeTransmissionsThenGivesUp() {
        var d = new LinkDriver(NO_PING);
        d.send(T1);

        assertThat(d.advance(ACK_TIMEOUT.minusNanos(1))).isEmpty();
        assertThat(d.advance(Duration.ofNanos(1))).containsExactly(new LinkOutput.Write(T1.frame()));
        assertThat(d.advance(ACK_TIMEOUT)).containsExactly(new LinkOutput.Write(T1.frame()));
        List<LinkOutput> last = d.advance(ACK_TIMEOUT);

        assertThat(writes(last)).isEmpty();
        assertThat(only(LinkOutput.GaveUp.class, last)).singleElement()
                .satisfies(g -> assertThat(g.transmissions()).isEqualTo(3));
    }

    @Test
    void ackTimeoutOnS1GivesUpAfterTheFirstTransmissionWithoutResending() {
        var d = new LinkDriver(NO_PING);
        d.send(S1);

        List<LinkOutput> out = d.advance(ACK_TIMEOUT);

        assertThat(writes(out)).isEmpty();
        assertThat(only(LinkOutput.GaveUp.class, out)).singleElement()
                .satisfies(g -> assertThat(g.packet()).isEqualTo(S1))
                .satisfies(g -> assertThat(g.transmissions()).isEqualTo(1));
    }

    @Test
    void ackTimeoutOnS1ResendsWhenThePeerIsKnownToDropDuplicates() {
        var d = new LinkDriver(NO_PING.withRetransmitNonIdempotent(true));
        d.send(S1);

        assertThat(d.advance(ACK_TIMEOUT)).containsExactly(new LinkOutput.Write(S1.frame()));
        assertThat(d.advance(ACK_TIMEOUT)).containsExactly(new LinkOutput.Write(S1.frame()));
        assertThat(only(LinkOutput.GaveUp.class, d.advance(ACK_TIMEOUT))).singleElement()
                .satisfies(g -> assertThat(g.transmissions()).isEqualTo(3));
    }

    @Test
    void aSecondSendWaitsForTheFirstOnesAck() {
        var d = new LinkDriver(NO_PING);
        d.send(T1);

        assertThat(d.send(D4)).isEmpty();
        assertThat(d.peer(ACK)).containsExactly(new LinkOutput.Acked(T1), new LinkOutput.Write(D4.frame()));
        assertThat(d.peer(ACK)).containsExactly(new LinkOutput.Acked(D4));
    }

    @Test
    void queuedFrameGetsAFullAckTimeoutOfItsOwn() {
        var d = new LinkDriver(NO_PING);
        d.send(T1);
        d.send(D4);
        d.advance(Duration.ofSeconds(2));
        d.peer(ACK);

        assertThat(d.advance(ACK_TIMEOUT.minusNanos(1))).isEmpty();
        assertThat(d.advance(Duration.ofNanos(1))).containsExactly(new LinkOutput.Write(D4.frame()));
    }

    @Test
    void aFrameArrivingWhileAwaitingAckIsAckedAndDeliveredAndOurFrameStaysInFlight() {
        var d = new LinkDriver(NO_PING);
        d.send(S1);

        assertThat(d.peer(I1.frame().toArray())).containsExactly(new LinkOutput.Write(ACK_OUT), new LinkOutput.Deliver(I1));
        assertThat(d.link.idle()).isFalse();
        assertThat(d.peer(ACK)).containsExactly(new LinkOutput.Acked(S1));
    }

    @Test
    void duplicateIsAckedButNotDeliveredAgainAndOurCachedAnswerIsResent() {
        var d = new LinkDriver(NO_PING);
        byte[] s1 = S1.frame().toArray();
        assertThat(d.peer(s1)).containsExactly(new LinkOutput.Write(ACK_OUT), new LinkOutput.Deliver(S1));
        d.send(S2);
        d.peer(ACK);

        List<LinkOutput> again = d.peer(s1);

        assertThat(writes(again)).containsExactly(ACK_OUT, S2.frame());
        assertThat(delivered(again)).isEmpty();
    }

    @Test
    void duplicateBeforeWeAnsweredIsOnlyAcked() {
        var d = new LinkDriver(NO_PING);
        d.peer(S1.frame().toArray());

        List<LinkOutput> again = d.peer(S1.frame().toArray());

        assertThat(writes(again)).containsExactly(ACK_OUT);
        assertThat(delivered(again)).isEmpty();
    }

    @Test
    void aRepeatAfterTheRetransmissionWindowIsANewRequest() {
        var d = new LinkDriver(NO_PING);
        d.peer(S1.frame().toArray());
        d.send(S2);
        d.peer(ACK);

        d.advance(NO_PING.retransmissionWindow());
        List<LinkOutput> later = d.peer(S1.frame().toArray());

        assertThat(writes(later)).containsExactly(ACK_OUT);
        assertThat(delivered(later)).containsExactly(S1);
    }

    @Test
    void sameTokenAndTypeWithOtherBytesIsANewRequestNotAnsweredFromTheCache() {
        var d = new LinkDriver(NO_PING);
        d.peer(S1.frame().toArray());
        d.send(S2);
        d.peer(ACK);
        Packet restartedEcrsSale = Packet.of(S1.token(), "S1", "S", "KASA-01", "PAR/2024/000999", "1251", "1251", "0", "PLN", "0");

        List<LinkOutput> out = d.peer(restartedEcrsSale.frame().toArray());

        assertThat(writes(out)).containsExactly(ACK_OUT);
        assertThat(delivered(out)).containsExactly(restartedEcrsSale);
    }

    @Test
    void ourOwnFrameComingBackIsAnEchoNeitherAcknowledgedNorDelivered() {
        var d = new LinkDriver(NO_PING);
        d.send(T1);

        List<LinkOutput> out = d.peer(T1.frame().toArray());

        assertThat(out).containsExactly(new LinkOutput.Echo(T1));
    }

    @Test
    void aPeersFrameLikeOneWeSentLongAgoIsNotAnEcho() {
        var d = new LinkDriver(NO_PING);
        d.send(T1);
        d.peer(ACK);
        d.advance(NO_PING.retransmissionWindow());

        assertThat(delivered(d.peer(T1.frame().toArray()))).containsExactly(T1);
    }

    @Test
    void sameTokenWithAnotherTypeIsNotADuplicate() {
        var d = new LinkDriver(NO_PING);
        d.peer(S1.frame().toArray());
        Packet p1 = Packet.of(S1.token(), "P1");

        assertThat(delivered(d.peer(p1.frame().toArray()))).containsExactly(p1);
    }

    @Test
    void badLrcIsNaked() {
        var d = new LinkDriver(NO_PING);
        byte[] bad = S1.frame().toArray();
        bad[bad.length - 1] ^= 1;

        List<LinkOutput> out = d.peer(bad);

        assertThat(writes(out)).containsExactly(NAK_OUT);
        assertThat(delivered(out)).isEmpty();
    }

    @Test
    void bodyWithoutFsIsMalformedAndNaked() {
        var d = new LinkDriver(NO_PING);

        List<LinkOutput> out = d.peer(Notation.frame("XYZ"));

        assertThat(writes(out)).containsExactly(NAK_OUT);
        assertThat(delivered(out)).isEmpty();
    }

    @Test
    void sevenDigitTokenIsMalformedAndNaked() {
        var d = new LinkDriver(NO_PING);

        List<LinkOutput> out = d.peer(Notation.frame("1234567<FS>T1<FS>"));

        assertThat(writes(out)).containsExactly(NAK_OUT);
        assertThat(only(LinkOutput.Problem.class, out)).singleElement().satisfies(p -> assertThat(p.description()).contains("token"));
    }

    @Test
    void strayAckAndNakAreReportedAndChangeNothing() {
        var d = new LinkDriver(NO_PING);

        assertThat(d.peer(ACK, NAK)).allMatch(o -> o instanceof LinkOutput.Problem).hasSize(2);
        assertThat(d.link.idle()).isTrue();
    }

    @Test
    void noiseOversizeAndTruncationAreOnlyReported() {
        var d = new LinkDriver(NO_PING);

        List<LinkOutput> out = new java.util.ArrayList<>(d.peer(Notation.bytes("junk")));
        out.addAll(d.link.received(new FrameEvent.Oversized(8192), d.now()));
        out.addAll(d.link.received(new FrameEvent.Truncated(5), d.now()));

        assertThat(out).hasSize(3).allMatch(o -> o instanceof LinkOutput.Problem);
    }

    @Test
    void afterKeepAliveIdleAT1WithANewTokenIsWrittenAndItsT2IsNotDelivered() throws ProtocolException {
        var d = new LinkDriver(LinkPolicy.DEFAULT);
        String used = d.link.nextToken();
        assertThat(d.advance(Duration.ofSeconds(30).minusNanos(1))).isEmpty();

        Packet ping = Packet.parse(body(writes(d.advance(Duration.ofNanos(1))).getFirst()));
        assertThat(ping.type()).isEqualTo("T1");
        assertThat(ping.token()).isNotEqualToIgnoringCase(used);
        assertThat(d.peer(ACK)).containsExactly(new LinkOutput.Acked(ping));

        assertThat(d.peer(Packet.of(ping.token(), "T2", "170").frame().toArray())).containsExactly(new LinkOutput.Write(ACK_OUT));
        assertThat(d.advance(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void noT2WithinPingAnswerReportsThePeerSilent() {
        var d = new LinkDriver(LinkPolicy.DEFAULT);
        d.advance(Duration.ofSeconds(30));
        d.peer(ACK);

        assertThat(d.advance(Duration.ofSeconds(10).minusNanos(1))).isEmpty();
        assertThat(d.advance(Duration.ofNanos(1))).singleElement().isInstanceOf(LinkOutput.PeerSilent.class);
    }

    @Test
    void trafficPostponesTheKeepAlivePing() {
        var d = new LinkDriver(LinkPolicy.DEFAULT);
        d.advance(Duration.ofSeconds(20));
        d.peer(I1.frame().toArray());

        assertThat(d.advance(Duration.ofSeconds(29))).isEmpty();
        assertThat(writes(d.advance(Duration.ofSeconds(1)))).hasSize(1);
    }

    @Test
    void nextDeadlineIsWhenTickFirstHasWork() {
        var d = new LinkDriver(LinkPolicy.DEFAULT);
        assertThat(d.link.nextDeadline(d.now())).isEqualTo(d.now() + Duration.ofSeconds(30).toNanos());
        quietUntilDeadline(d); // the ping

        assertThat(d.link.nextDeadline(d.now())).isEqualTo(d.now() + ACK_TIMEOUT.toNanos());
        quietUntilDeadline(d); // its retransmission

        d.peer(ACK);
        assertThat(d.link.nextDeadline(d.now())).isEqualTo(d.now() - ACK_TIMEOUT.toNanos() + Duration.ofSeconds(10).toNanos());
        quietUntilDeadline(d); // PeerSilent
    }

    @Test
    void nextDeadlineIsFarAwayWhenNothingIsPending() {
        var d = new LinkDriver(NO_PING);

        assertThat(d.link.nextDeadline(d.now()) - d.now()).isGreaterThan(Duration.ofDays(365).toNanos());
        d.send(T1);
        assertThat(d.link.nextDeadline(d.now())).isEqualTo(d.now() + ACK_TIMEOUT.toNanos());
    }

    private static void quietUntilDeadline(LinkDriver d) {
        long wait = d.link.nextDeadline(d.now()) - d.now();
        assertThat(d.advance(Duration.ofNanos(wait - 1))).as("just before the deadline").isEmpty();
        assertThat(d.advance(Duration.ofNanos(1))).as("at the deadline").isNotEmpty();
    }

    private static Bytes body(Bytes frame) {
        byte[] f = frame.toArray();
        return Bytes.copyOf(f, 1, f.length - 2);
    }
}
