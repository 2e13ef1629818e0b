package tillbridge.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tillbridge.common.testing.LowPorts;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.Sale;

class EcrSessionTest {
    /** Short timers so that the unhappy paths run in well under a second. */
    static final EcrOptions FAST = EcrOptions.DEFAULT
            .withLink(LinkPolicy.DEFAULT.withAckTimeout(Duration.ofMillis(200)).withKeepAlive(Duration.ZERO))
            .withAnswerTimeout(Duration.ofMillis(400))
            .withPaymentTimeout(Duration.ofMillis(600))
            .withStatusTries(3, Duration.ofMillis(20));

    private FakeTerminal fake;
    private EcrSession session;

    @AfterEach
    void tearDown() {
        if (session != null) session.close();
        if (fake != null) fake.close();
    }

    private EcrSession open(FakeTerminal.Script script) throws Exception {
        fake = new FakeTerminal(script);
        session = fake.session(FAST);
        return session;
    }

    private static boolean sale(tillbridge.protocol.message.Message m) {
        return m instanceof Sale.Start s && !s.isStatusQuery();
    }

    private static boolean statusQuery(tillbridge.protocol.message.Message m) {
        return m instanceof Sale.Start s && s.isStatusQuery();
    }

    @Test
    void approved() throws Exception {
        Recorder rec = new Recorder();
        open((p, m, t) -> {
            if (sale(m)) {
                t.send(new Sale.Status(20, "PROSZE WLOZYC KARTE"));
                t.answer(p.token(), FakeTerminal.s2(0, "TRANSAKCJA ZAAKCEPTOWANA"));
            }
        });
        PaymentRequest req = PaymentRequest.of(1250, "PLN").withEcrId("KASA-01").withReference("PAR/1");

        PaymentResult r = session.pay(req, rec);

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.APPROVED);
        assertThat(r.reference()).isEqualTo("PAR/1");
        assertThat(r.recovered()).isFalse();
        Sale.End end = r.end().orElseThrow();
        assertThat(end.maskedPan()).isEqualTo("411111******1111");
        assertThat(end.authCode()).isEqualTo("654321");
        assertThat(rec.sent).containsExactly(req);
        assertThat(fake.s1("S")).isEqualTo(1);
        Sale.Start s1 = (Sale.Start) tillbridge.protocol.message.Messages.decode(fake.wire().getFirst());
        assertThat(s1).isEqualTo(new Sale.Start("S", "KASA-01", "PAR/1", 1250, 1250, 0, "PLN", 0, java.util.OptionalLong.empty()));
    }

    @Test
    void declined() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), FakeTerminal.s2(5, "do not honour"));
        });
        PaymentResult r = session.pay(PaymentRequest.of(1205, "PLN"));
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
        assertThat(r.message()).contains("declined (5)").contains("do not honour");
    }

    @Test
    void emptyResultIsDeclined() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), new Sale.End(java.util.OptionalInt.empty(), "", "", "", "", java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), "", "x", "", ""));
        });
        assertThat(session.pay(PaymentRequest.of(100, "PLN")).outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
    }

    @Test
    void abortedWithP1ThenS2Cancelled() throws Exception {
        Recorder rec = new Recorder();
        open((p, m, t) -> {
            if (sale(m)) t.send(new Sale.Status(20, "PROSZE WLOZYC KARTE"));
            if (m instanceof Sale.Abort) {
                t.send(new Sale.Status(180, "PRZERYWANIE"));
                t.answer(lastSaleToken(t), Sale.End.of(17, "cancelled"));
            }
        });
        var result = session.payAsync(PaymentRequest.of(1250, "PLN"), rec);
        await().atMost(Duration.ofSeconds(5)).until(() -> !rec.statuses.isEmpty());

        assertThat(session.abort()).isTrue();
        PaymentResult r = result.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.ABORTED);
        assertThat(rec.statuses).containsExactly(20, 180);
        assertThat(rec.abortSent).isEqualTo(1);
        assertThat(fake.count("P1")).isEqualTo(1);
    }

    @Test
    void statusesReachTheListenerInOrder() throws Exception {
        Recorder rec = new Recorder();
        open((p, m, t) -> {
            if (sale(m)) {
                for (int s : new int[] {20, 30, 90, 100, 50, 140}) t.send(new Sale.Status(s, "step " + s));
                t.answer(p.token(), FakeTerminal.s2(0, "OK"));
            }
        });
        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"), rec);
        assertThat(r.approved()).isTrue();
        assertThat(rec.statuses).containsExactly(20, 30, 90, 100, 50, 140);
    }

    @Test
    void busyIsAnErrorWithTheReasonAndTheS1WasNotTaken() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), Sale.End.of(993, "Payment endpoint busy"));
        });
        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"));
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.ERROR);
        assertThat(r.message()).contains("busy").contains("Payment endpoint busy");
        assertThat(r.notSent()).as("993 answers an S1 that no payment took: it may be sent again").isTrue();
        assertThat(fake.s1("C")).isZero();
    }

    @Test
    void unavailableAndRejectedAreErrorsOnlyUnavailableIsNotSent() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), Sale.End.of(p.fields().get(2).equals("A") ? 994 : 999, ""));
        });
        PaymentResult unavailable = session.pay(PaymentRequest.of(1, "PLN").withReference("A"));
        assertThat(unavailable.outcome()).isEqualTo(PaymentResult.Outcome.ERROR);
        assertThat(unavailable.notSent()).isTrue();
        PaymentResult r = session.pay(PaymentRequest.of(1, "PLN").withReference("B"));
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.ERROR);
        assertThat(r.message()).contains("rejected");
        assertThat(r.notSent()).isFalse();
    }

    @Test
    void lostS1AckIsNeverResentAndTheOutcomeIsRecovered() throws Exception {
        Recorder rec = new Recorder();
        open((p, m, t) -> {
            // the sale went through, but neither its ACK nor its S2 reach the ECR; the journal knows it
            if (statusQuery(m)) t.answer(p.token(), FakeTerminal.s2(0, "approved earlier"));
        });
        fake.swallowAckOf("S1");

        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN").withReference("PAR/7"), rec);

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.APPROVED);
        assertThat(r.recovered()).isTrue();
        assertThat(fake.s1("S")).as("S1 sale frames on the wire").isEqualTo(1);
        assertThat(fake.s1("C")).isEqualTo(1);
        assertThat(rec.recovering).singleElement().asString().contains("S1 not acknowledged");
        assertThat(rec.sent).isEmpty();
        var query = (Sale.Start) tillbridge.protocol.message.Messages.decode(fake.wire().getLast());
        assertThat(query.paymentId()).isEqualTo("PAR/7");
        assertThat(query.ecrId()).isEqualTo(PaymentRequest.DEFAULT_ECR_ID);
    }

    @Test
    void noAnswerToTheStatusQueryIsUnknown() throws Exception {
        open(FakeTerminal.SILENT);
        fake.swallowAckOf("S1");

        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"));

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
        assertThat(r.message()).contains("check the terminal");
        assertThat(fake.s1("S")).isEqualTo(1);
        assertThat(fake.s1("C")).isEqualTo(FAST.statusTries());
    }

    @Test
    void anApprovalOfAnotherAmountIsNotTakenTheStatusQueryDecides() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), approval(1200, "R-OLD"));
            if (statusQuery(m)) t.answer(p.token(), FakeTerminal.s2(51, "insufficient funds"));
        });
        PaymentResult r = session.pay(PaymentRequest.of(1251, "PLN").withReference("R-NEW"));

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
        assertThat(r.recovered()).isTrue();
        assertThat(fake.s1("S")).isEqualTo(1);
        assertThat(fake.s1("C")).isEqualTo(1);
    }

    @Test
    void anS2NamingAnotherPaymentIsNeverReportedAsTheOutcome() throws Exception {
        open((p, m, t) -> {
            if (m instanceof Sale.Start) t.answer(p.token(), approval(1251, "R-OLD"));
        });
        PaymentResult r = session.pay(PaymentRequest.of(1251, "PLN").withReference("R-NEW"));

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
        assertThat(r.message()).contains("payment id 'R-OLD'");
        assertThat(fake.s1("S")).isEqualTo(1);
        assertThat(fake.s1("C")).isEqualTo(FAST.statusTries());
    }

    @Test
    void anEchoingLineFailsEveryRequestAtOnce() throws Exception {
        EcrOptions slow = EcrOptions.DEFAULT.withStatusTries(3, Duration.ofSeconds(10));
        try (EcrSession echo = Terminal.exec(List.of("cat"), slow)) {
            assertThatThrownBy(echo::test).isInstanceOf(EcrException.class).hasMessageContaining("the line echoes what we send");
        }
        try (EcrSession echo = Terminal.exec(List.of("cat"), slow)) {
            PaymentResult r = echo.pay(PaymentRequest.of(100, "PLN"));

            assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.ERROR);
            assertThat(r.message()).contains("the line echoes what we send", "check the cable or the port's echo setting");
        }
    }

    private static Sale.End approval(long amount, String paymentId) {
        return new Sale.End(java.util.OptionalInt.of(0), "", "M1", "T1", "TX1", java.util.OptionalLong.of(amount),
                java.util.OptionalLong.of(0), "VISA", "approved", "", "AUTH01", paymentId, "");
    }

    @Test
    void outcomeUnknown995RunsRecovery() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), Sale.End.of(995, "outcome unknown"));
            if (statusQuery(m)) t.answer(p.token(), FakeTerminal.s2(51, "insufficient funds"));
        });
        PaymentResult r = session.pay(PaymentRequest.of(1251, "PLN"));
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
        assertThat(r.recovered()).isTrue();
        assertThat(fake.s1("S")).isEqualTo(1);
    }

    @Test
    void noS2InTimeRunsRecovery() throws Exception {
        Recorder rec = new Recorder();
        open((p, m, t) -> {
            if (sale(m)) t.send(new Sale.Status(20, "PROSZE WLOZYC KARTE"));
            if (statusQuery(m)) t.answer(p.token(), FakeTerminal.s2(0, "late but approved"));
        });
        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"), rec);
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.APPROVED);
        assertThat(r.recovered()).isTrue();
        assertThat(rec.recovering).singleElement().asString().contains("no frame from the terminal");
    }

    @Test
    void statusQueryAnsweredBusyIsRetried() throws Exception {
        int[] queries = {0};
        open((p, m, t) -> {
            if (sale(m)) t.answer(p.token(), Sale.End.of(995, ""));
            if (statusQuery(m)) t.answer(p.token(), ++queries[0] < 3 ? Sale.End.of(993, "in progress") : FakeTerminal.s2(0, ""));
        });
        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"));
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.APPROVED);
        assertThat(fake.s1("C")).isEqualTo(3);
    }

    @Test
    void noSuchTransactionIsUnknownNotDeclined() throws Exception {
        open((p, m, t) -> {
            if (statusQuery(m)) t.answer(p.token(), Sale.End.of(Sale.End.NO_SUCH_TRANSACTION, "no such transaction"));
        });
        fake.swallowAckOf("S1");
        assertThat(session.pay(PaymentRequest.of(1250, "PLN")).outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
    }

    @Test
    void connectionClosedBeforeS1IsAnErrorThatSaysNothingWasSent() throws Exception {
        open(FakeTerminal.SILENT);
        fake.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !session.isOpen());

        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"));

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.ERROR);
        assertThat(r.message()).contains("nothing was sent");
        assertThat(r.notSent()).isTrue();
        assertThat(fake.count("S1")).isZero();
    }

    @Test
    void connectionLostAfterS1WithoutReconnectIsUnknown() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) t.close();
        });
        PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"));
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
        assertThat(r.message()).contains("cannot be reopened");
        assertThat(fake.s1("S")).isEqualTo(1);
    }

    @Test
    void connectionLostAfterS1IsRecoveredOnANewConnection() throws Exception {
        List<FakeTerminal> fakes = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket server = LowPorts.loopback(5)) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int n = 0; ; n++) {
                        java.net.Socket s = server.accept();
                        boolean first = n == 0;
                        fakes.add(new FakeTerminal(s.getInputStream(), s.getOutputStream(), (p, m, t) -> {
                            if (first && sale(m)) t.close(); // the line drops right after the terminal took the S1
                            if (!first && statusQuery(m)) t.answer(p.token(), FakeTerminal.s2(0, "approved"));
                        }));
                    }
                } catch (java.io.IOException e) {
                    // server closed
                }
            });
            session = Terminal.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2), FAST);

            PaymentResult r = session.pay(PaymentRequest.of(1250, "PLN"));

            assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.APPROVED);
            assertThat(r.recovered()).isTrue();
            assertThat(fakes).hasSize(2);
            assertThat(fakes.stream().mapToLong(f -> f.s1("S")).sum()).isEqualTo(1);
            assertThat(fakes.get(1).s1("C")).isEqualTo(1);
        } finally {
            fakes.forEach(FakeTerminal::close);
        }
    }

    @Test
    void s1IsResentAfterATimeoutOnlyWhenThePeerDropsDuplicates() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        fake = new FakeTerminal((p, m, t) -> {
            if (sale(m)) delivered.add(p.token());
        });
        session = fake.session(FAST.withRetransmitNonIdempotent(true));
        fake.swallowAckOf("S1");

        var result = session.payAsync(PaymentRequest.of(1250, "PLN"), PaymentListener.NONE);
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.s1("S") == 2);
        fake.answer(delivered.getFirst(), FakeTerminal.s2(0, ""));
        PaymentResult r = result.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.APPROVED);
        assertThat(r.recovered()).isFalse();
        assertThat(delivered).as("the terminal dropped the duplicate by token").hasSize(1);
    }

    @Test
    void listenerExceptionsDoNotStopThePayment() throws Exception {
        open((p, m, t) -> {
            if (sale(m)) {
                t.send(new Sale.Status(20, ""));
                t.answer(p.token(), FakeTerminal.s2(0, ""));
            }
        });
        PaymentListener throwing = new PaymentListener() {
            @Override
            public void status(Sale.Status s) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void sent(PaymentRequest r) {
                throw new IllegalStateException("listener bug");
            }
        };
        assertThat(session.pay(PaymentRequest.of(1250, "PLN"), throwing).approved()).isTrue();
        assertThat(session.pay(PaymentRequest.of(1250, "PLN"), throwing).approved()).as("the session still works").isTrue();
    }

    @Test
    void aDefectDuringAPaymentEndsItUnknownWithTheReasonAndTheSessionGoesOn() throws Exception {
        FakeTerminal first = new FakeTerminal((p, m, t) -> {
            if (sale(m)) t.close(); // the terminal took the S1, then the line dropped: recovery must reconnect
        });
        fake = first;
        session = new EcrSession(first.line(), () -> {
            throw new IllegalStateException("connector defect");
        }, FAST);

        PaymentResult r = session.payAsync(PaymentRequest.of(1250, "PLN"), PaymentListener.NONE).get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
        assertThat(r.message()).contains("internal error").contains("connector defect");
        assertThat(first.s1("S")).isEqualTo(1);
    }

    @Test
    void onePaymentAtATime() throws Exception {
        open(FakeTerminal.SILENT);
        session.payAsync(PaymentRequest.of(1250, "PLN"), PaymentListener.NONE);
        assertThatThrownBy(() -> session.pay(PaymentRequest.of(100, "PLN"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void answersTheTerminalsRequestsDuringASale() throws Exception {
        List<tillbridge.protocol.message.Message> answers = new CopyOnWriteArrayList<>();
        open((p, m, t) -> {
            if (sale(m)) {
                t.send(new tillbridge.protocol.message.DeviceParams.Request());
                t.send(new tillbridge.protocol.message.Console.Claim());
                t.send(new tillbridge.protocol.message.Printing.Start("receipt", java.util.OptionalInt.empty()));
                t.answer(p.token(), FakeTerminal.s2(0, ""));
            } else {
                answers.add(m);
            }
        });
        assertThat(session.pay(PaymentRequest.of(1250, "PLN")).approved()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> answers.size() == 3);
        assertThat(answers).extracting(tillbridge.protocol.message.Message::code).containsExactly("D5", "K0", "D0");
    }

    private static String lastSaleToken(FakeTerminal t) {
        return t.wire().stream().filter(p -> p.type().equals("S1")).reduce((a, b) -> b).orElseThrow().token();
    }

    /** Collects listener calls. */
    static final class Recorder implements PaymentListener {
        final List<PaymentRequest> sent = new CopyOnWriteArrayList<>();
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        final List<String> recovering = new CopyOnWriteArrayList<>();
        volatile int abortSent;

        @Override
        public void sent(PaymentRequest r) {
            sent.add(r);
        }

        @Override
        public void status(Sale.Status s) {
            statuses.add(s.status());
        }

        @Override
        public void abortSent() {
            abortSent++;
        }

        @Override
        public void recovering(String reason) {
            recovering.add(reason);
        }
    }
}
