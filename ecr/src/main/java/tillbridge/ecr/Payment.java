package tillbridge.ecr;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import tillbridge.protocol.Packet;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.message.Sale;

/**
 * The ECR side of one sale, driven by the session loop.
 *
 * <pre>
 * SENDING --S1 ACKed--> WAITING --S2 (not 995)--> done
 * SENDING --link lost, S1 not written--> done (ERROR: nothing was sent)
 * SENDING --S1 not ACKed | link lost--> QUERYING          (S1 is never written twice)
 * WAITING --no frame for paymentTimeout | link lost | S2 995--> QUERYING
 * QUERYING --S2 to the query--> done;  --no answer | 993-995 | link lost--> PAUSED --delay--> QUERYING
 * QUERYING/PAUSED after statusTries queries --> done (UNKNOWN);  a late S2 of the sale still counts
 * </pre>
 *
 * A status-only payment ({@link EcrSession#status}) starts in QUERYING.
 */
final class Payment {
    private enum State { SENDING, WAITING, QUERYING, PAUSED, DONE }

    final String reference;
    final CompletableFuture<PaymentResult> result = new CompletableFuture<>();
    private final Sale.Start sale;
    /** The status query for this payment: the sale's ids and amounts, kind C. */
    private final Sale.Start query;
    private final boolean statusOnly;
    private final PaymentRequest request;
    private final PaymentListener listener;
    private final Loop loop;
    private final Logger log;

    private State state;
    private String saleToken;
    private boolean written;
    private String queryToken;
    private int tries;
    private long deadline;
    private String reason;
    private String lastFailure;

    private Payment(Loop loop, Sale.Start sale, PaymentRequest request, PaymentListener listener, boolean statusOnly, Logger log) {
        this.loop = loop;
        this.sale = sale;
        this.query = new Sale.Start(Sale.STATUS, sale.ecrId(), sale.paymentId(), sale.gross(), sale.net(), sale.vat(),
                sale.currency(), sale.cashback(), sale.maxCashback());
        this.reference = sale.paymentId();
        this.request = request;
        this.listener = listener;
        this.statusOnly = statusOnly;
        this.log = log;
    }

    static Payment sale(Loop loop, PaymentRequest r, PaymentListener listener, Logger log) {
        Sale.Start s1 = new Sale.Start(Sale.SALE, r.ecrId(), r.reference(), r.amount(), r.net(), r.vat(), r.currency(),
                r.cashback(), r.maxCashback());
        return new Payment(loop, s1, r, listener, false, log);
    }

    /** A status query alone; S1 kind C carries zero amounts and currency XXX (ISO 4217: no currency). */
    static Payment status(Loop loop, String ecrId, String reference, Logger log) {
        Sale.Start c = new Sale.Start(Sale.STATUS, ecrId, reference, 0, 0, 0, "XXX", 0, java.util.OptionalLong.empty());
        return new Payment(loop, c, null, PaymentListener.NONE, true, log);
    }

    void start() {
        if (statusOnly) {
            reason = null;
            query();
            return;
        }
        if (!loop.ensureUp()) {
            finish(PaymentResult.notSent(reference, "not connected to the terminal (" + loop.downReason() + "); nothing was sent"));
            return;
        }
        state = State.SENDING;
        saleToken = loop.newToken();
        loop.sendWatched(saleToken, sale, () -> {
            written = true;
            log.info("S1 [{}] for payment {} written", saleToken, reference);
        });
    }

    boolean done() {
        return state == State.DONE;
    }

    /** Any frame from the terminal restarts the payment timer. */
    void frameReceived(long now) {
        if (state == State.WAITING) deadline = now + loop.options.paymentTimeout().toNanos();
    }

    void status(Sale.Status s) {
        if (state == State.DONE) return;
        safely(() -> listener.status(s));
    }

    void acked(Packet p, long now) {
        if (p.type().equals("S1") && Tokens.same(p.token(), saleToken) && state == State.SENDING) {
            written = true;
            state = State.WAITING;
            deadline = now + loop.options.paymentTimeout().toNanos();
            safely(() -> listener.sent(request));
        } else if (p.type().equals("P1") && state != State.DONE) {
            safely(listener::abortSent);
        }
    }

    void gaveUp(Packet p, String why) {
        if (!p.type().equals("S1")) return;
        if (Tokens.same(p.token(), saleToken) && state == State.SENDING) recover("S1 not acknowledged (" + why + ")");
        else if (Tokens.same(p.token(), queryToken) && state == State.QUERYING) queryFailed("status query not acknowledged (" + why + ")");
    }

    /** True if {@code token} is that of the status query now waiting for its answer. */
    boolean isQuery(String token) {
        return state == State.QUERYING && queryToken != null && Tokens.same(token, queryToken);
    }

