package tillbridge.terminalsim;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.protocol.message.Messages;
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
 * Every outcome is journaled before its S2 goes out, so a status query that follows finds it.
 */
final class SaleRun {
    private static final Logger log = LoggerFactory.getLogger(SaleRun.class);

    private enum State { RUNNING, ABORT_REQUESTED, CLOSED, AUTHORISED }

    private final Terminal terminal;
    private final Connection connection;
    private final String session;
    private final String token;
    private final Sale.Start s1;
    private final Rules.Decision decision;
    private final Journal.Key key;
    private final String transactionId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.RUNNING; // guarded by lock
    private volatile boolean sessionClosed;

    SaleRun(Terminal terminal, Connection connection, String session, String token, Sale.Start s1, Rules.Decision decision) {
        this.terminal = terminal;
        this.connection = connection;
        this.session = session;
        this.token = token;
        this.s1 = s1;
        this.decision = decision;
        this.key = new Journal.Key(s1.ecrId(), s1.paymentId());
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

    /** The session ended: nothing more is sent; a sale not yet authorised is cancelled. */
    void close() {
        sessionClosed = true;
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
            outcome = authorised ? decided() : cancelled(step);
        } catch (RuntimeException e) {
            log.error("sale {} of session {} failed", token, session, e);
            outcome = Sale.End.of(Sale.End.REJECTED, "terminal error");
        }
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
