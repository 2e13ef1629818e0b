package tillbridge.terminalsim;

import tillbridge.common.io.Listener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.message.Pan;
import tillbridge.protocol.message.Sale;

/** terminal-sim over a real UNIX socket, as frob talks to it. */
class TerminalSimTest {
    /** Long enough that a P1 sent after I1 100 always comes before the authorisation. */
    static final Config FAST = new Config(Duration.ofMillis(20), Duration.ofMinutes(5), "M00012345", "T0001234");

    @TempDir
    Path dir;

    SimulatedTerminal terminal;
    Listener listener;
    Peer frob;

    @BeforeEach
    void start() throws IOException {
        terminal = new SimulatedTerminal(FAST, OutcomeJournal.inMemory());
        listener = Listener.bind("unix:" + dir.resolve("t.sock"));
        listener.start(terminal::serve);
        frob = Peer.connect(dir.resolve("t.sock"));
    }

    @AfterEach
    void stop() throws IOException {
        frob.close();
        listener.close();
    }

    @Test
    void approvedSaleEmitsStatusesThenApprovalWithMaskedPanAndAuthCode() throws IOException {
        frob.send(Peer.s1("s1", "2713", "S", "PAR/1", 12345, 500));

        ChannelMessage.Packet s2 = frob.answer("2713");

        assertThat(frob.statuses("s1")).containsExactly("20", "90", "100", "50");
        assertThat(s2.type()).isEqualTo("S2");
        assertThat(s2.channel()).isEqualTo("payment");
        assertThat(s2.session()).isEqualTo("s1");
        Map<String, String> f = s2.fields();
        assertThat(f).containsEntry("result", "0").containsEntry("amount", "12345").containsEntry("cashback", "500")
                .containsEntry("tid", "T0001234").containsEntry("mid", "M00012345").containsEntry("message", "approved");
        assertThat(f.get("method")).isIn("VISA", "MASTERCARD");
        assertThat(f.get("masked_pan")).matches(f.get("method").equals("VISA") ? "4\\d{5}\\*{6}\\d{4}" : "[25]\\d{5}\\*{6}\\d{4}");
        assertThat(Pan.isMasked(f.get("masked_pan"))).isTrue();
        assertThat(f.get("auth_code")).matches("[0-9A-Z]{6}");
        assertThat(f.get("card_token")).matches("[0-9A-F]{64}");
        assertThat(f.get("transaction_id")).isNotBlank().hasSizeLessThanOrEqualTo(20);
        // nothing on the wire is a bare card number
        assertThat(frob.lines()).noneMatch(l -> l.matches(".*\"\\d{13,19}\".*"));
    }

    @Test
    void amountEndingIn51IsDeclinedForInsufficientFunds() throws IOException {
        frob.send(Peer.sale("s1", "2713", "PAR/2", 1251));

        Map<String, String> f = frob.answer("2713").fields();

        assertThat(f).containsEntry("result", "51").containsEntry("message", "insufficient funds").containsEntry("amount", "0");
        assertThat(f.getOrDefault("auth_code", "")).isEmpty();
        assertThat(f.get("masked_pan")).contains("******");
    }

    @Test
    void abortDuringASlowSaleSendsAbortingThenCancelled() throws IOException {
        frob.send(Peer.sale("s1", "2713", "PAR/3", 1299));
        frob.status("s1", Sale.Status.CONNECTING);

        frob.send(Peer.packet("s1", "P1", "2714"));
        ChannelMessage.Packet s2 = frob.answer("2713");

        assertThat(s2.fields()).containsEntry("result", String.valueOf(Sale.End.CANCELLED)).containsEntry("message", "cancelled");
        assertThat(frob.statuses("s1")).containsExactly("20", "90", "100", "180");
        assertThat(frob.received().indexOf(frob.status("s1", Sale.Status.ABORTING))).isLessThan(frob.received().indexOf(s2));
    }

    @Test
    void statusQueryAfterASaleReturnsTheSameOutcome() throws IOException {
        frob.send(Peer.sale("s1", "2713", "PAR/4", 2000));
        Map<String, String> sale = frob.answer("2713").fields();

        frob.send(Peer.statusQuery("s2", "2714", "PAR/4"));
        ChannelMessage.Packet answer = frob.answer("2714");

        assertThat(answer.type()).isEqualTo("S2");
        assertThat(answer.session()).isEqualTo("s2");
        assertThat(answer.fields()).isEqualTo(sale);
    }

    @Test
    void aSecondSaleWithTheSamePaymentIdGetsTheFirstOutcomeAndIsNotCharged() throws IOException {
        frob.send(Peer.sale("s1", "2713", "SAME-REF", 2000));
        Map<String, String> first = frob.answer("2713").fields();

        frob.send(Peer.sale("s2", "2714", "SAME-REF", 2000));
        Map<String, String> second = frob.answer("2714").fields();

        assertThat(second).as("the recorded outcome, same auth code").isEqualTo(first);
        assertThat(first).containsEntry("payment_id", "SAME-REF").containsEntry("ecr_id", "KASA-01");
        assertThat(frob.statuses("s2")).as("no card was asked for again").isEmpty();
    }