    /**
     * An S2 with {@code token}; false if it belongs to neither the sale nor the query. An S2 with
     * the right token whose fields disagree with the request (another payment id, ECR id or amount)
     * is not its answer: a terminal that sends it breaks the protocol, so the outcome is asked for
     * with a status query, and never read from that S2.
     */
    boolean s2(String token, Sale.End end) {
        if (state == State.DONE) return false;
        if (Tokens.same(token, saleToken)) {
            Optional<String> wrong = end.mismatch(sale);
            if (wrong.isPresent()) {
                if (state == State.SENDING || state == State.WAITING) recover("the S2 with the sale's token does not answer it: " + wrong.get());
                else log.warn("payment {}: an S2 with the sale's token that does not answer it ({}); still asking", reference, wrong.get());
            } else if (end.result().isPresent() && end.result().getAsInt() == Sale.End.UNKNOWN) {
                if (state == State.SENDING || state == State.WAITING) recover("the terminal reports the outcome unknown (995)");
                else log.warn("S2 995 for payment {} while recovering; still asking", reference);
            } else {
                finish(PaymentResult.ofSale(reference, end));
            }
            return true;
        }
        if (queryToken != null && Tokens.same(token, queryToken) && state == State.QUERYING) {
            int code = end.result().orElse(-1);
            Optional<String> wrong = end.mismatch(query);
            if (wrong.isPresent()) queryFailed("the answer to the status query does not answer it: " + wrong.get());
            else if (code == Sale.End.BUSY || code == Sale.End.UNAVAILABLE || code == Sale.End.UNKNOWN)
                queryFailed("the terminal answered the status query with " + code + (end.message().isBlank() ? "" : ": " + end.message()));
            else finish(PaymentResult.ofStatus(reference, end));
            return true;
        }
        return false;
    }

    /** An S2 whose body could not be read. */
    boolean s2Unreadable(String token, String why) {
        if (state == State.DONE) return false;
        if (Tokens.same(token, saleToken)) {
            if (state == State.SENDING || state == State.WAITING) recover("unreadable S2 (" + why + ")");
            return true;
        }
        if (queryToken != null && Tokens.same(token, queryToken) && state == State.QUERYING) {
            queryFailed("unreadable answer to the status query (" + why + ")");
            return true;
        }
        return false;
    }

    long deadline() {
        return state == State.WAITING || state == State.QUERYING || state == State.PAUSED ? deadline : Long.MAX_VALUE;
    }

    void tick(long now) {
        if (deadline() == Long.MAX_VALUE || now - deadline < 0) return;
        switch (state) {
            case WAITING -> recover("no frame from the terminal for " + seconds(loop.options.paymentTimeout().toNanos()) + " s while waiting for S2");
            case QUERYING -> queryFailed("no answer to the status query within " + seconds(loop.options.answerTimeout().toNanos()) + " s");
            case PAUSED -> query();
            default -> { }
        }
    }

    void linkDown(String why) {
        switch (state) {
            case SENDING -> {
                if (written) recover("connection lost after S1 was sent: " + why);
                else finish(PaymentResult.notSent(reference, "connection lost before S1 was sent (" + why + "); nothing was sent"));
            }
            case WAITING -> recover("connection lost while waiting for S2: " + why);
            case QUERYING -> queryFailed("connection lost: " + why);
            default -> { }
        }
    }

    /**
     * The line sends our own frames back: no terminal answers on it. The cash register must fix
     * the line before anything can be paid, so the payment ends at once as an error.
     */
    void lineEchoes() {
        if (state == State.DONE) return;
        finish(PaymentResult.error(reference, LinkOutput.Echo.ADVICE + (statusOnly ? ""
                : written ? "; the S1 of payment " + reference + " came back unanswered (if a terminal also listens on this line, check it)"
                : "; nothing was sent")));
    }

    /** The session is closing: no more waiting. */
    void stop(String why) {
        if (state == State.DONE) return;
        if (!statusOnly && (state == State.SENDING && !written))
            finish(PaymentResult.notSent(reference, why + " before S1 was sent; nothing was sent"));
        else finish(PaymentResult.unknown(reference, why + " before the outcome was known; check the terminal (payment " + reference + ")"));
    }

    private void recover(String why) {
        reason = why;
        log.warn("payment {}: {}; asking the terminal for its outcome", reference, why);
        safely(() -> listener.recovering(why));
        tries = 0;
        query();
    }

    private void query() {
        if (tries >= loop.options.statusTries()) {
            String what = reason == null ? "status query for payment " + reference : "payment " + reference + ": " + reason;
            finish(PaymentResult.unknown(reference, what + "; no status answer after " + tries + " tries (last: " + lastFailure
                    + "); outcome unknown, check the terminal"));
            return;
        }
        tries++;
        if (!loop.ensureUp()) {
            if (!loop.canReconnect()) {
                String what = reason == null ? "cannot ask for payment " + reference : "payment " + reference + ": " + reason;
                finish(PaymentResult.unknown(reference, what + "; the connection cannot be reopened (" + loop.downReason()
                        + "); outcome unknown, check the terminal"));
                return;
            }
            queryFailed("cannot reconnect: " + loop.downReason());
            return;
        }
        state = State.QUERYING;
        queryToken = loop.newToken();
        deadline = loop.now() + loop.options.answerTimeout().toNanos();
        log.info("payment {}: status query {} of {}", reference, tries, loop.options.statusTries());
        loop.send(queryToken, query);
    }

    private void queryFailed(String why) {
        lastFailure = why;
        log.warn("payment {}: {}", reference, why);
        if (tries >= loop.options.statusTries()) {
            query();
            return;
        }
        state = State.PAUSED;
        deadline = loop.now() + loop.options.statusRetryDelay().toNanos();
    }

    private void finish(PaymentResult r) {
        if (state == State.DONE) return;
        state = State.DONE;
        log.info("payment {}: {}", reference, r);
        loop.paymentDone(this);
        result.complete(r);
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("payment {}: listener threw {}; the payment goes on", reference, e.toString());
            log.debug("listener stack trace", e);
        }
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }
}
