package tillbridge.ecr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tillbridge.common.testing.LowPorts;
import tillbridge.ecr.FakeTerminal;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.Sale;

class EcrCliTest {
    private ServerSocket server;
    private final List<FakeTerminal> fakes = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void tearDown() throws IOException {
        fakes.forEach(FakeTerminal::close);
        if (server != null) server.close();
    }

    /** A TCP terminal that runs {@code script} on every connection; returns "127.0.0.1:port". */
    private String serve(FakeTerminal.Script script) throws IOException {
        server = LowPorts.loopback(5);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    fakes.add(new FakeTerminal(s.getInputStream(), s.getOutputStream(), script));
                }
            } catch (IOException e) {
                // server closed
            }
        });
        return "127.0.0.1:" + server.getLocalPort();
    }

    private int run(String... args) {
        CommandLine cl = EcrCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static boolean sale(Object m) {
        return m instanceof Sale.Start s && !s.isStatusQuery();
    }

    @Test
    void amountsConvertExactly() {
        assertThat(Amounts.parse("12.50", "PLN")).isEqualTo(1250);
        assertThat(Amounts.parse("12.5", "PLN")).isEqualTo(1250);
        assertThat(Amounts.parse("12", "PLN")).isEqualTo(1200);
        assertThat(Amounts.parse("0.01", "PLN")).isEqualTo(1);
        assertThat(Amounts.parse("12.500", "PLN")).isEqualTo(1250);
        assertThat(Amounts.parse("9999999999.99", "PLN")).isEqualTo(999_999_999_999L);
        assertThat(Amounts.format(1250, "PLN")).isEqualTo("12.50");
    }

    @Test
    void amountsHaveTheDecimalsOfTheirCurrency() {
        assertThat(Amounts.parse("12", "JPY")).isEqualTo(12);
        assertThat(Amounts.parse("12.0", "JPY")).isEqualTo(12);
        assertThat(Amounts.parse("1.234", "KWD")).isEqualTo(1234);
        assertThat(Amounts.parse("1.2", "KWD")).isEqualTo(1200);
        assertThat(Amounts.format(12, "JPY")).isEqualTo("12");
        assertThat(Amounts.format(1234, "KWD")).isEqualTo("1.234");
        assertThatThrownBy(() -> Amounts.parse("12.5", "JPY")).hasMessage("'12.5' has decimals, and JPY has none (e.g. 1250 JPY)");
        assertThatThrownBy(() -> Amounts.parse("1.2345", "KWD")).hasMessage("'1.2345' has more than 3 decimals, the minor unit of KWD (e.g. 1.250 KWD)");
        assertThatThrownBy(() -> Amounts.parse("1", "ABC")).hasMessageContaining("unknown currency 'ABC'");
        assertThatThrownBy(() -> Amounts.parse("1", "XXX")).hasMessageContaining("not a currency one pays in");
    }

    @Test
    void amountsRejectMoreDecimalsNegativesAndOddForms() {
        assertThatThrownBy(() -> Amounts.parse("12.505", "PLN")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 2 decimals");
        assertThatThrownBy(() -> Amounts.parse("-1", "PLN")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        for (String bad : new String[] {"1e3", "12,50", "", ".5", "12.", "abc", "10000000000.00"})
            assertThatThrownBy(() -> Amounts.parse(bad, "PLN")).as(bad).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badAmountIsAUsageError() {
        assertThat(run("--connect", "127.0.0.1:9", "pay", "12.505", "PLN")).isEqualTo(EcrCli.USAGE);
        assertThat(err.toString()).contains("more than 2 decimals");
        assertThat(run("--connect", "127.0.0.1:9", "pay", "-1", "PLN")).isEqualTo(EcrCli.USAGE);
        assertThat(run("--connect", "127.0.0.1:9", "pay", "0", "PLN")).isEqualTo(EcrCli.USAGE);
        assertThat(run("--connect", "127.0.0.1:9", "pay", "1", "PLN", "--ref", "x".repeat(21))).isEqualTo(EcrCli.USAGE);
        assertThat(run("--connect", "127.0.0.1:9", "pay", "12.5", "JPY")).isEqualTo(EcrCli.USAGE);
        assertThat(run("--connect", "127.0.0.1:9", "pay", "1", "PLN", "--cashback", "0.001")).isEqualTo(EcrCli.USAGE);
        assertThat(err.toString()).contains("--cashback '0.001' has more than 2 decimals");
    }

    @Test
    void missingTargetOrCommandIsAUsageError() {
        assertThat(run("test")).isEqualTo(EcrCli.USAGE);
        assertThat(run("--connect", "127.0.0.1:9")).isEqualTo(EcrCli.USAGE);
        assertThat(run("--connect", "nohost", "test")).isEqualTo(EcrCli.USAGE);
    }

    @Test
    void aUsageErrorIsOneLinePointingToTheHelpOfItsCommand() {
        assertThat(run("--connect", "127.0.0.1:9")).isEqualTo(EcrCli.USAGE);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("ecr: give a command").endsWith("(see ecr --help)");
        err.getBuffer().setLength(0);
        assertThat(run("--connect", "127.0.0.1:9", "pay", "12.505", "PLN")).isEqualTo(EcrCli.USAGE);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("ecr: ").endsWith("(see ecr pay --help)");
    }

    @Test
    void anUnknownHostIsNamedAsSuch() {
        assertThat(run("--connect", "no-such-host.invalid:5002", "test")).isEqualTo(EcrCli.ERROR);
        assertThat(err.toString()).contains("unknown host 'no-such-host.invalid'").doesNotContain("Exception");
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Exit codes").contains("3    unknown");
    }

    @Test
    void unreachableTerminalIsAnError() throws IOException {
        assertThat(run("--connect", "127.0.0.1:" + LowPorts.free(), "test")).isEqualTo(EcrCli.ERROR);
        assertThat(err.toString()).contains("cannot connect");
    }

    @Test
    void anEchoingLineIsAnErrorForEveryCommand() {
        for (String[] command : List.of(new String[] {"test"}, new String[] {"config"}, new String[] {"pay", "1.00", "PLN"},
                new String[] {"status", "--ref", "R-1"})) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--exec", "cat"), java.util.Arrays.stream(command))
                    .toArray(String[]::new);
            assertThat(run(args)).as(String.join(" ", command)).isEqualTo(EcrCli.ERROR);
            assertThat(err.toString() + out).as(String.join(" ", command)).contains("the line echoes what we send");
        }
    }

    @Test
    void payInYenSendsWholeYenAndInDinarsThousandths() throws IOException {
        List<String> sent = new CopyOnWriteArrayList<>();
        String addr = serve((p, m, t) -> {
            if (sale(m)) {
                Sale.Start s1 = (Sale.Start) m;
                sent.add(s1.gross() + " " + s1.currency());
                t.answer(p.token(), FakeTerminal.s2(0, "OK"));
            }
        });
        run("--connect", addr, "pay", "12", "JPY");
        assertThat(out.toString()).contains("sent 12 JPY");
        run("--connect", addr, "pay", "1.234", "KWD");
        assertThat(out.toString()).contains("sent 1.234 KWD");
        assertThat(sent).containsExactly("12 JPY", "1234 KWD");
    }

    @Test
    void testPrintsTheAnswer() throws IOException {
        String addr = serve((p, m, t) -> {
            if (m instanceof CommTest.Query) t.answer(p.token(), new CommTest.Answer("170", "ACME", "PINPAD", "00012345"));
        });
        assertThat(run("--connect", addr, "test")).isZero();
        assertThat(out.toString()).contains("version 170").contains("vendor ACME").contains("device_id 00012345");
    }

    @Test
    void payPrintsStatusesThenTheOutcome() throws IOException {
        String addr = serve((p, m, t) -> {
            if (sale(m)) {
                t.send(new Sale.Status(20, "PROSZE WLOZYC KARTE"));
                t.send(new Sale.Status(90, "PODAJ PIN"));
                t.answer(p.token(), FakeTerminal.s2(0, "TRANSAKCJA ZAAKCEPTOWANA"));
            }
        });
        assertThat(run("--connect", addr, "pay", "12.50", "PLN", "--ref", "PAR/1")).isZero();
        assertThat(out.toString()).contains("""
                status 20 waiting for card: PROSZE WLOZYC KARTE
                status 90 waiting for PIN: PODAJ PIN
                outcome APPROVED
                """).contains("reference PAR/1").contains("masked_pan 411111******1111").contains("auth_code 654321")
                .contains("tid T0001234").contains("transaction_id 240520123456").contains("method VISA")
                .contains("terminal_message TRANSAKCJA ZAAKCEPTOWANA").doesNotContain("0B30557A");
    }

    @Test
    void declinedExitsOne() throws IOException {
        String addr = serve((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), Sale.End.of(51, "insufficient funds"));
        });
        assertThat(run("--connect", addr, "pay", "12.51", "PLN")).isEqualTo(EcrCli.DECLINED);
        assertThat(out.toString()).contains("outcome DECLINED").contains("result 51");
    }

    @Test
    void busyExitsFour() throws IOException {
        String addr = serve((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), Sale.End.of(993, "Payment endpoint busy"));
        });
        assertThat(run("--connect", addr, "pay", "1", "PLN")).isEqualTo(EcrCli.ERROR);
        assertThat(out.toString()).contains("outcome ERROR").contains("busy");
    }

    @Test
    void abortAfterSendsP1AndWaitsForTheS2() throws IOException {
        String[] saleToken = new String[1];
        String addr = serve((p, m, t) -> {
            if (sale(m)) {
                saleToken[0] = p.token();
                t.send(new Sale.Status(20, "PROSZE WLOZYC KARTE"));
            }
            if (m instanceof Sale.Abort) t.answer(saleToken[0], Sale.End.of(17, "cancelled"));
        });
        assertThat(run("--connect", addr, "pay", "12.50", "PLN", "--abort-after", "0.1")).isEqualTo(EcrCli.ABORTED);
        assertThat(out.toString()).contains("abort acknowledged").contains("outcome ABORTED");
    }

    @Test
    void statusReportsTheEarlierOutcome() throws IOException {
        String addr = serve((p, m, t) -> {
            if (m instanceof Sale.Start s && s.isStatusQuery() && s.paymentId().equals("PAR/9") && s.ecrId().equals("KASA-01"))
                t.answer(p.token(), FakeTerminal.s2(0, "approved"));
        });
        assertThat(run("--connect", addr, "status", "--ref", "PAR/9", "--ecr-id", "KASA-01")).isZero();
        assertThat(out.toString()).contains("outcome APPROVED (from a status query)").contains("reference PAR/9");
    }

    @Test
    void abortReportsTheAck() throws IOException {
        String addr = serve(FakeTerminal.SILENT);
        assertThat(run("--connect", addr, "abort")).isZero();
        assertThat(out.toString()).contains("abort acknowledged");
    }

    /** A terminal that asks "PODPIS OK?" during the sale and approves only on yes; every step waits for the ECR's K0. */
    private String signatureTerminal() throws IOException {
        String[] sale = new String[1];
        int[] step = new int[1];
        return serve((p, m, t) -> {
            if (sale(m)) {
                sale[0] = p.token();
                step[0] = 1;
                t.send(new tillbridge.protocol.message.Console.Claim());
            } else if (m instanceof tillbridge.protocol.message.Console.Result k0) {
                switch (step[0]++) {
                    case 1 -> t.send(new tillbridge.protocol.message.Console.Question("PODPIS OK?"));
                    case 2 -> {
                        boolean yes = k0.result() == 0 && k0.output().equals("1");
                        t.send(new tillbridge.protocol.message.Console.Interrupt(""));
                        t.answer(sale[0], yes ? FakeTerminal.s2(0, "approved") : Sale.End.of(5, "signature rejected"));
                    }
                    default -> { }
                }
            }
        });
    }

    @Test
    void scriptedAnswerGivenAfterTheCommandAnswersTheTerminalsQuestion() throws IOException {
        String addr = signatureTerminal();
        assertThat(run("--connect", addr, "pay", "12.77", "PLN", "--answer", "no")).isEqualTo(EcrCli.DECLINED);
        assertThat(out.toString()).contains("console question PODPIS OK? (yes/no)", "console answer no (scripted)", "outcome DECLINED");
    }

    @Test
    void scriptedYesApproves() throws IOException {
        String addr = signatureTerminal();
        assertThat(run("--connect", addr, "--answer", "yes", "pay", "12.77", "PLN")).isZero();
        assertThat(out.toString()).contains("console answer yes (scripted)", "outcome APPROVED");
    }

    @Test
    void promptWithNoAnswerAndNoTerminalIsCancelledAtOnce() throws IOException {
        String addr = signatureTerminal();
        assertThat(run("--connect", addr, "pay", "12.77", "PLN")).isEqualTo(EcrCli.DECLINED);
        assertThat(out.toString()).contains("console cancelled: no answer");
        // the terminal sends its S2 right after the K2, so the ECR's K0 to that K2 may arrive after pay returns
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(fakes.getFirst().wire().stream().filter(p -> p.type().equals("K0")).map(p -> p.fields().getFirst()).toList())
                        .containsExactly("0", "1", "0"));
    }

    /** A terminal that prints a receipt (each packet after the ECR's D0) before its S2. */
    private String receiptTerminal() throws IOException {
        String[] sale = new String[1];
        int[] step = new int[1];
        return serve((p, m, t) -> {
            if (sale(m)) {
                sale[0] = p.token();
                step[0] = 1;
                t.send(new tillbridge.protocol.message.Printing.Start("CUSTOMER RECEIPT", java.util.OptionalInt.of(2)));
            } else if (m instanceof tillbridge.protocol.message.Printing.Answer) {
                switch (step[0]++) {
                    case 1 -> t.send(new tillbridge.protocol.message.Printing.Content("C", List.of("TILLBRIDGE SHOP")));
                    case 2 -> t.send(new tillbridge.protocol.message.Printing.Content("", List.of("TOTAL 12.00 PLN")));
                    case 3 -> t.send(new tillbridge.protocol.message.Printing.End(true));
                    case 4 -> t.answer(sale[0], FakeTerminal.s2(0, "approved"));
                    default -> { }
                }
            }
        });
    }

    @Test
    void receiptPrintedDuringThePaymentComesOutOnStdout() throws IOException {
        assertThat(run("--connect", receiptTerminal(), "pay", "12.00", "PLN")).isZero();
        assertThat(out.toString()).contains("""
                receipt begin CUSTOMER RECEIPT
                |             TILLBRIDGE SHOP
                | TOTAL 12.00 PLN
                receipt end (cut)
                outcome APPROVED""");
    }

    @Test
    void receiptFileTakesTheReceiptInsteadOfStdout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("receipts.txt");
        assertThat(run("--connect", receiptTerminal(), "--receipt-file", file.toString(), "pay", "12.00", "PLN")).isZero();
        assertThat(java.nio.file.Files.readString(file)).contains("receipt begin CUSTOMER RECEIPT", "| TOTAL 12.00 PLN");
        assertThat(out.toString()).doesNotContain("| TOTAL").contains("receipt printed to " + file);
    }

    @Test
    void statusLastPrintsTheReferenceOfTheLastTransaction() throws IOException {
        String addr = serve((p, m, t) -> {
            if (m instanceof Sale.Start s && s.asksForLast()) t.answer(p.token(), FakeTerminal.s2(0, "approved").withPaymentId("PAR/41"));
        });
        assertThat(run("--connect", addr, "status", "--last", "--ecr-id", "KASA-01")).isZero();
        assertThat(out.toString()).contains("outcome APPROVED (from a status query)").contains("reference PAR/41");
        assertThat(run("--connect", addr, "status")).as("--ref or --last").isEqualTo(EcrCli.USAGE);
        assertThat(run("--connect", addr, "status", "--ref", "LAST")).isEqualTo(EcrCli.USAGE);
    }

    @Test
    void appPrintsTheTerminalsAnswer() throws IOException {
        String addr = serve((p, m, t) -> {
            if (m instanceof tillbridge.protocol.message.App.Start) t.answer(p.token(), new tillbridge.protocol.message.App.Ack(0, "MENU"));
        });
        assertThat(run("--connect", addr, "app")).isZero();
        assertThat(out.toString()).contains("result 0").contains("message MENU");
    }

    @Test
    void keysReportsAMismatchWithoutPrintingAKey() throws IOException {
        String addr = serve((p, m, t) -> {
            try {
                if (m instanceof tillbridge.protocol.message.Keys.PairingRequest) {
                    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    var pub = (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
                    t.answer(p.token(), new tillbridge.protocol.message.Keys.PairingAnswer("170", "", "", "", java.util.OptionalInt.of(0),
                            tillbridge.protocol.message.KeyCrypto.modulusHex(pub), tillbridge.protocol.message.KeyCrypto.exponentHex(pub)));
                }
                if (m instanceof tillbridge.protocol.message.Keys.Exchange)
                    t.answer(p.token(), new tillbridge.protocol.message.Keys.ExchangeAck(java.util.OptionalInt.of(998)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(run("--connect", addr, "keys")).isEqualTo(EcrCli.ERROR);
        assertThat(out.toString()).contains("result 998").contains("stage B4").contains("check value");
    }
}
