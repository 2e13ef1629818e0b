package tillbridge.ecr.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.event.Level;
import tillbridge.ecr.EcrOptions;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.ecr.payment.PaymentEffect.Connect;
import tillbridge.ecr.payment.PaymentEffect.Finish;
import tillbridge.ecr.payment.PaymentEffect.Log;
import tillbridge.ecr.payment.PaymentEffect.Send;
import tillbridge.ecr.payment.PaymentEvent.Acked;
import tillbridge.ecr.payment.PaymentEvent.GaveUp;
import tillbridge.ecr.payment.PaymentEvent.Received;
import tillbridge.ecr.payment.PaymentEvent.Unreachable;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Sale;

/**
 * The money rules of one payment as a pure state machine: no threads, no clock, no I/O. Its
 * runner feeds it {@link PaymentEvent}s with the time, performs the returned {@link PaymentEffect}s
 * in order, and feeds back what they cause (the answer to Connect, a Written, a LinkDown).
 *
 * <pre>
 * CONNECTING --up--> SENDING --S1 ACKed--> WAITING --S2 (not 995)--> done
 * CONNECTING --unreachable--> done (ERROR: nothing was sent)
 * SENDING, WAITING --S2 993 | 994 (no I1 before it)--> done (ERROR: not taken, may be sent again)
 * SENDING --link lost, S1 not written--> done (ERROR: nothing was sent)
 * SENDING --S1 not ACKed | link lost--> RECONNECTING        (S1 is never sent twice)
 * WAITING --no frame for paymentTimeout | link lost | S2 995 | S2 not answering the S1--> RECONNECTING
 * RECONNECTING --up--> QUERYING --S2 to the query--> done
 * RECONNECTING --cannot reconnect-->, QUERYING --no answer | 993-995 | link lost--> PAUSED --delay--> RECONNECTING
 * after statusTries queries --> done (UNKNOWN);  until then a late S2 of the sale still counts
 * </pre>
 *
 * A sale that ended UNKNOWN still takes a late S2 that matches as its outcome ({@link #awaitsLateAnswer}).
 * A status-only payment starts in RECONNECTING. An answer is taken only when it carries the token
 * of what it answers and its fields agree with that request ({@link Sale.End#mismatch}).
 */
public final class PaymentCore {
    private enum State { READY, CONNECTING, SENDING, WAITING, RECONNECTING, QUERYING, PAUSED, DONE }

    private final String reference;
    private final Sale.Start sale;
    /** The status query for this payment: the sale's ids and amounts, kind C. */
    private final Sale.Start query;
    /** Null for a status-only payment. */
    private final PaymentRequest request;
    private final EcrOptions options;
    private final Supplier<String> tokens;

    private State state = State.READY;
    /** Set when the S1 is handed to the link: from then on it may leave, and it is never sent again. */
    private String saleToken;
    private boolean written;
    /** An I1 came after the S1 was handed to the link: the terminal's payment software may be working on it. */
    private boolean statusSeen;
    private String queryToken;
    /** Every status query this payment sent (at most statusTries per recovery): a late answer to any of them is evidence. */
    private final List<String> queryTokens = new ArrayList<>();
    /** Ended UNKNOWN, a sale: a late answer that matches is still the outcome ({@link PaymentEffect.NotifyLateAnswer}). */
    private boolean awaitingLate;
    private int tries;
    private long deadline;
    /** Why the sale's outcome is asked for; null for a status-only payment. */
    private String reason;
    private String lastFailure;
    private List<PaymentEffect> out;

    private PaymentCore(Sale.Start sale, PaymentRequest request, EcrOptions options, Supplier<String> tokens) {
        this.sale = sale;
        this.query = new Sale.Start(Sale.STATUS, sale.ecrId(), sale.paymentId(), sale.gross(), sale.net(), sale.vat(),
                sale.currency(), sale.cashback(), sale.maxCashback());
        this.reference = sale.paymentId();
        this.request = request;
        this.options = options;
        this.tokens = tokens;
    }

    /** A sale; {@code tokens} draws the tokens of its S1 and status queries. */
    public static PaymentCore sale(PaymentRequest r, EcrOptions options, Supplier<String> tokens) {
        Sale.Start s1 = new Sale.Start(Sale.SALE, r.ecrId(), r.reference(), r.amount(), r.net(), r.vat(), r.currency(),
                r.cashback(), r.maxCashback());
        return new PaymentCore(s1, r, options, tokens);
    }

