package tillbridge.ecr;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.KeyCrypto;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Versions;

/**
 * A conversation with one payment terminal, as the cash register (ECR). Open one with
 * {@link Terminal}; all methods are thread-safe. One payment runs at a time; {@link #test},
 * {@link #config} and {@link #abort} may be called while it runs.
 *
 * <pre>{@code
 * try (EcrSession terminal = Terminal.connect("127.0.0.1", 5002, Duration.ofSeconds(5))) {
 *     PaymentResult r = terminal.pay(PaymentRequest.of(1250, "PLN"), new PaymentListener() {
 *         public void status(Sale.Status s) { System.out.println(StatusText.of(s.status())); }
 *     });
 *     if (r.outcome() == PaymentResult.Outcome.UNKNOWN) { ... ask the cashier to check the terminal ... }
 * }
 * }</pre>
 *
 * <p>Money safety: a payment's S1 is written at most once (resent only after a NAK, which proves
 * it was not taken). If its outcome is in doubt the session asks the terminal with a status query
 * and reports {@link PaymentResult.Outcome#UNKNOWN} if that fails; it never guesses.
 */
public final class EcrSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcrSession.class);

    private final Loop loop;
    private final EcrOptions options;
    private final AtomicBoolean paying = new AtomicBoolean();

    EcrSession(TerminalStream first, TerminalStream.Connector connector, EcrOptions options) {
        this.options = options;
        this.loop = new Loop(first, connector, options, LOG);
    }

    /** Communication test: T1, answered by T2 with the terminal's protocol version and identity. */
    public CommTest.Answer test() throws EcrException, InterruptedIOException {
        return request(new Request<>(new CommTest.Query(), CommTest.Answer.class));
    }

    /**
     * Device parameters (D4, answered by D5), then version negotiation: T3, the terminal's T4
     * list, and T5 with the highest version both sides support.
     */
    public TerminalConfig config() throws EcrException, InterruptedIOException {
        DeviceParams.Answer d5 = request(new Request<>(new DeviceParams.Request(), DeviceParams.Answer.class));
        Loop.Reply<Versions.Proposal> t4 = exchange(new Request<>(new Versions.Inquiry(), Versions.Proposal.class));
        List<String> offered = t4.message().versions().stream().filter(v -> !v.isEmpty()).toList();
        String chosen = Responder.highestCommon(options.versions(), offered).orElseThrow(() -> new EcrException(
                "no common protocol version: the terminal offers " + offered + ", this ECR supports " + options.versions()));
        CompletableFuture<Boolean> acked = new CompletableFuture<>();
        loop.post(new Loop.Send(t4.token(), new Versions.Selection(chosen), acked));
        if (!await(acked, ackWait(), "T5")) throw new EcrException("T5 (version " + chosen + ") not acknowledged by the terminal");
        return new TerminalConfig(d5, offered, chosen);
    }

    /**
     * Runs a payment and waits for its outcome. Never throws for what happens at the terminal: a
     * failure is an ERROR (nothing was charged) or UNKNOWN (check the terminal) result. Waiting
     * is not interruptible (an interrupt is kept for later), because the outcome must not be lost.
     *
     * @throws IllegalStateException if a payment is already running in this session
     */
    public PaymentResult pay(PaymentRequest request, PaymentListener listener) {
        return payAsync(request, listener).join();
    }

    public PaymentResult pay(PaymentRequest request) {
        return pay(request, PaymentListener.NONE);
    }

    /** Starts a payment; the future completes with its outcome and never exceptionally. */
    public CompletableFuture<PaymentResult> payAsync(PaymentRequest request, PaymentListener listener) {
        if (request == null || listener == null) throw new IllegalArgumentException("request and listener must not be null");
        return start(Payment.sale(loop, request, listener, LOG));
    }

    /**
     * Asks the terminal for the outcome of an earlier payment (S1 kind C with the same ECR id and
     * payment reference; zero amounts, currency XXX). Tries up to {@link EcrOptions#statusTries()}
     * times; UNKNOWN if no answer says what happened.
     */
    public PaymentResult status(String ecrId, String reference) {
        PaymentRequest.text("ECR id", ecrId);
        PaymentRequest.text("payment reference", reference);
        return start(Payment.status(loop, ecrId, reference, LOG)).join();
    }

    /**
     * Sends P1 (abort) for the payment running on this connection; the terminal still ends it
     * with S2, which {@link #pay} returns. Returns whether the terminal acknowledged the P1.
     */
    public boolean abort() throws EcrException, InterruptedIOException {
        CompletableFuture<Boolean> acked = new CompletableFuture<>();
        loop.post(new Loop.Send(null, new Sale.Abort(), acked));
        return await(acked, ackWait(), "P1");
    }

    /**
     * The outcome of the last transaction of {@code ecrId}, whatever its reference: a status query
     * for the reserved payment id {@code LAST} (a tillbridge definition, docs/protocol.md). The
     * result's {@link PaymentResult#reference()} is the reference the terminal reports; UNKNOWN
     * (996) when the terminal knows no transaction of this ECR id.
     */
    public PaymentResult lastStatus(String ecrId) {
        PaymentRequest.text("ECR id", ecrId);
        return start(Payment.status(loop, ecrId, Sale.LAST, LOG)).join();
    }

    /** A1: asks the terminal to start its application (its menu); returns the terminal's A2. */
    public App.Ack startApplication() throws EcrException, InterruptedIOException {
        return request(new Request<>(new App.Start(), App.Ack.class));
    }

    /** L1: tells the terminal this ECR is unavailable for {@code seconds} (0: available again); returns whether it was acknowledged. */
    public boolean unavailable(int seconds, String reason) throws EcrException, InterruptedIOException {
        Notice.Unavailable l1 = new Notice.Unavailable(seconds, reason == null ? "" : reason);
        Messages.encode("1", l1); // checks the fields before anything is sent
        CompletableFuture<Boolean> acked = new CompletableFuture<>();
        loop.post(new Loop.Send(null, l1, acked));
        return await(acked, ackWait(), "L1");
    }

    /**
     * Key pairing and key exchange as the initiator (docs/protocol.md): B1; from the B2 the
     * terminal's RSA-2048 public key; a new random AES-256 key-encryption key, sent in B3 encrypted
     * with RSA-OAEP (SHA-256) with its check value; the terminal verifies it and answers B4. The
     * key is in the result when B4 is 0. No key material is logged.
     */
    public PairingResult pairKeys() throws EcrException, InterruptedIOException {
        CommTest.Answer me = new CommTest.Answer(options.versions().getLast(), "tillbridge", "ECR", "");
        Keys.PairingAnswer b2 = request(new Request<>(new Keys.PairingRequest(me.version(), me.vendor(), me.deviceType(), me.deviceId()),
                Keys.PairingAnswer.class));
        if (!b2.ok()) {
            int code = b2.result().orElse(-1);
            return new PairingResult("B2", code, "the terminal refused the key pairing (" + code + ")", Optional.empty());
        }
        byte[] kek = null;
        try {
            RSAPublicKey key = KeyCrypto.publicKey(b2.modulus(), b2.exponent());
            KeyGenerator gen = KeyGenerator.getInstance("AES");
            gen.init(256);
            kek = gen.generateKey().getEncoded();
            Keys.Exchange b3 = new Keys.Exchange(KeyCrypto.encryptKek(key, kek), KeyCrypto.checkValue(kek));
            Keys.ExchangeAck b4 = request(new Request<>(b3, Keys.ExchangeAck.class));
            int code = b4.result().orElse(-1);
            String message = switch (code) {
                case Keys.ExchangeAck.OK -> "key exchange accepted: the terminal verified the check value";
                case Keys.ExchangeAck.UNREADABLE -> "the terminal could not decrypt the key (997)";
                case Keys.ExchangeAck.CHECK_VALUE_MISMATCH -> "the terminal found a different check value (998)";
                default -> "the terminal refused the key exchange (" + code + ")";
            };
            return new PairingResult("B4", code, message, code == Keys.ExchangeAck.OK ? Optional.of(kek) : Optional.empty());
        } catch (GeneralSecurityException e) {
            throw new EcrException("key exchange failed: " + e.getMessage(), e);
        } finally {
            if (kek != null) java.util.Arrays.fill(kek, (byte) 0);
        }
    }

    /**
     * This ECR's printer for the terminal's printouts (D1-DA); null (the default) answers them
     * "no printer" (999). Also decides whether D5 shows a printer.
     */
    public void setReceiptListener(ReceiptListener listener) {
        loop.devices.receipts(listener);
    }

    /** This ECR's operator console for the terminal (K1-K9); null (the default) answers "not supported" (999). */
    public void setOperatorConsole(OperatorConsole console) {
        loop.devices.console(console);
    }

    /** Receives the terminal's L1 and M1 notices; null for none. */
    public void setNoticeListener(NoticeListener listener) {
        loop.devices.notices(listener);
    }

    /** False once the connection is gone for good (closed, or lost on a session that cannot reconnect). */
    public boolean isOpen() {
        return loop.isOpen();
    }

    /**
     * Closes the connection. A payment still running ends now: ERROR if its S1 was not sent,
     * otherwise UNKNOWN.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(new Loop.Close(done));
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("closing the ECR session: {}", e.toString());
        }
    }

    private CompletableFuture<PaymentResult> start(Payment p) {
        if (!paying.compareAndSet(false, true)) throw new IllegalStateException("a payment or status query is already running in this session");
        CompletableFuture<PaymentResult> out = p.result.whenComplete((r, e) -> paying.set(false));
        loop.post(new Loop.StartPayment(p));
        return out;
    }

    /** Sends {@code r}'s message and returns its answer. */
    private <A extends Message> A request(Request<A> r) throws EcrException, InterruptedIOException {
        return exchange(r).message();
    }

    /** Like {@link #request}, with the token the answer carried (to answer it in turn). */
    private <A extends Message> Loop.Reply<A> exchange(Request<A> r) throws EcrException, InterruptedIOException {
        CompletableFuture<Loop.Reply<A>> reply = new CompletableFuture<>();
        loop.post(new Loop.Ask<>(r, reply));
        Duration limit = options.answerTimeout().plus(ackWait());
        return await(reply, limit, r.answer().code());
    }

    /** The link's longest try at delivering one frame, plus slack. */
    private Duration ackWait() {
        return options.link().ackTimeout().multipliedBy(options.link().maxTransmissions()).plusSeconds(5);
    }

    private static <T> T await(CompletableFuture<T> f, Duration limit, String what) throws EcrException, InterruptedIOException {
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what);
        } catch (TimeoutException e) {
            throw new EcrException("no " + what + " within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EcrException x) throw new EcrException(x.getMessage(), x);
            if (e.getCause() instanceof RuntimeException x) throw x;
            throw new EcrException(what + " failed: " + e.getCause(), e.getCause());
        }
    }
}
