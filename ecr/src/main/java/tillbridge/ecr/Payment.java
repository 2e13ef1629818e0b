package tillbridge.ecr;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import tillbridge.ecr.payment.PaymentCore;
import tillbridge.ecr.payment.PaymentEffect;
import tillbridge.ecr.payment.PaymentEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Message;

/**
 * Runs one {@link PaymentCore} on the session loop: turns what the loop sees into events, and
 * performs the core's effects with the loop's connection, link and clock. Events that performing
 * an effect causes (the answer to Connect, a write that failed) are queued and taken in order once
 * the current effects are done, so the core never sees an event in the middle of another.
 */
final class Payment {
    final String reference;
    final CompletableFuture<PaymentResult> result = new CompletableFuture<>();
    private final PaymentCore core;
    private final PaymentListener listener;
    private final Loop loop;
    private final Logger log;
    private final ArrayDeque<PaymentEvent> events = new ArrayDeque<>();
    private boolean dispatching;
    /** The P1 command of the abort being dispatched, until a SendAbort effect takes it. */
    private Loop.Send abort;

    private Payment(Loop loop, PaymentCore core, PaymentListener listener, Logger log) {
        this.loop = loop;
        this.core = core;
        this.reference = core.reference();
        this.listener = listener;
        this.log = log;
    }

    static Payment sale(Loop loop, PaymentRequest r, PaymentListener listener, Logger log) {
        return new Payment(loop, PaymentCore.sale(r, loop.options, loop::newToken), listener, log);
    }

    static Payment status(Loop loop, String ecrId, String reference, Logger log) {
        return new Payment(loop, PaymentCore.status(ecrId, reference, loop.options, loop::newToken), PaymentListener.NONE, log);
    }

    void start() {
        dispatch(new PaymentEvent.Start());
    }

    boolean done() {
        return core.done();
    }

    boolean awaitsLateAnswer() {
        return core.awaitsLateAnswer();
    }

    boolean isQuery(String token) {
        return core.isQuery(token);
    }

    long deadline() {
        return core.nextDeadline();
    }

    void received(String token, Message m) {
        dispatch(new PaymentEvent.Received(token, m));
    }

    void acked(Packet p) {
        dispatch(new PaymentEvent.Acked(p.type(), p.token()));
    }

    void gaveUp(Packet p, String why) {
        dispatch(new PaymentEvent.GaveUp(p.type(), p.token(), why));
    }

    void tick() {
        dispatch(new PaymentEvent.Tick());
    }

    void linkDown(String why) {
        dispatch(new PaymentEvent.LinkDown(why));
    }

    void lineEchoes() {
        dispatch(new PaymentEvent.Echo());
    }

    void stop(String why) {
        dispatch(new PaymentEvent.Stop(why));
    }

    /** P1 for this payment, if the core sends one; otherwise {@code p1} completes false at once. */
    void abort(Loop.Send p1) {
        abort = p1;
        try {
            dispatch(new PaymentEvent.Abort());
        } finally {
            if (abort != null) abort.acked().complete(false);
            abort = null;
        }
    }

    /**
     * A defect met while this payment runs ends it at once, with the reason: unknown if its S1 may
     * have left, not sent otherwise. Whatever was still queued is dropped, since the state it
     * would act on is in doubt; if even that fails the outcome is unknown, never lost.
     */
    void fail(RuntimeException ex) {
        events.clear();
        dispatching = false;
        String why = "internal error (" + ex + ")";
        try {
            dispatch(new PaymentEvent.Defect(why));
        } catch (RuntimeException again) {
            log.error("payment {}: ending it after {} failed too", reference, why, again);
        }
        // a no-op when the core has finished it
        result.complete(PaymentResult.unknown(reference, why + " before the outcome was known; check the terminal (payment " + reference + ")"));
    }

    private void dispatch(PaymentEvent e) {
        events.add(e);
        if (dispatching) return;
        dispatching = true;
        try {
            for (PaymentEvent next; (next = events.poll()) != null; )
                for (PaymentEffect f : core.on(next, loop.now())) perform(f);
        } finally {
            dispatching = false;
        }
    }

    private void perform(PaymentEffect f) {
        switch (f) {
            case PaymentEffect.Connect c -> dispatch(loop.ensureUp() ? new PaymentEvent.Connected()
                    : new PaymentEvent.Unreachable(loop.downReason(), loop.canReconnect()));
            case PaymentEffect.Send s -> {
                if (s.watch()) loop.sendWatched(s.token(), s.message(), () -> dispatch(new PaymentEvent.Written(s.token())));
                else loop.send(s.token(), s.message());
            }
            case PaymentEffect.SendAbort a -> {
                if (abort != null) loop.sendCommand(abort);
                abort = null;
            }
            case PaymentEffect.NotifySent n -> safely(() -> listener.sent(n.request()));
            case PaymentEffect.NotifyStatus s -> safely(() -> listener.status(s.status()));
            case PaymentEffect.NotifyAbortSent a -> safely(listener::abortSent);
            case PaymentEffect.NotifyRecovering r -> safely(() -> listener.recovering(r.reason()));
            case PaymentEffect.NotifyLateAnswer l -> safely(() -> listener.lateAnswer(l.result()));
            case PaymentEffect.Finish done -> {
                loop.paymentDone(this);
                result.complete(done.result());
            }
            case PaymentEffect.Log l -> log.atLevel(l.level()).log(l.text());
        }
    }

    /** The listener is the caller's code: its exception is logged and the payment goes on (PaymentListener says so). */
    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("payment {}: listener threw {}; the payment goes on", reference, e.toString());
            log.debug("listener stack trace", e);
        }
    }
}