    /** A status query alone; S1 kind C carries zero amounts and currency XXX (ISO 4217: no currency). */
    public static PaymentCore status(String ecrId, String reference, EcrOptions options, Supplier<String> tokens) {
        Sale.Start c = new Sale.Start(Sale.STATUS, ecrId, reference, 0, 0, 0, "XXX", 0, OptionalLong.empty());
        return new PaymentCore(c, null, options, tokens);
    }

    public String reference() {
        return reference;
    }

    public boolean done() {
        return state == State.DONE;
    }

    /**
     * True while this payment, ended UNKNOWN, would still take a late S2 as its outcome: one
     * answering its S1 or one of its status queries that matches the request and names its ids.
     */
    public boolean awaitsLateAnswer() {
        return awaitingLate;
    }

    /** True if {@code token} is that of the status query now waiting for its answer. */
    public boolean isQuery(String token) {
        return state == State.QUERYING && Tokens.same(token, queryToken);
    }

    /** When a {@link PaymentEvent.Tick} has work, as a {@code nanoTime} value; {@link Long#MAX_VALUE} for never. */
    public long nextDeadline() {
        return state == State.WAITING || state == State.QUERYING || state == State.PAUSED ? deadline : Long.MAX_VALUE;
    }

    /** Takes one event at {@code now} ({@code nanoTime}); returns what to do, in order. A finished payment ignores everything. */
    public List<PaymentEffect> on(PaymentEvent event, long now) {
        out = new ArrayList<>(2);
        if (state == State.DONE) {
            if (awaitingLate && event instanceof Received r && r.message() instanceof Sale.End e) late(r.token(), e);
            return out;
        }
        switch (event) {
            case PaymentEvent.Start s -> start(now);
            case PaymentEvent.Connected c -> connected(now);
            case Unreachable u -> unreachable(u, now);
            case PaymentEvent.Written w -> {
                if (saleToken != null && Tokens.same(w.token(), saleToken)) {
                    written = true;
                    log(Level.INFO, "S1 [" + saleToken + "] written");
                }
            }
            case Acked a -> acked(a, now);
            case GaveUp g -> gaveUp(g, now);
            case Received r -> received(r, now);
            case PaymentEvent.Tick t -> tick(now);
            case PaymentEvent.LinkDown d -> linkDown(d.reason(), now);
            case PaymentEvent.Echo e -> finish(PaymentResult.error(reference, LinkOutput.Echo.ADVICE + (request == null ? ""
                    : written ? "; the S1 of payment " + reference + " came back unanswered (if a terminal also listens on this line, check it)"
                    : "; nothing was sent")));
            case PaymentEvent.Abort a -> abort();
            case PaymentEvent.Stop s -> end(s.reason(), state == State.SENDING && !written);
            case PaymentEvent.Defect d -> end(d.reason(), false);
        }
        return out;
    }

    private void start(long now) {
        if (state != State.READY) throw new IllegalStateException("payment " + reference + " started twice");
        if (request == null) {
            query();
            return;
        }
        state = State.CONNECTING;
        out.add(new Connect());
    }

    private void connected(long now) {
        if (state == State.CONNECTING) {
            state = State.SENDING;
            saleToken = tokens.get();
            out.add(new Send(saleToken, sale, true));
        } else if (state == State.RECONNECTING) {
            state = State.QUERYING;
            queryToken = tokens.get();
            queryTokens.add(queryToken);
            deadline = now + options.answerTimeout().toNanos();
            log(Level.INFO, "status query " + tries + " of " + options.statusTries());
            out.add(new Send(queryToken, query, false));
        }
    }

    private void unreachable(Unreachable u, long now) {
        if (state == State.CONNECTING) {
            finish(PaymentResult.notSent(reference, "not connected to the terminal (" + u.reason() + "); nothing was sent"));
        } else if (state == State.RECONNECTING) {
            if (u.reconnectable()) queryFailed("cannot reconnect: " + u.reason(), now);
            else finish(PaymentResult.unknown(reference, (reason == null ? "cannot ask for payment " + reference : "payment " + reference + ": " + reason)
                    + "; the connection cannot be reopened (" + u.reason() + "); outcome unknown, check the terminal"));
        }
    }

