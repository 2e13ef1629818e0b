package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tillbridge.ecr.PaymentListener;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.protocol.message.Sale;

/** The agent's payment callbacks (which journal) run on the job's lane thread, never on ecr's session thread. */
class LaneListenerTest {
    private static final PaymentRequest REQUEST = PaymentRequest.of(100, "PLN");
    private static final PaymentResult APPROVED = PaymentResult.ofSale(REQUEST.reference(), Sale.End.of(0, "approved"));

    /** A session stand-in: its own thread calls the listener, then completes the result. */
    private static CompletableFuture<PaymentResult> session(PaymentListener l) {
        CompletableFuture<PaymentResult> f = new CompletableFuture<>();
        Thread.ofPlatform().name("ecr-session").start(() -> {
            l.sent(REQUEST);
            l.status(new Sale.Status(20, "card"));
            l.recovering("no S2");
            l.abortSent();
            f.complete(APPROVED);
        });
        return f;
    }

    @Test
    void everyCallRunsOnTheWaitingThreadInOrderBeforeTheResultIsReturned() {
        List<String> calls = new CopyOnWriteArrayList<>();
        String me = Thread.currentThread().getName();
        PaymentListener recorder = new PaymentListener() {
            @Override
            public void sent(PaymentRequest r) {
                calls.add("sent on " + Thread.currentThread().getName());
            }

            @Override
            public void status(Sale.Status s) {
                calls.add("status " + s.status() + " on " + Thread.currentThread().getName());
            }

            @Override
            public void recovering(String reason) {
                calls.add("recovering on " + Thread.currentThread().getName());
            }

            @Override
            public void abortSent() {
                calls.add("abortSent on " + Thread.currentThread().getName());
            }
        };

        PaymentResult r = LaneListener.pay(LaneListenerTest::session, recorder, e -> { }, "R1", LaneListener.STUCK);

        assertThat(r).isSameAs(APPROVED);
        assertThat(calls).containsExactly("sent on " + me, "status 20 on " + me, "recovering on " + me, "abortSent on " + me);
    }

    @Test
    void aCallThatThrowsIsReportedAndTheResultStillComesBack() {
        List<RuntimeException> problems = new CopyOnWriteArrayList<>();
        PaymentListener throwing = new PaymentListener() {
            @Override
            public void sent(PaymentRequest r) {
                throw new IllegalStateException("journal bug");
            }
        };

        PaymentResult r = LaneListener.pay(LaneListenerTest::session, throwing, problems::add, "R1", LaneListener.STUCK);

        assertThat(r).isSameAs(APPROVED);
        assertThat(problems).extracting(Throwable::getMessage).containsExactly("journal bug");
    }

    @Test
    void anInterruptDoesNotEndTheWaitForTheOutcomeAndIsKept() {
        Thread.currentThread().interrupt();

        PaymentResult r = LaneListener.pay(LaneListenerTest::session, PaymentListener.NONE, e -> { }, "R1", LaneListener.STUCK);

        assertThat(r).isSameAs(APPROVED);
        assertThat(Thread.interrupted()).isTrue();
    }

    /** A session that never ends its payment (a defect) does not hold the job's lane for ever: the outcome is unknown and asked for. */
    @Test
    void aPaymentWithoutAResultWithinTheLimitIsUnknownNotWaitedForForEver() {
        PaymentResult r = LaneListener.pay(l -> new CompletableFuture<>(), PaymentListener.NONE, e -> { }, "R9",
                Duration.ofMillis(200));
        assertThat(r.outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
        assertThat(r.reference()).isEqualTo("R9");
        assertThat(r.message()).contains("no result from the ECR session");
    }
}
