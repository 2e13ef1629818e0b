package tillbridge.terminalsim;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;

/**
 * One sale, on its own virtual thread, the only writer of its I1s and S2:
 *
 * <pre>
 * I1 20 ─step─ I1 90 ─step─ I1 100 ─step─ [slow] ─ I1 50 ─step─ authorised ─ S2
 *   └──────────── P1: I1 180 ─step─ S2 17 ─────────┘   (session closed: no I1/S2, journal 17)
 * </pre>
 *
 * Until the authorisation step completes a P1 cancels the sale; after it the outcome stands.
 * After it, a "signature" amount (.77) asks the operator at the ECR (K1, K4 "SIGNATURE OK?", K2)
 * and is declined (05) unless the answer is yes; with receipts on, I1 140/150 and a customer
 * receipt (D2, D6..., D3) follow. Each of those requests waits for the ECR's answer, relayed by
 * frob ({@link #reply}), before the next; a refusal, an error or no answer in time stops them and
 * the sale goes on. Every outcome is journaled before its S2 goes out, so a status query that
 * follows finds it.
 */
final class SaleRun {
    private static final Logger log = LoggerFactory.getLogger(SaleRun.class);

    private enum State { RUNNING, ABORT_REQUESTED, CLOSED, AUTHORISED }

    private final SimulatedTerminal terminal;
    private final FrobConnection connection;
    private final String session;
    private final String token;
    private final Sale.Start s1;
    private final Rules.Decision decision;
    private final OutcomeJournal.Key key;
    private final String transactionId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.RUNNING; // guarded by lock
    private volatile boolean sessionClosed;
    /** Answers (D0, K0) and errors from frob for this session's requests; {@link #CLOSED} when the session ends. */
    private final BlockingQueue<ChannelMessage> replies = new LinkedBlockingQueue<>();
    private static final ChannelMessage CLOSED = new ChannelMessage.Closed("", "");

    SaleRun(SimulatedTerminal terminal, FrobConnection connection, String session, String token, Sale.Start s1, Rules.Decision decision) {
        this.terminal = terminal;
        this.connection = connection;
        this.session = session;
        this.token = token;
        this.s1 = s1;
        this.decision = decision;
        this.key = new OutcomeJournal.Key(s1.ecrId(), s1.paymentId());
        this.transactionId = terminal.nextTransactionId();
    }

    Thread start() {
        return Thread.ofVirtual().name("sale-" + session + "-" + token).start(this::run);
    }

