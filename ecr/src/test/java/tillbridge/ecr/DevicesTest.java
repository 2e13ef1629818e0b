package tillbridge.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.KeyCrypto;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;

/** What the ECR lends the terminal: printer, console, notices; and A1, L1, B1-B4, the LAST status query. */
class DevicesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeTerminal fake;
    private EcrSession session;
    /** Everything the fake terminal received from the ECR, in order. */
    private final BlockingQueue<Packet> fromEcr = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() {
        if (session != null) session.close();
        if (fake != null) fake.close();
    }

    private void open(FakeTerminal.Script script) throws Exception {
        fake = new FakeTerminal((p, m, t) -> {
            fromEcr.add(p);
            script.on(p, m, t);
        });
        session = fake.session(EcrSessionTest.FAST);
    }

    /** The fake terminal sends {@code m} and waits for the ECR's answer to it. */
    private Message ask(Message m) throws InterruptedException {
        fake.send(m);
        for (;;) {
            Packet p = fromEcr.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(p).as("an answer to %s within %s", m.code(), WAIT).isNotNull();
            Message a = Messages.decode(p);
            if (a instanceof Printing.Answer || a instanceof Printing.GraphicInfo || a instanceof Console.Result || a instanceof DeviceParams.Answer) return a;
        }
    }

    @Test
    void receiptIsHandedOverWholeAtItsEndAndEachPacketAnsweredD0() throws Exception {
        List<Receipt> printed = new CopyOnWriteArrayList<>();
        open(FakeTerminal.SILENT);
        session.setReceiptListener(printed::add);
        assertThat(ask(new Printing.StatusQuery())).isEqualTo(new Printing.Answer(0, "printer ready"));
        assertThat(ask(new Printing.Start("CUSTOMER RECEIPT", OptionalInt.of(3)))).isEqualTo(new Printing.Answer(0, ""));
        assertThat(ask(new Printing.Content("C", List.of("TILLBRIDGE SHOP")))).isEqualTo(new Printing.Answer(0, ""));
        assertThat(ask(new Printing.Content("W", List.of("TOTAL 12.00", "PLN")))).isEqualTo(new Printing.Answer(0, ""));
        assertThat(printed).as("nothing before the end of the printout").isEmpty();
        assertThat(ask(new Printing.End(true))).isEqualTo(new Printing.Answer(0, ""));

        assertThat(printed).hasSize(1);
        Receipt r = printed.getFirst();
        assertThat(r.title()).isEqualTo("CUSTOMER RECEIPT");
        assertThat(r.cut()).isTrue();
        assertThat(r.lines()).containsExactly(new Receipt.Line("TILLBRIDGE SHOP", "C"), new Receipt.Line("TOTAL 12.00", "W"), new Receipt.Line("PLN", "W"));
        assertThat(r.text(Receipt.WIDTH)).containsExactly("            TILLBRIDGE SHOP", "T O T A L   1 2 . 0 0", "P L N");
    }

    @Test
    void lineTooLongForThePrinterIsRefused() throws Exception {
        open(FakeTerminal.SILENT);
        session.setReceiptListener(r -> { });
        ask(new Printing.Start("", OptionalInt.empty()));
        Printing.Answer a = (Printing.Answer) ask(new Printing.Content("W", List.of("X".repeat(21))));
        assertThat(a.result()).isEqualTo(Printing.Answer.REFUSED);
        assertThat(a.message()).isEqualTo("line of 21 characters, at most 20");
        assertThat(ask(new Printing.Start("", OptionalInt.empty())).toString()).as("the printout is still open").contains("993");
    }

    @Test
    void withoutAReceiptListenerThereIsNoPrinter() throws Exception {
        open(FakeTerminal.SILENT);
        assertThat(ask(new Printing.Start("X", OptionalInt.empty()))).isEqualTo(new Printing.Answer(999, "no printer"));
        assertThat(ask(new Printing.GraphicQuery(1))).isEqualTo(new Printing.GraphicInfo(1, false, OptionalInt.empty(), OptionalInt.empty()));
        DeviceParams.Answer d5 = (DeviceParams.Answer) ask(new DeviceParams.Request());
        assertThat(d5.printerCpl()).isEmpty();
        assertThat(d5.displayLines()).isEmpty();
    }

    @Test
    void deviceParametersShowThePrinterAndDisplayLent() throws Exception {
        open(FakeTerminal.SILENT);
        session.setReceiptListener(r -> { });
        session.setOperatorConsole(new OperatorConsole() {});
        DeviceParams.Answer d5 = (DeviceParams.Answer) ask(new DeviceParams.Request());
        assertThat(d5.printerCpl()).hasValue(40);
        assertThat(d5.printerCpl2x()).hasValue(20);
        assertThat(d5.maxBitmapCount()).hasValue(16);
        assertThat(d5.displayCpl()).hasValue(40);
        assertThat(d5.topology()).isZero();
    }

    @Test
    void graphicStoredInPartsIsReportedPresentWithItsSizeUntilRemoved() throws Exception {
        open(FakeTerminal.SILENT);
        session.setReceiptListener(r -> { });
        // 16 x 2 pixels: 2 bytes a row, 4 bytes
        assertThat(ask(new Printing.GraphicStore(7, 1, false, 16, 2, "FF00"))).isEqualTo(new Printing.Answer(0, ""));
        assertThat(ask(new Printing.GraphicQuery(7))).isEqualTo(new Printing.GraphicInfo(7, false, OptionalInt.empty(), OptionalInt.empty()));
        assertThat(ask(new Printing.GraphicStore(7, 2, true, 16, 2, "00FF"))).isEqualTo(new Printing.Answer(0, ""));
        assertThat(ask(new Printing.GraphicQuery(7))).isEqualTo(new Printing.GraphicInfo(7, true, OptionalInt.of(16), OptionalInt.of(2)));
        assertThat(ask(new Printing.GraphicRemove(7))).isEqualTo(new Printing.Answer(0, ""));
        assertThat(((Printing.GraphicInfo) ask(new Printing.GraphicQuery(7))).present()).isFalse();
        assertThat(((Printing.Answer) ask(new Printing.GraphicStore(8, 2, true, 16, 2, "00FF"))).result()).as("a part out of order").isEqualTo(1);
    }

    @Test
    void consoleInteractionsAreAnsweredByTheOperatorConsole() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        open(FakeTerminal.SILENT);
        session.setOperatorConsole(new OperatorConsole() {
            @Override
            public void display(String text, int seconds) {
                seen.add("display " + text + " " + seconds);
            }

            @Override
            public boolean question(String text) {
                return text.endsWith("?");
            }

            @Override
            public int menu(String title, List<String> items) {
                return items.indexOf("REFUND") + 1;
            }

            @Override
            public String input(String prompt, int min, int max, boolean masked) {
                return "Łódź 1";
            }

            @Override
            public void card(String prompt, int seconds) {
                throw new Cancelled("no card");
            }
        });
        assertThat(ask(new Console.Claim())).isEqualTo(Console.Result.ok(""));
        assertThat(ask(new Console.Display("HELLO", OptionalInt.of(3)))).isEqualTo(Console.Result.ok(""));
        assertThat(ask(new Console.Question("PODPIS OK?"))).isEqualTo(Console.Result.ok("1"));
        assertThat(ask(new Console.Menu("MENU", List.of("SALE", "REFUND")))).isEqualTo(Console.Result.ok("2"));
        assertThat(ask(new Console.Input("CITY", 1, 10, false))).as("transliterated to ASCII").isEqualTo(Console.Result.ok("Lodz 1"));
        assertThat(ask(new Console.Input("PIN", 4, 4, true))).as("wrong length").isEqualTo(new Console.Result(1, ""));
        assertThat(ask(new Console.CardData("CARD", OptionalInt.empty()))).isEqualTo(new Console.Result(1, ""));
        assertThat(ask(new Console.Sound(1, 200))).as("not offered").isEqualTo(new Console.Result(999, ""));
        assertThat(ask(new Console.Interrupt(""))).isEqualTo(Console.Result.ok(""));
        assertThat(seen).containsExactly("display HELLO 3");
    }

    @Test
    void endOfTheConsoleWhileTheOperatorIsAskedInterruptsTheQuestion() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        open(FakeTerminal.SILENT);
        session.setOperatorConsole(new OperatorConsole() {
            @Override
            public boolean question(String text) throws InterruptedException {
                asked.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } finally {
                    interrupted.countDown();
                }
                return true;
            }
        });
        ask(new Console.Claim());
        fake.send(new Console.Question("WAIT?"));
        assertThat(asked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(ask(new Console.Interrupt("timeout"))).isEqualTo(Console.Result.ok(""));
        assertThat(interrupted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        ask(new DeviceParams.Request()); // a round trip: an answer to the question would have come before it
        assertThat(fake.count("K0")).as("K0 to K1 and to K2 only, none to the question").isEqualTo(2);
    }

    @Test
    void withoutAConsoleEveryInteractionIsNotSupported() throws Exception {
        open(FakeTerminal.SILENT);
        assertThat(ask(new Console.Claim())).isEqualTo(new Console.Result(999, ""));
        assertThat(ask(new Console.Question("?"))).isEqualTo(new Console.Result(999, ""));
    }

    @Test
    void noticesReachTheListener() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        open(FakeTerminal.SILENT);
        session.setNoticeListener(new NoticeListener() {
            @Override
            public void unavailable(int seconds, String reason) {
                got.add("L1 " + seconds + " " + reason);
            }

            @Override
            public void event(int code, String text) {
                got.add("M1 " + code + " " + text);
            }
        });
        fake.send(new Notice.Unavailable(60, "UPDATE"));
        fake.send(new Notice.Event(12, "PAPER LOW"));
        assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("L1 60 UPDATE");
        assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("M1 12 PAPER LOW");
    }

    @Test
    void startApplicationReturnsTheTerminalsA2() throws Exception {
        open((p, m, t) -> {
            if (m instanceof App.Start) t.answer(p.token(), new App.Ack(0, "MENU OPEN"));
        });
        assertThat(session.startApplication()).isEqualTo(new App.Ack(0, "MENU OPEN"));
    }

    @Test
    void unavailableSendsL1() throws Exception {
        open(FakeTerminal.SILENT);
        assertThat(session.unavailable(300, "CASH UP")).isTrue();
        assertThat(Messages.decode(fake.wire().getLast())).isEqualTo(new Notice.Unavailable(300, "CASH UP"));
    }

    @Test
    void keyExchangeSendsAKekTheResponderCanDecryptAndVerify() throws Exception {
        KeyPair rsa = rsa();
        byte[][] got = new byte[1][];
        open((p, m, t) -> {
            try {
                switch (m) {
                    case Keys.PairingRequest b1 -> t.answer(p.token(), b2(rsa, 0));
                    case Keys.Exchange b3 -> {
                        got[0] = KeyCrypto.decryptKek(rsa.getPrivate(), b3.kek());
                        boolean same = KeyCrypto.sameCheckValue(KeyCrypto.checkValue(got[0]), b3.kcv());
                        t.answer(p.token(), new Keys.ExchangeAck(OptionalInt.of(same ? 0 : 998)));
                    }
                    default -> { }
                }
            } catch (GeneralSecurityException e) {
                t.answer(p.token(), new Keys.ExchangeAck(OptionalInt.of(997)));
            }
        });
        PairingResult r = session.pairKeys();
        assertThat(r.accepted()).as(r.toString()).isTrue();
        assertThat(r.kek()).hasValueSatisfying(k -> assertThat(k).hasSize(32).isEqualTo(got[0]));
        assertThat(r.toString()).doesNotContain(java.util.HexFormat.of().withUpperCase().formatHex(got[0]));
        Packet b3 = fake.wire().stream().filter(p -> p.type().equals("B3")).findFirst().orElseThrow();
        assertThat(b3.toString()).isEqualTo("B3[" + b3.token() + "][<2 secret fields>]");
        assertThat(b3.fields().getFirst()).hasSize(512);
    }

    @Test
    void checkValueMismatchReportedByTheTerminalIsNotAccepted() throws Exception {
        KeyPair rsa = rsa();
        open((p, m, t) -> {
            if (m instanceof Keys.PairingRequest) t.answer(p.token(), b2(rsa, 0));
            if (m instanceof Keys.Exchange) t.answer(p.token(), new Keys.ExchangeAck(OptionalInt.of(998)));
        });
        PairingResult r = session.pairKeys();
        assertThat(r.accepted()).isFalse();
        assertThat(r.result()).isEqualTo(998);
        assertThat(r.kek()).isEmpty();
        assertThat(r.message()).contains("check value");
    }

    @Test
    void refusedPairingEndsAtB2() throws Exception {
        open((p, m, t) -> {
            if (m instanceof Keys.PairingRequest) t.answer(p.token(), new Keys.PairingAnswer("170", "X", "Y", "Z", OptionalInt.of(999), "", ""));
        });
        PairingResult r = session.pairKeys();
        assertThat(r).isEqualTo(new PairingResult("B2", 999, "the terminal refused the key pairing (999)", Optional.empty()));
        assertThat(fake.count("B3")).isZero();
    }

    @Test
    void lastStatusAsksForTheReservedPaymentIdAndReportsTheReferenceTheTerminalNames() throws Exception {
        open((p, m, t) -> {
            if (m instanceof Sale.Start s && s.asksForLast() && s.ecrId().equals("KASA-01"))
                t.answer(p.token(), FakeTerminal.s2(17, "cancelled").withPaymentId("PAR/77"));
        });
        PaymentResult r = session.lastStatus("KASA-01");
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.ABORTED);
        assertThat(r.reference()).isEqualTo("PAR/77");
        assertThat(r.recovered()).isTrue();
    }

    @Test
    void lastIsNotAPaymentReference() {
        assertThatIllegalArgumentException().isThrownBy(() -> PaymentRequest.of(100, "PLN").withReference("LAST")).withMessageContaining("reserved");
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static Keys.PairingAnswer b2(KeyPair rsa, int result) {
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        return new Keys.PairingAnswer("170", "tillbridge", "frob", "1", OptionalInt.of(result), KeyCrypto.modulusHex(pub), KeyCrypto.exponentHex(pub));
    }
}
