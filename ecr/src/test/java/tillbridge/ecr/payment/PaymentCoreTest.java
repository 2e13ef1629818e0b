package tillbridge.ecr.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tillbridge.ecr.payment.EmbeddedPayment.OPTIONS;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.ecr.PaymentResult.Outcome;
import tillbridge.ecr.payment.EmbeddedPayment.Connection;
import tillbridge.protocol.message.Sale;

/** The money rules of one payment, on a virtual clock: each case is a few events, no threads, no sockets. */
class PaymentCoreTest {
    private static final PaymentRequest REQUEST = PaymentRequest.of(1250, "PLN").withEcrId("KASA-01").withReference("PAR-1");
    private static final Duration MS = Duration.ofMillis(1);

    private static EmbeddedPayment sale() {
        return EmbeddedPayment.sale(REQUEST);
    }

    /** An S2 naming the request it answers, as a tillbridge terminal sends it. */
    private static Sale.End s2(int result) {
        return answer(result, REQUEST.amount(), REQUEST.reference(), REQUEST.ecrId());
    }

    private static Sale.End answer(int result, long amount, String paymentId, String ecrId) {
        return new Sale.End(OptionalInt.of(result), "", "M1", "T1", "TX1", OptionalLong.of(amount), OptionalLong.of(0), "VISA", "text", "", "AUTH01",
                paymentId, ecrId);
    }

    // ---- the plain sale ----