    private void acked(Acked a, long now) {
        if (a.type().equals("S1") && state == State.SENDING && Tokens.same(a.token(), saleToken)) {
            written = true;
            state = State.WAITING;
            deadline = now + options.paymentTimeout().toNanos();
            out.add(new PaymentEffect.NotifySent(request));
        } else if (a.type().equals("P1")) {
            out.add(new PaymentEffect.NotifyAbortSent());
        }
    }

    private void gaveUp(GaveUp g, long now) {
        if (!g.type().equals("S1")) return;
        if (state == State.SENDING && Tokens.same(g.token(), saleToken)) recover("S1 not acknowledged (" + g.reason() + ")", now);
        else if (isQuery(g.token())) queryFailed("status query not acknowledged (" + g.reason() + ")", now);
    }

    /** Any frame from the terminal restarts the payment timer. */
    private void received(Received r, long now) {
        if (state == State.WAITING) deadline = now + options.paymentTimeout().toNanos();
        switch (r.message()) {
            case Sale.Status s -> {
                if (saleToken != null) statusSeen = true;
                out.add(new PaymentEffect.NotifyStatus(s));
            }
            case Sale.End e -> {
                if (!s2(r.token(), e, now)) log(Level.WARN, "S2 [" + r.token() + "] answers no S1 of this payment; ignored");
            }
            case Invalid i when i.type() == PacketType.S2 -> {
                if (!s2Unreadable(r.token(), i.reason(), now))
                    log(Level.WARN, "unreadable S2 [" + r.token() + "] answers no S1 of this payment; ignored: " + i.reason());
            }
            default -> { }
        }
    }

    /**
     * An S2 with {@code token}; false if it belongs to neither the sale nor the query. An S2 with
     * the sale's token whose fields disagree with the request (another payment id, ECR id or
     * amount) is not its answer: a terminal that sends it breaks the protocol, so the outcome is
     * asked for with a status query, and never read from that S2.
     */
    private boolean s2(String token, Sale.End end, long now) {
        if (saleToken != null && Tokens.same(token, saleToken)) {
            Optional<String> wrong = end.mismatch(sale).or(() -> takenAfterAll(end));
            boolean unknown = end.result().isPresent() && end.result().getAsInt() == Sale.End.UNKNOWN;
            if (wrong.isEmpty() && !unknown) finish(PaymentResult.ofSale(reference, end));
            else if (state == State.SENDING || state == State.WAITING)
                recover(wrong.map(w -> "the S2 with the sale's token does not answer it: " + w).orElse("the terminal reports the outcome unknown (995)"), now);
            else log(Level.WARN, wrong.map(w -> "an S2 with the sale's token that does not answer it (" + w + ")").orElse("S2 995 while recovering")
                    + "; still asking");
            return true;
        }
        if (isQuery(token)) {
            int code = end.result().orElse(-1);
            Optional<String> wrong = end.mismatch(query);
            if (wrong.isPresent()) queryFailed("the answer to the status query does not answer it: " + wrong.get(), now);
            else if (code == Sale.End.BUSY || code == Sale.End.UNAVAILABLE || code == Sale.End.UNKNOWN)
                queryFailed("the terminal answered the status query with " + code + (end.message().isBlank() ? "" : ": " + end.message()), now);
            else finish(PaymentResult.ofStatus(reference, end));
            return true;
        }
        return false;
    }

    /**
     * 993 and 994 say the S1 never reached a payment (docs/protocol.md), so it may be sent again;
     * after an I1 of this payment that cannot be true, and the outcome is asked for instead.
     */
    private Optional<String> takenAfterAll(Sale.End end) {
        int code = end.result().orElse(-1);
        return statusSeen && (code == Sale.End.BUSY || code == Sale.End.UNAVAILABLE)
                ? Optional.of("it says the S1 was not taken (" + code + ") after the terminal sent I1 statuses for it") : Optional.empty();
    }

    /** An S2 whose body could not be read: never an outcome. */
    private boolean s2Unreadable(String token, String why, long now) {
        if (saleToken != null && Tokens.same(token, saleToken)) {
            if (state == State.SENDING || state == State.WAITING) recover("unreadable S2 (" + why + ")", now);
            return true;
        }
        if (isQuery(token)) {
            queryFailed("unreadable answer to the status query (" + why + ")", now);
            return true;
        }
        return false;
    }

