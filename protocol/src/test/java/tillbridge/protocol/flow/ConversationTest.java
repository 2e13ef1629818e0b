package tillbridge.protocol.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static tillbridge.protocol.flow.Side.ECR;
import static tillbridge.protocol.flow.Side.EFT;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Samples;
import tillbridge.protocol.message.Unknown;
import tillbridge.protocol.message.Versions;

/** The conversation flows (docs/protocol.md, "Flows"): which side may send what, when. */
class ConversationTest {
    private static final Message T1 = new CommTest.Query();
    private static final Message T2 = new CommTest.Answer("170", "", "", "");
    private static final Message P1 = new Sale.Abort();
    private static final Message S2 = Sale.End.of(0, "OK");
    private static final Message D2 = new Printing.Start("PARAGON", java.util.OptionalInt.empty());
    private static final Message D6 = new Printing.Content("", List.of("LINE"));
    private static final Message D3 = new Printing.End(true);
    private static final Message K1 = new Console.Claim();
    private static final Message K2 = new Console.Interrupt("");
    private static final Message K3 = new Console.Display("HELLO", java.util.OptionalInt.empty());
    private static final Message K4 = new Console.Question("OK?");

    private final Conversation c = new Conversation();

    @Test
    void fullSaleIsAccepted() {
        accepted(ECR, Samples.S1);
        assertThat(c.saleOpen()).isTrue();
        accepted(EFT, Samples.I1, Samples.I1, S2);
        assertThat(c.saleOpen()).isFalse();
    }

    @Test
    void saleWithAbortIsStillEndedByS2() {
        accepted(ECR, Samples.S1);
        accepted(EFT, Samples.I1);
        accepted(ECR, P1);
        accepted(EFT, S2);
    }

    @Test
    void s2WithoutS1IsRejectedSayingTheSaleIsIdle() {
        Violation v = rejected(EFT, S2);

        assertThat(v.code()).isEqualTo("S2");
        assertThat(v.reason()).contains("sale is idle").contains("expecting S1 from ECR");
    }

    @Test
    void secondS1WhileASaleIsOpenIsRejected() {
        accepted(ECR, Samples.S1);

        assertThat(rejected(ECR, Samples.S1).reason()).contains("sale").contains("S2 from EFT");
        assertThat(c.saleOpen()).isTrue();
    }

    @Test
    void p1OutsideASaleIsRejected() {
        assertThat(rejected(ECR, P1).reason()).contains("sale is idle");
    }

    @Test
    void aViolationLeavesTheStateUnchanged() {
        accepted(ECR, Samples.S1);
        rejected(ECR, Samples.S1);

        accepted(EFT, S2);
    }

    @Test
    void printFlowWithGrantedPrinter() {
        accepted(EFT, D2);
        accepted(ECR, Samples.D0_OK);
        accepted(EFT, D6);
        accepted(ECR, Samples.D0_OK);
        accepted(EFT, D3);
        accepted(ECR, Samples.D0_OK);
        rejected(ECR, Samples.D0_OK);
    }

    @Test
    void printFlowWithRefusedPrinterEndsAtOnce() {
        accepted(EFT, D2);
        accepted(ECR, Samples.D0_NO);

        assertThat(rejected(EFT, D6).reason()).contains("printing is idle");
    }

    @Test
    void graphicStoredInTwoParts() {
        accepted(EFT, Samples.D9_PART);
        accepted(ECR, Samples.D0_OK);
        accepted(EFT, Samples.D9_LAST);
        accepted(ECR, Samples.D0_OK);
        rejected(ECR, Samples.D0_OK);
    }

    @Test
    void consoleSessionWithAQuestion() {
        accepted(EFT, K1);
        accepted(ECR, Samples.K0_OK);
        accepted(EFT, K4);
        accepted(ECR, Samples.K0_OK);
        accepted(EFT, K2);
        accepted(ECR, Samples.K0_OK);
        rejected(EFT, K3);
    }