    @Test
    void anApprovalAnsweringTheS1EndsThePaymentApprovedAndTheListenerHearsOfTheS1Once() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.on(new PaymentEvent.Received("20001", new Sale.Status(20, "card")));
        p.s2(s2(0));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(p.outcome().recovered()).isFalse();
        assertThat(p.salesSent()).isEqualTo(1);
        assertThat(p.all(PaymentEffect.NotifySent.class)).containsExactly(new PaymentEffect.NotifySent(REQUEST));
        assertThat(p.all(PaymentEffect.NotifyStatus.class)).hasSize(1);
        assertThat(p.core.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theS1CarriesTheRequestAndIsWatchedForItsWrite() {
        EmbeddedPayment p = sale().start();

        PaymentEffect.Send s1 = p.sends().getFirst();
        assertThat(s1.watch()).isTrue();
        assertThat(s1.message()).isEqualTo(new Sale.Start("S", "KASA-01", "PAR-1", 1250, 1250, 0, "PLN", 0, OptionalLong.empty()));
    }

    // ---- S1 at most once ----

    static Stream<Arguments> linkDropsAfterTheS1MayHaveLeft() {
        return Stream.of(
                Arguments.of(Named.of("written, not yet acknowledged", (Step) EmbeddedPayment::written)),
                Arguments.of(Named.of("acknowledged, waiting for S2", (Step) EmbeddedPayment::sentAndAcked)),
                Arguments.of(Named.of("acknowledged, terminal sent I1", (Step) p -> {
                    p.sentAndAcked();
                    p.on(new PaymentEvent.Received("20001", new Sale.Status(50, "authorising")));
                })));
    }

    @ParameterizedTest
    @MethodSource("linkDropsAfterTheS1MayHaveLeft")
    void aLinkDropAfterTheS1MayHaveLeftIsNeverAnsweredWithASecondS1OnlyWithStatusQueries(Step before) {
        EmbeddedPayment p = sale().start();
        before.apply(p);

        p.linkDown();
        assertThat(p.all(PaymentEffect.NotifyRecovering.class)).singleElement().asString().contains("connection lost");
        p.linkDown(); // the reconnected link drops too, during the query
        p.advance(OPTIONS.statusRetryDelay());
        p.answerQuery(s2(0));

        assertThat(p.salesSent()).isEqualTo(1);
        assertThat(p.queriesSent()).hasSize(2).allSatisfy(q -> {
            assertThat(q.paymentId()).isEqualTo("PAR-1");
            assertThat(q.ecrId()).isEqualTo("KASA-01");
            assertThat(q.gross()).isEqualTo(1250);
        });
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(p.outcome().recovered()).isTrue();
    }

    @Test
    void noAckForTheS1IsRecoveredByStatusQueryNeverBySendingItAgain() {
        EmbeddedPayment p = sale().start().written();
        p.on(new PaymentEvent.GaveUp("S1", p.saleToken(), "no ACK within 2000 ms"));
        p.answerQuery(s2(51));

        assertThat(p.salesSent()).isEqualTo(1);
        assertThat(p.all(PaymentEffect.NotifySent.class)).isEmpty();
        assertThat(p.all(PaymentEffect.NotifyRecovering.class)).singleElement().asString().contains("S1 not acknowledged");
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(p.outcome().recovered()).isTrue();
    }

    @Test
    void aStartedPaymentCannotBeStartedAgain() {
        EmbeddedPayment p = sale().start();

        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started twice");
        assertThat(p.salesSent()).isEqualTo(1);
    }

    // ---- 993 and 994: the S1 was not taken ----

    static Stream<Arguments> answersThatTheS1WasNotTaken() {
        Step acked = EmbeddedPayment::sentAndAcked;
        Step later = p -> p.sentAndAcked().advance(Duration.ofSeconds(30));
        Step recovering = p -> p.sentAndAcked().advance(OPTIONS.paymentTimeout()).advance(OPTIONS.answerTimeout());
        return Stream.of(
                Arguments.of(Named.of("at once", acked), Sale.End.UNAVAILABLE),
                Arguments.of(Named.of("30 s after the ACK", later), Sale.End.UNAVAILABLE),
                Arguments.of(Named.of("late, while recovering", recovering), Sale.End.UNAVAILABLE),
                Arguments.of(Named.of("at once", acked), Sale.End.BUSY));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("answersThatTheS1WasNotTaken")
    void a993Or994AnsweringTheS1EndsThePaymentNotSentSoItMayBeSentAgain(Step before, int code) {
        EmbeddedPayment p = sale().start();
        before.apply(p);
        int queries = p.queriesSent().size();

        p.s2(s2(code));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(p.outcome().notSent()).isTrue();
        assertThat(p.outcome().message()).contains("(" + code + ")", "nothing was charged");
        assertThat(p.outcome().end()).hasValueSatisfying(e -> assertThat(e.result()).hasValue(code));
        assertThat(p.queriesSent()).hasSize(queries);
        assertThat(p.salesSent()).isEqualTo(1);
        assertThat(p.core.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void a994AfterAnI1OfThePaymentIsNotBelievedTheStatusQueryDecides() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.on(new PaymentEvent.Received("20001", new Sale.Status(Sale.Status.WAITING_FOR_PIN, "PIN")));

        p.s2(s2(Sale.End.UNAVAILABLE));

        assertThat(p.result()).isEmpty();
        assertThat(p.all(PaymentEffect.NotifyRecovering.class)).singleElement().asString().contains("not taken (994) after the terminal sent I1");
        p.answerQuery(s2(Sale.End.UNAVAILABLE));
        p.advance(Duration.ofMinutes(1));
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(p.outcome().notSent()).isFalse();
        assertThat(p.salesSent()).isEqualTo(1);
    }

    @Test
    void a994ThatNamesAnotherPaymentProvesNothingAboutThisOne() {
        EmbeddedPayment p = sale().start().sentAndAcked();

        p.s2(answer(Sale.End.UNAVAILABLE, 0, "PAR-0", "KASA-01"));

        assertThat(p.result()).isEmpty();
        assertThat(p.queriesSent()).hasSize(1);
    }

    // ---- an answer only when it matches ----

    static Stream<Arguments> s2sThatDoNotAnswerTheS1() {
        return Stream.of(
                Arguments.of(Named.of("another amount", answer(0, 1200, "PAR-1", "KASA-01")), "amount 1200"),
                Arguments.of(Named.of("another payment id", answer(0, 1250, "PAR-0", "KASA-01")), "payment id 'PAR-0'"),
                Arguments.of(Named.of("another ECR id", answer(0, 1250, "PAR-1", "KASA-02")), "ECR id 'KASA-02'"),
                Arguments.of(Named.of("outcome unknown (995)", s2(Sale.End.UNKNOWN)), "outcome unknown (995)"),
                Arguments.of(Named.of("unreadable", null), "unreadable S2"));
    }

    @ParameterizedTest
    @MethodSource("s2sThatDoNotAnswerTheS1")
    void anS2WithTheSaleTokenThatDoesNotAnswerItIsNeverTheOutcomeTheStatusQueryDecides(Sale.End wrong, String why) {
        EmbeddedPayment p = sale().start().sentAndAcked();

        if (wrong == null) p.on(new PaymentEvent.Received(p.saleToken(), EmbeddedPayment.unreadableS2()));
        else p.s2(wrong);

        assertThat(p.result()).isEmpty();
        assertThat(p.all(PaymentEffect.NotifyRecovering.class)).singleElement().asString().contains(why);
        assertThat(p.queriesSent()).hasSize(1);
        p.answerQuery(s2(51));
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(p.outcome().recovered()).isTrue();
        assertThat(p.salesSent()).isEqualTo(1);
    }

    @Test
    void aMismatchingS2FollowedBySilenceIsUnknownAfterEveryStatusQuery() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.s2(answer(0, 1250, "R-OLD", "KASA-01"));
        p.advance(Duration.ofMinutes(5));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(p.outcome().message()).contains("payment id 'R-OLD'").contains("check the terminal");
        assertThat(p.queriesSent()).hasSize(OPTIONS.statusTries());
    }

    @Test
    void anS2WithAnotherTokenIsIgnored() {
        EmbeddedPayment p = sale().start().sentAndAcked();

        var effects = p.on(new PaymentEvent.Received("2AAAA", s2(0)));

        assertThat(effects).singleElement().isInstanceOf(PaymentEffect.Log.class);
        assertThat(p.result()).isEmpty();
    }

    @Test
    void anAnswerToTheQueryThatNamesAnotherPaymentIsNotTakenTheNextQueryDecides() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.s2(s2(Sale.End.UNKNOWN));
        p.answerQuery(answer(0, 1250, "PAR-0", "KASA-01"));
        assertThat(p.result()).isEmpty();

        p.advance(OPTIONS.statusRetryDelay());
        p.answerQuery(s2(0));

        assertThat(p.queriesSent()).hasSize(2);
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.APPROVED);
    }