    /** P1: true if the sale will be cancelled, false if the authorisation is already done. */
    boolean abort() {
        lock.lock();
        try {
            if (state != State.RUNNING) return state == State.ABORT_REQUESTED;
            state = State.ABORT_REQUESTED;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** An answer or error from frob for this session, while the sale may be waiting for one. */
    void reply(ChannelMessage m) {
        replies.add(m);
    }

    /** The session ended: nothing more is sent; a sale not yet authorised is cancelled. */
    void close() {
        sessionClosed = true;
        replies.add(CLOSED);
        lock.lock();
        try {
            if (state == State.RUNNING || state == State.ABORT_REQUESTED) state = State.CLOSED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Duration step = terminal.config().step();
        Sale.End outcome;
        try {
            boolean authorised = status(Sale.Status.WAITING_FOR_CARD, "waiting for card", step)
                    && status(Sale.Status.WAITING_FOR_PIN, "waiting for PIN", step)
                    && status(Sale.Status.CONNECTING, "connecting to acquirer", step)
                    && (!decision.slow() || pause(terminal.config().slow()))
                    && status(Sale.Status.WAITING_FOR_AUTHORISATION, "waiting for authorisation", step)
                    && authorise();
            if (authorised) {
                outcome = decided();
                if (decision.signature()) outcome = checkSignature(outcome);
                if (terminal.config().receipts()) printReceipt(outcome);
            } else {
                outcome = cancelled(step);
            }
        } catch (RuntimeException e) {
            log.error("sale {} of session {} failed", token, session, e);
            outcome = Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: terminal error");
        }
        outcome = outcome.answering(s1);
        try {
            terminal.journal().record(key, Messages.named(Messages.encode(token, outcome)));
        } catch (IOException e) {
            log.error("{}: could not write the outcome of {}/{}: {}", terminal.journal(), key.ecrId(), key.paymentId(), e.toString());
        } finally {
            terminal.end(key, this);
            connection.saleEnded(session, this);
        }
        if (sessionClosed) log.info("session {} closed; S2 for {} not sent, result {} journaled", session, token, outcome.result().orElse(-1));
        else connection.sendPacket(session, outcome, token);
    }

    /** Sends an I1 and pauses; false when the sale stopped running meanwhile. */
    private boolean status(int code, String text, Duration after) {
        if (!running()) return false;
        if (!sessionClosed) connection.sendPacket(session, new Sale.Status(code, text), "");
        return pause(after);
    }

    /** Waits {@code d} unless an abort or close comes first; false when the sale stopped running. */
    private boolean pause(Duration d) {
        lock.lock();
        try {
            long nanos = d.toNanos();
            while (state == State.RUNNING && nanos > 0) nanos = changed.awaitNanos(nanos);
            return state == State.RUNNING;
        } catch (InterruptedException e) {
            state = State.CLOSED;
            sessionClosed = true;
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean running() {
        lock.lock();
        try {
            return state == State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /** The point of no return: from here on a P1 is too late. */
    private boolean authorise() {
        lock.lock();
        try {
            if (state != State.RUNNING) return false;
            state = State.AUTHORISED;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private Sale.End decided() {
        TestCard card = terminal.drawCard();
        boolean ok = decision.approved();
        return new Sale.End(OptionalInt.of(decision.result()), card.cardToken(), terminal.config().mid(), terminal.config().tid(), transactionId,
                OptionalLong.of(ok ? s1.gross() : 0), OptionalLong.of(ok ? s1.cashback() : 0), card.method(), decision.message(),
                card.maskedPan(), ok ? terminal.nextAuthCode() : "");
    }

    /** Asks the operator at the ECR whether the cardholder's signature is right; declines unless yes. */
    private Sale.End checkSignature(Sale.End approved) {
        if (!approved.approved() || sessionClosed) return approved;
        connection.sendPacket(session, new Sale.Status(120, "signature verification"), "");
        Config c = terminal.config();
        boolean yes = false;
        Optional<ChannelMessage.Packet> claim = exchange(new Console.Claim(), c.answerWait());
        if (claim.isPresent() && "0".equals(claim.get().fields().get("result"))) {
            Optional<ChannelMessage.Packet> answer = exchange(new Console.Question("SIGNATURE OK?"), c.operatorWait());
            yes = answer.isPresent() && "0".equals(answer.get().fields().get("result")) && "1".equals(answer.get().fields().get("output"));
            exchange(new Console.Interrupt(""), c.answerWait());
        }
        log.info("sale {} of session {}: signature {}", token, session, yes ? "confirmed" : "not confirmed: declined");
        if (yes) return approved;
        return new Sale.End(OptionalInt.of(Rules.DO_NOT_HONOUR), approved.cardToken(), approved.mid(), approved.tid(), approved.transactionId(),
                OptionalLong.of(0), OptionalLong.of(0), approved.method(), Rules.SIGNATURE_REJECTED, approved.maskedPan(), "");
    }

    /** I1 140/150 and the customer receipt, each packet after the ECR's D0 to the one before. */
    private void printReceipt(Sale.End end) {
        if (sessionClosed) return;
        connection.sendPacket(session, end.approved() ? new Sale.Status(Sale.Status.PRINTING_APPROVED, "printing receipt, approved")
                : new Sale.Status(Sale.Status.PRINTING_DECLINED, "printing receipt, declined"), "");
        List<Printing.Content> body = CustomerReceipt.customer(s1, end, LocalDateTime.now());
        int lines = body.stream().mapToInt(c -> c.lines().size()).sum();
        Duration wait = terminal.config().answerWait();
        if (!ok(exchange(new Printing.Start("CUSTOMER RECEIPT", OptionalInt.of(lines)), wait))) return;
        for (Printing.Content c : body) {
            if (!ok(exchange(c, wait))) {
                exchange(new Printing.End(false), wait);
                return;
            }
        }
        exchange(new Printing.End(true), wait);
    }

    private static boolean ok(Optional<ChannelMessage.Packet> answer) {
        return answer.isPresent() && "0".equals(answer.get().fields().get("result"));
    }

    /**
     * Sends a request to the ECR (through frob) with a fresh token and waits for the answer with
     * that token; empty on an error from frob, no answer within {@code wait}, or a closed session.
     */
    private Optional<ChannelMessage.Packet> exchange(Message request, Duration wait) {
        if (sessionClosed) return Optional.empty();
        replies.clear();
        String t = connection.nextToken();
        connection.sendPacket(session, request, t);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (;;) {
                long left = deadline - System.nanoTime();
                ChannelMessage r = left <= 0 ? null : replies.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    log.warn("sale {} of session {}: no answer to {} [{}] within {} ms", token, session, request.code(), t, wait.toMillis());
                    return Optional.empty();
                }
                switch (r) {
                    case ChannelMessage.Closed _, ChannelMessage.Hello _ -> { // the session ended (a hello never gets here)
                        return Optional.empty();
                    }
                    case ChannelMessage.Error e -> {
                        log.warn("sale {} of session {}: {} [{}] not answered: {}", token, session, request.code(), t, e.reason());
                        return Optional.empty();
                    }
                    case ChannelMessage.Packet p when Tokens.same(p.token(), t) -> {
                        return Optional.of(p);
                    }
                    case ChannelMessage.Packet p -> log.debug("sale {} of session {}: stale {} [{}] ignored", token, session, p.type(), p.token());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sessionClosed = true;
            return Optional.empty();
        }
    }

    private Sale.End cancelled(Duration step) {
        if (!sessionClosed) {
            connection.sendPacket(session, new Sale.Status(Sale.Status.ABORTING, "aborting"), "");
            try {
                Thread.sleep(step);
            } catch (InterruptedException e) {
                sessionClosed = true;
            }
        }
        return new Sale.End(OptionalInt.of(Sale.End.CANCELLED), "", terminal.config().mid(), terminal.config().tid(), transactionId,
                OptionalLong.of(0), OptionalLong.of(0), "", "cancelled", "", "");
    }
}