    @Test
    void consoleClaimRefused() {
        accepted(EFT, K1);
        accepted(ECR, Samples.K0_NO);

        rejected(EFT, K4);
    }

    @Test
    void k3BeforeK1IsRejected() {
        assertThat(rejected(EFT, K3).reason()).contains("console is idle").contains("K1 from EFT");
    }

    @Test
    void versionNegotiationStartedByEitherSide() {
        accepted(ECR, new Versions.Inquiry());
        accepted(EFT, new Versions.Inquiry());
        accepted(EFT, new Versions.Proposal(List.of("160", "170")));
        accepted(ECR, new Versions.Proposal(List.of("170")));
        accepted(ECR, new Versions.Selection("170"));
        accepted(EFT, new Versions.Selection("170"));
        rejected(EFT, new Versions.Selection("170"));
    }

    @Test
    void pingsInBothDirectionsInterleaveWithASale() {
        accepted(ECR, Samples.S1);
        accepted(EFT, T1);
        accepted(ECR, T1);
        accepted(EFT, Samples.I1);
        accepted(ECR, T2);
        accepted(EFT, T2);
        accepted(EFT, S2);
        rejected(EFT, T2);
    }

    @Test
    void keyExchangeAfterPairing() {
        accepted(ECR, new Keys.PairingRequest("170", "ACME", "KASA", "1"));
        accepted(EFT, Samples.B2_OK);
        accepted(ECR, Samples.B3);
        accepted(EFT, new Keys.ExchangeAck(java.util.OptionalInt.of(0)));
    }

    @Test
    void refusedPairingEndsTheKeyExchange() {
        accepted(ECR, new Keys.PairingRequest("170", "ACME", "KASA", "1"));
        accepted(EFT, Samples.B2_NO);

        rejected(ECR, Samples.B3);
    }

    @Test
    void applicationStart() {
        accepted(ECR, new App.Start());
        accepted(EFT, new App.Ack(0, "OK"));
    }

    @Test
    void i1SentByTheEcrIsRejectedAsNeverSentByIt() {
        Violation v = rejected(ECR, Samples.I1);

        assertThat(v.reason()).isEqualTo("I1 is never sent by the ECR");
        assertThat(v.from()).isEqualTo(ECR);
    }

    @Test
    void noticesAndUnknownTypesBelongToNoFlowAndAreAlwaysAccepted() {
        accepted(EFT, new Notice.Event(1, "X"), new Notice.Unavailable(10, ""), new Unknown("X7", List.of()));
        accepted(ECR, new Notice.Unavailable(10, ""), new Unknown("X7", List.of()));
    }

    @Test
    void everyTypeInAFlowIsRefusedExactlyFromTheSideItsDirectionExcludes() {
        for (Message m : Samples.everyType())
            for (Side side : Side.values()) {
                Optional<Violation> v = new Conversation().accept(side, m);
                boolean neverSent = v.isPresent() && v.get().reason().endsWith("is never sent by the " + side);
                assertThat(neverSent).as("%s from %s", m.code(), side).isEqualTo(m.type().flow() != Flow.NONE && !m.type().sentBy(side));
            }
    }

    @Test
    void aLaneHandleResetStartsItsFlowAfresh() {
        Lane printing = c.lane(Flow.PRINTING, EFT);
        accepted(EFT, D2);
        assertThat(printing.idle()).isFalse();

        printing.reset();

        assertThat(printing.idle()).isTrue();
        accepted(EFT, D2);
    }

    private void accepted(Side from, Message... messages) {
        for (Message m : messages) assertThat(c.accept(from, m)).as("%s from %s", m.code(), from).isEmpty();
    }

    private Violation rejected(Side from, Message m) {
        Optional<Violation> v = c.accept(from, m);
        assertThat(v).as("%s from %s", m.code(), from).isPresent();
        return v.get();
    }
}