    @Test
    void statusQueryForAnUnknownPaymentAnswers996() throws IOException {
        frob.send(Peer.statusQuery("s1", "2713", "NEVER"));

        assertThat(frob.answer("2713").fields()).containsEntry("result", "996").containsEntry("message", "no such transaction");
    }

    @Test
    void statusQueryWhileThePaymentRunsAnswersBusy() throws IOException {
        frob.send(Peer.sale("s1", "2713", "PAR/5", 1299));
        frob.status("s1", Sale.Status.WAITING_FOR_CARD);

        frob.send(Peer.statusQuery("s1", "2714", "PAR/5"));

        assertThat(frob.answer("2714").fields()).containsEntry("result", String.valueOf(Sale.End.BUSY));
        frob.send(Peer.packet("s1", "P1", "2715"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "17");
    }

    @Test
    void secondSaleOnABusySessionAnswers993WithItsOwnToken() throws IOException {
        frob.send(Peer.sale("s1", "2713", "PAR/6", 1299));
        frob.status("s1", Sale.Status.WAITING_FOR_CARD);

        frob.send(Peer.sale("s1", "2714", "PAR/7", 1000));

        assertThat(frob.answer("2714").fields()).containsEntry("result", "993");
        frob.send(Peer.packet("s1", "P1", "2715"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "17");
    }

    @Test
    void malformedLinesGetAnErrorAndTheConnectionLivesOn() throws IOException {
        frob.send("this is not JSON");
        frob.send("x".repeat(ChannelJson.MAX_LINE + 10));
        frob.send("{\"channel\":\"payment\",\"session\":\"s1\",\"type\":\"S1\",\"token\":\"2713\",\"fields\":{\"colour\":\"red\"}}");

        await().atMost(Peer.PATIENCE).until(() -> frob.received().stream().filter(m -> m instanceof ChannelMessage.Error).count() == 3);
        assertThat(frob.received()).allSatisfy(m -> assertThat(((ChannelMessage.Error) m).reason()).isNotBlank());

        frob.send(Peer.packet("s1", "A1", "2714"));
        assertThat(frob.answer("2714").fields()).containsEntry("result", "0").containsEntry("message", "OK");
    }

    @Test
    void closingTheSessionCancelsItsSale() throws IOException {
        frob.send(Peer.sale("s1", "2713", "PAR/8", 1299));
        frob.status("s1", Sale.Status.CONNECTING);

        frob.send(Peer.closed("s1"));

        await().atMost(Peer.PATIENCE).until(() -> terminal.journal().find(new OutcomeJournal.Key("KASA-01", "PAR/8")).isPresent());
        frob.send(Peer.statusQuery("s2", "2714", "PAR/8"));
        assertThat(frob.answer("2714").fields()).containsEntry("result", "17");
    }

    @Test
    void connectionsRunSalesAtTheSameTime() throws IOException {
        try (Peer other = Peer.connect(dir.resolve("t.sock"))) {
            frob.send(Peer.sale("a", "2713", "PAR/9", 1299));
            other.send(Peer.sale("a", "2713", "PAR/10", 1205));

            assertThat(other.answer("2713").fields()).containsEntry("result", "5").containsEntry("message", "do not honour");
            frob.send(Peer.packet("a", "P1", "2714"));
            assertThat(frob.answer("2713").fields()).containsEntry("result", "17");
        }
    }

    @Test
    void statusQueryForLastAnswersTheLastTransactionOfTheEcrIdWithItsPaymentId() throws IOException {
        frob.send(Peer.statusQuery("s1", "2712", "LAST"));
        assertThat(frob.answer("2712").fields()).containsEntry("result", "996");
        frob.send(Peer.sale("s1", "2713", "PAR/11", 1000));
        frob.answer("2713");
        frob.send(Peer.sale("s1", "2714", "PAR/12", 1251));
        Map<String, String> last = frob.answer("2714").fields();

        frob.send(Peer.statusQuery("s2", "2715", "LAST"));

        Map<String, String> f = frob.answer("2715").fields();
        assertThat(f).containsEntry("payment_id", "PAR/12").containsEntry("result", "51").containsEntry("transaction_id", last.get("transaction_id"));
    }

    @Test
    void statusQueryForLastWhileASaleOfThatEcrRunsAnswersBusy() throws IOException {
        frob.send(Peer.sale("s1", "2713", "PAR/13", 1299));
        frob.status("s1", Sale.Status.WAITING_FOR_CARD);
        frob.send(Peer.statusQuery("s2", "2714", "LAST"));
        assertThat(frob.answer("2714").fields()).containsEntry("result", "993");
        frob.send(Peer.packet("s1", "P1", "2715"));
        frob.answer("2713");
    }

    @Test
    void saleWithTheReservedPaymentIdLastIsRejected() throws IOException {
        frob.send(Peer.sale("s1", "2713", "LAST", 1000));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "999");
    }
}