    @Test
    void theSaleTokenOnAStatusAnswerIsNotTheQuerysAnswer() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.s2(s2(Sale.End.UNKNOWN));

        assertThat(p.core.isQuery(p.lastQueryToken())).isTrue();
        assertThat(p.core.isQuery(p.saleToken())).isFalse();
    }

    // ---- recovery ----

    @ParameterizedTest
    @ValueSource(ints = {Sale.End.BUSY, Sale.End.UNAVAILABLE, Sale.End.UNKNOWN})
    void aStatusQueryAnsweredBusyUnavailableOrUnknownIsAskedAgainAfterTheDelay(int code) {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.s2(s2(Sale.End.UNKNOWN));
        p.answerQuery(Sale.End.of(code, "in progress"));

        p.advance(OPTIONS.statusRetryDelay().minus(MS));
        assertThat(p.queriesSent()).hasSize(1);
        p.advance(MS);
        assertThat(p.queriesSent()).hasSize(2);
        p.answerQuery(s2(0));
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.APPROVED);
    }

    @Test
    void aLateS2OfTheSaleDuringRecoveryStillCounts() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.advance(OPTIONS.paymentTimeout());
        p.advance(OPTIONS.answerTimeout()); // the query got no answer: paused before the next

        p.s2(s2(0));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(p.outcome().recovered()).isFalse();
    }

    @Test
    void anS2995DuringRecoveryKeepsAsking() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.s2(s2(Sale.End.UNKNOWN));
        p.s2(s2(Sale.End.UNKNOWN));

        assertThat(p.result()).isEmpty();
        assertThat(p.core.isQuery(p.lastQueryToken())).isTrue();
    }

    // ---- a late answer after UNKNOWN ----

    private static EmbeddedPayment endedUnknown() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.advance(Duration.ofMinutes(10));
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(p.core.awaitsLateAnswer()).isTrue();
        return p;
    }

    @Test
    void aLateS2OfTheSaleAfterTheOutcomeWasReportedUnknownIsToldToTheListenerOnce() {
        EmbeddedPayment p = endedUnknown();

        p.s2(s2(0));
        p.s2(s2(0));

        assertThat(p.all(PaymentEffect.NotifyLateAnswer.class)).singleElement().satisfies(l -> {
            assertThat(l.result().outcome()).isEqualTo(Outcome.APPROVED);
            assertThat(l.result().end()).hasValueSatisfying(e -> assertThat(e.authCode()).isEqualTo("AUTH01"));
        });
        assertThat(p.outcome().outcome()).as("the result returned stands").isEqualTo(Outcome.UNKNOWN);
        assertThat(p.core.awaitsLateAnswer()).isFalse();
        assertThat(p.on(new PaymentEvent.LinkDown("gone"))).isEmpty();
    }

    @Test
    void aLateAnswerToOneOfItsStatusQueriesIsTheOutcomeToo() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.advance(OPTIONS.paymentTimeout());
        String firstQuery = p.lastQueryToken();
        p.advance(Duration.ofMinutes(10));
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);

        p.on(new PaymentEvent.Received(firstQuery, s2(51)));

        assertThat(p.all(PaymentEffect.NotifyLateAnswer.class)).singleElement().satisfies(l -> {
            assertThat(l.result().outcome()).isEqualTo(Outcome.DECLINED);
            assertThat(l.result().recovered()).isTrue();
        });
    }

    static Stream<Arguments> lateS2sThatAreNotTheOutcome() {
        return Stream.of(
                Arguments.of(Named.of("another amount", answer(0, 1200, "PAR-1", "KASA-01"))),
                Arguments.of(Named.of("another payment id", answer(0, 1250, "PAR-0", "KASA-01"))),
                Arguments.of(Named.of("another ECR id", answer(51, 1250, "PAR-1", "KASA-02"))),
                Arguments.of(Named.of("no ids: the token alone", new Sale.End(OptionalInt.of(0), "", "M1", "T1", "TX1", OptionalLong.of(1250),
                        OptionalLong.of(0), "VISA", "text", "", "AUTH01"))),
                Arguments.of(Named.of("an approval without its amount", new Sale.End(OptionalInt.of(0), "", "M1", "T1", "TX1", OptionalLong.empty(),
                        OptionalLong.of(0), "VISA", "text", "", "AUTH01", "PAR-1", "KASA-01"))),
                Arguments.of(Named.of("outcome unknown (995)", s2(Sale.End.UNKNOWN))),
                Arguments.of(Named.of("not taken (994)", s2(Sale.End.UNAVAILABLE))));
    }

    @ParameterizedTest
    @MethodSource("lateS2sThatAreNotTheOutcome")
    void aLateS2OfTheSaleThatDoesNotProveTheOutcomeIsNotTakenAndALaterOneStillCan(Sale.End wrong) {
        EmbeddedPayment p = endedUnknown();

        p.s2(wrong);
        assertThat(p.all(PaymentEffect.NotifyLateAnswer.class)).isEmpty();
        assertThat(p.all(PaymentEffect.Log.class).getLast().text()).contains("is not taken");

        p.s2(s2(0));
        assertThat(p.all(PaymentEffect.NotifyLateAnswer.class)).hasSize(1);
    }

    @Test
    void aLateS2WithAnotherTokenIsNotThisPaymentsAnswer() {
        EmbeddedPayment p = endedUnknown();

        assertThat(p.on(new PaymentEvent.Received("2AAAA", s2(0)))).isEmpty();
        assertThat(p.core.awaitsLateAnswer()).isTrue();
    }

    @Test
    void onlyASaleThatEndedUnknownWaitsForALateAnswer() {
        EmbeddedPayment approved = sale().start().sentAndAcked();
        approved.s2(s2(0));
        EmbeddedPayment notSent = sale();
        notSent.connection = Connection.GONE_FOR_GOOD;
        notSent.start();
        EmbeddedPayment statusOnly = EmbeddedPayment.status("KASA-01", "PAR-9").start();
        statusOnly.advance(Duration.ofMinutes(10));

        assertThat(statusOnly.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(List.of(approved, notSent, statusOnly)).noneMatch(p -> p.core.awaitsLateAnswer());
        assertThat(approved.s2(s2(0))).isEmpty();
    }

    @Test
    void noSuchTransactionIsUnknownNotDeclined() {
        EmbeddedPayment p = sale().start().written();
        p.on(new PaymentEvent.GaveUp("S1", p.saleToken(), "no ACK"));
        p.answerQuery(Sale.End.of(Sale.End.NO_SUCH_TRANSACTION, "no such transaction"));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void aTerminalThatCanBeReachedAgainButIsNotIsAskedEveryTryThenUnknown() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.connection = Connection.DOWN_FOR_NOW;
        p.linkDown();
        p.advance(Duration.ofMinutes(1));

        assertThat(p.all(PaymentEffect.Connect.class)).hasSize(1 + OPTIONS.statusTries());
        assertThat(p.queriesSent()).isEmpty();
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(p.outcome().message()).contains("cannot reconnect: connection refused");
    }

    @Test
    void aConnectionThatCannotBeReopenedAfterTheS1LeftIsUnknownAtOnce() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.connection = Connection.GONE_FOR_GOOD;
        p.linkDown();

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(p.outcome().message()).contains("cannot be reopened");
    }

    // ---- timeouts ----

    @Test
    void everyFrameFromTheTerminalRestartsThePaymentTimer() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.advance(OPTIONS.paymentTimeout().minus(MS));
        p.on(new PaymentEvent.Received("20001", new Sale.Status(90, "PIN")));
        p.advance(OPTIONS.paymentTimeout().minus(MS));
        assertThat(p.all(PaymentEffect.NotifyRecovering.class)).isEmpty();

        p.advance(MS);

        assertThat(p.all(PaymentEffect.NotifyRecovering.class)).singleElement().asString().contains("no frame from the terminal for 180 s");
        assertThat(p.queriesSent()).hasSize(1);
    }

    @Test
    void noS2InTimeAndNoStatusAnswerIsUnknownAfterEveryTry() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        // 180 s for the S2, then 3 queries of 10 s each with 2 s between them
        Duration all = OPTIONS.paymentTimeout().plus(OPTIONS.answerTimeout().multipliedBy(3)).plus(OPTIONS.statusRetryDelay().multipliedBy(2));

        p.advance(all.minus(MS));
        assertThat(p.result()).isEmpty();
        p.advance(MS);

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(p.outcome().notSent()).isFalse();
        assertThat(p.outcome().message()).contains("no status answer after 3 tries");
        assertThat(p.queriesSent()).hasSize(3);
        assertThat(p.salesSent()).isEqualTo(1);
    }

    @Test
    void theTerminalFallingSilentBeforeTheS1WasWrittenIsNotSent() {
        EmbeddedPayment p = sale().start(); // the S1 waits in the link behind a frame the terminal never acknowledges

        p.on(new PaymentEvent.LinkDown("the terminal stopped answering: no T2 within 5000 ms of our ping"));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(p.outcome().notSent()).isTrue();
        assertThat(p.outcome().message()).contains("nothing was sent");
        assertThat(p.queriesSent()).isEmpty();
    }

    @Test
    void noConnectionAtTheStartIsNotSent() {
        EmbeddedPayment p = sale();
        p.connection = Connection.GONE_FOR_GOOD;
        p.start();

        assertThat(p.outcome().notSent()).isTrue();
        assertThat(p.sends()).isEmpty();
    }

    @Test
    void noDeadlineWhileTheLinkIsStillDeliveringTheS1() {
        EmbeddedPayment p = sale().start().written();

        assertThat(p.core.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    // ---- abort ----

    @Test
    void anAbortBeforeTheS1WasHandedToTheLinkEndsThePaymentNotSentAndNothingGoesOut() {
        EmbeddedPayment p = sale();
        p.connection = Connection.HELD;
        p.start();

        var effects = p.on(new PaymentEvent.Abort());
        p.on(new PaymentEvent.Connected()); // the connection comes up too late

        assertThat(effects).noneMatch(f -> f instanceof PaymentEffect.SendAbort);
        assertThat(p.outcome().notSent()).isTrue();
        assertThat(p.outcome().message()).contains("aborted before S1 was sent");
        assertThat(p.sends()).isEmpty();
    }

    @Test
    void anAbortAfterTheS1SendsP1AndTheTerminalsS2Decides() {
        EmbeddedPayment p = sale().start().sentAndAcked();

        assertThat(p.on(new PaymentEvent.Abort())).containsExactly(new PaymentEffect.SendAbort());
        assertThat(p.on(new PaymentEvent.Acked("P1", "2711"))).containsExactly(new PaymentEffect.NotifyAbortSent());
        assertThat(p.result()).isEmpty();
        p.s2(s2(Sale.End.CANCELLED));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.ABORTED);
    }

    @Test
    void anAbortWhileTheS1IsStillInTheLinkSendsP1AfterIt() {
        EmbeddedPayment p = sale().start();

        assertThat(p.on(new PaymentEvent.Abort())).containsExactly(new PaymentEffect.SendAbort());
        assertThat(p.result()).isEmpty();
    }

    // ---- the end of the session, the line, defects ----

    static Stream<Arguments> endings() {
        Step none = p -> { };
        Step written = EmbeddedPayment::written;
        Step acked = EmbeddedPayment::sentAndAcked;
        Step recovering = p -> p.sentAndAcked().s2(s2(Sale.End.UNKNOWN));
        PaymentEvent stop = new PaymentEvent.Stop("session closed");
        PaymentEvent defect = new PaymentEvent.Defect("internal error (java.lang.IllegalStateException: bug)");
        // the session closing drops the link first: a failure there leaves the payment reconnecting, its Connect unanswered
        Step reconnecting = p -> {
            p.sentAndAcked();
            p.connection = Connection.HELD;
            p.linkDown();
        };
        Step paused = p -> p.sentAndAcked().advance(OPTIONS.paymentTimeout()).advance(OPTIONS.answerTimeout());
        return Stream.of(
                Arguments.of(Named.of("S1 in the link, not written", none), stop, true),
                Arguments.of(Named.of("S1 written", written), stop, false),
                Arguments.of(Named.of("S1 acknowledged", acked), stop, false),
                Arguments.of(Named.of("recovering", recovering), stop, false),
                Arguments.of(Named.of("reconnecting", reconnecting), stop, false),
                Arguments.of(Named.of("paused between status queries", paused), stop, false),
                // a defect proves nothing about the write: only an S1 never handed to the link is not sent
                Arguments.of(Named.of("S1 in the link, not written", none), defect, false),
                Arguments.of(Named.of("S1 acknowledged", acked), defect, false),
                Arguments.of(Named.of("recovering", recovering), defect, false),
                Arguments.of(Named.of("reconnecting", reconnecting), defect, false),
                Arguments.of(Named.of("paused between status queries", paused), defect, false));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("endings")
    void anEndBeforeTheOutcomeIsNotSentOnlyWhenTheS1ProvablyNeverLeft(Step before, PaymentEvent end, boolean notSent) {
        EmbeddedPayment p = sale().start();
        before.apply(p);

        p.on(end);

        PaymentResult r = p.outcome();
        assertThat(r.notSent()).isEqualTo(notSent);
        assertThat(r.outcome()).isEqualTo(notSent ? Outcome.ERROR : Outcome.UNKNOWN);
        assertThat(r.message()).contains(end instanceof PaymentEvent.Stop s ? s.reason() : "internal error");
        assertThat(p.core.nextDeadline()).as("nothing left to wait for").isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Closing the session stops the payment, and performing that stop may fail too (the runner
     * then feeds a Defect): the payment has ended once, with the stop's result, never waits.
     */
    @Test
    void aFailureWhileTheSessionClosesEndsThePaymentOnceAndNeverLeavesItWaiting() {
        EmbeddedPayment p = sale().start().sentAndAcked();
        p.connection = Connection.HELD;
        p.linkDown(); // the close drops the link: reconnecting, its Connect never answered

        p.on(new PaymentEvent.Defect("internal error (java.lang.IllegalStateException: failed while closing)"));
        p.on(new PaymentEvent.Stop("session closed"));
        p.on(new PaymentEvent.Connected());

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(p.outcome().message()).contains("failed while closing", "check the terminal");
        assertThat(p.all(PaymentEffect.Finish.class)).hasSize(1);
        assertThat(p.queriesSent()).isEmpty();
    }

    @Test
    void aDefectBeforeTheConnectionIsUpIsNotSent() {
        EmbeddedPayment p = sale();
        p.connection = Connection.HELD;
        p.start();

        p.on(new PaymentEvent.Defect("internal error (java.lang.IllegalStateException: connector defect)"));

        assertThat(p.outcome().notSent()).isTrue();
        assertThat(p.outcome().message()).contains("connector defect");
    }

    @Test
    void anEchoingLineEndsThePaymentAsAnErrorThatSaysWhy() {
        EmbeddedPayment p = sale().start().written();

        p.on(new PaymentEvent.Echo());

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(p.outcome().notSent()).as("an echoing line is not for trying again").isFalse();
        assertThat(p.outcome().message()).contains("the line echoes what we send", "came back unanswered");
    }

    // ---- a status query alone ----

    @Test
    void aStatusQueryAloneAsksAtOnceWithZeroAmountsAndReadsTheAnswer() {
        EmbeddedPayment p = EmbeddedPayment.status("KASA-01", "PAR-9").start();

        assertThat(p.salesSent()).isZero();
        assertThat(p.queriesSent()).singleElement().satisfies(q -> {
            assertThat(q.gross()).isZero();
            assertThat(q.currency()).isEqualTo("XXX");
        });
        p.answerQuery(answer(0, 990, "PAR-9", "KASA-01"));
        assertThat(p.outcome().outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(p.outcome().recovered()).isTrue();
    }

    @Test
    void aStatusQueryAloneThatGetsNoAnswerIsUnknownNeverNotSent() {
        EmbeddedPayment p = EmbeddedPayment.status("KASA-01", "PAR-9");
        p.connection = Connection.HELD;
        p.start();

        p.on(new PaymentEvent.Stop("session closed"));

        assertThat(p.outcome().outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    /** What a case does before the event under test. */
    @FunctionalInterface
    interface Step {
        void apply(EmbeddedPayment p);
    }
}