    /**
     * An S2 after the payment ended UNKNOWN. It is the outcome only when its token is the S1's or a
     * status query's, it matches that request as an answer in time would, it names this payment's
     * ids (fields 12-13: a token alone is weak evidence this late), an approval states its amount,
     * and it reports an outcome (read as an answer in time would be, and neither unknown nor "not
     * taken"). Taken once.
     */
    private void late(String token, Sale.End end) {
        boolean ofSale = Tokens.same(token, saleToken);
        if (!ofSale && queryTokens.stream().noneMatch(q -> Tokens.same(token, q))) return;
        Optional<String> wrong = (ofSale ? end.mismatch(sale).or(() -> takenAfterAll(end)) : end.mismatch(query))
                .or(() -> end.paymentId().isEmpty() || end.ecrId().isEmpty() ? Optional.of("it does not name the payment and ECR ids") : Optional.empty())
                .or(() -> end.approved() && end.amount().isEmpty() ? Optional.of("an approval without its amount") : Optional.empty());
        PaymentResult r = ofSale ? PaymentResult.ofSale(reference, end) : PaymentResult.ofStatus(reference, end);
        if (wrong.isEmpty() && r.outcome() != PaymentResult.Outcome.UNKNOWN && !r.notSent()) {
            awaitingLate = false;
            log(Level.INFO, "late S2 [" + token + "] after the outcome was reported unknown: " + r);
            out.add(new PaymentEffect.NotifyLateAnswer(r));
        } else {
            log(Level.WARN, "late S2 [" + token + "] after the outcome was reported unknown is not taken: "
                    + wrong.orElse("it reports no outcome (" + end.result().orElse(-1) + ")"));
        }
    }

    private void tick(long now) {
        if (nextDeadline() == Long.MAX_VALUE || now - deadline < 0) return;
        switch (state) {
            case WAITING -> recover("no frame from the terminal for " + seconds(options.paymentTimeout().toNanos()) + " s while waiting for S2", now);
            case QUERYING -> queryFailed("no answer to the status query within " + seconds(options.answerTimeout().toNanos()) + " s", now);
            case PAUSED -> query();
            default -> { }
        }
    }

    private void linkDown(String why, long now) {
        switch (state) {
            case SENDING -> {
                if (written) recover("connection lost after S1 was sent: " + why, now);
                else finish(PaymentResult.notSent(reference, "connection lost before S1 was sent (" + why + "); nothing was sent"));
            }
            case WAITING -> recover("connection lost while waiting for S2: " + why, now);
            case QUERYING -> queryFailed("connection lost: " + why, now);
            default -> { }
        }
    }

    /** Before the S1 is handed to the link there is nothing to abort; after, P1 asks the terminal. */
    private void abort() {
        if (request != null && saleToken == null) finish(PaymentResult.notSent(reference, "aborted before S1 was sent; nothing was sent"));
        else out.add(new PaymentEffect.SendAbort());
    }

    /**
     * No more waiting. Nothing was sent if the S1 was never handed to the link, or if
     * {@code unwritten} proves it never left; otherwise the outcome is unknown.
     */
    private void end(String why, boolean unwritten) {
        if (request != null && (saleToken == null || unwritten)) finish(PaymentResult.notSent(reference, why + " before S1 was sent; nothing was sent"));
        else finish(PaymentResult.unknown(reference, why + " before the outcome was known; check the terminal (payment " + reference + ")"));
    }

    private void recover(String why, long now) {
        reason = why;
        log(Level.WARN, why + "; asking the terminal for its outcome");
        out.add(new PaymentEffect.NotifyRecovering(why));
        tries = 0;
        query();
    }

    private void query() {
        if (tries >= options.statusTries()) {
            String what = reason == null ? "status query for payment " + reference : "payment " + reference + ": " + reason;
            finish(PaymentResult.unknown(reference, what + "; no status answer after " + tries + " tries (last: " + lastFailure
                    + "); outcome unknown, check the terminal"));
            return;
        }
        tries++;
        state = State.RECONNECTING;
        out.add(new Connect());
    }

    private void queryFailed(String why, long now) {
        lastFailure = why;
        log(Level.WARN, why);
        if (tries >= options.statusTries()) {
            query();
            return;
        }
        state = State.PAUSED;
        deadline = now + options.statusRetryDelay().toNanos();
    }

    private void finish(PaymentResult r) {
        state = State.DONE;
        awaitingLate = request != null && saleToken != null && r.outcome() == PaymentResult.Outcome.UNKNOWN;
        log(Level.INFO, r.toString());
        out.add(new Finish(r));
    }

    private void log(Level level, String text) {
        out.add(new Log(level, "payment " + reference + ": " + text));
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }
}
