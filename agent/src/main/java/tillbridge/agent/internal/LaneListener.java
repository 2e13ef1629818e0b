package tillbridge.agent.internal;

import java.util.concurrent.BlockingQueue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import tillbridge.ecr.PaymentListener;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.protocol.message.Sale;

/**
 * Runs a payment's listener calls on the thread that waits for the payment (the job's lane), not
 * on ecr's session thread, which calls a listener: the agent's calls journal (an fsync), and a slow
 * disk must not hold up the session's link (ACKs, keep-alive, the terminal's own requests). The
 * calls keep their order, and all have run when the result is returned.
 */
final class LaneListener {
    private static final Runnable END = () -> { };
    /**
     * Far beyond what ecr's own timers allow a payment (the answer timeout, then the status
     * queries): a payment still without a result after this is stuck, and is reported UNKNOWN so
     * that the job's recovery asks the terminal instead of the lane waiting for ever.
     */
    static final Duration STUCK = Duration.ofMinutes(30);

    private LaneListener() {}

    /**
     * Starts the payment with a listener that hands each call to this thread, runs the calls as
     * they come, and returns the result. Like {@code EcrSession.pay} it is not interruptible (an
     * interrupt is kept for later), because the outcome must not be lost; and, as there, a call
     * that throws goes to {@code problem} and the payment goes on. A payment without a result after
     * {@code limit} is UNKNOWN.
     */
    static PaymentResult pay(Function<PaymentListener, CompletableFuture<PaymentResult>> start, PaymentListener listener,
                             Consumer<RuntimeException> problem, String reference, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        BlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
        CompletableFuture<PaymentResult> result = start.apply(new PaymentListener() {
            @Override
            public void sent(PaymentRequest request) {
                calls.add(() -> listener.sent(request));
            }

            @Override
            public void status(Sale.Status status) {
                calls.add(() -> listener.status(status));
            }

            @Override
            public void abortSent() {
                calls.add(listener::abortSent);
            }

            @Override
            public void recovering(String reason) {
                calls.add(() -> listener.recovering(reason));
            }

            /** Comes after the result, when this thread has stopped taking calls: straight through (it hands itself off). */
            @Override
            public void lateAnswer(PaymentResult late) {
                listener.lateAnswer(late);
            }
        });
        // the session calls the listener before it completes the result, so END comes after every call
        result.whenComplete((r, e) -> calls.add(END));
        boolean interrupted = false;
        try {
            while (true) {
                Runnable call;
                try {
                    call = calls.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    continue;
                }
                if (call == null) {
                    return PaymentResult.unknown(reference, "no result from the ECR session within " + limit.toMinutes()
                            + " min; the terminal is asked what became of it");
                }
                if (call == END) return result.join();
                try {
                    call.run();
                } catch (RuntimeException e) {
                    problem.accept(e);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
