package tillbridge.ecr;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import tillbridge.common.io.Pump;
import tillbridge.common.link.LinkEndpoint;
import tillbridge.protocol.Packet;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.flow.Conversation;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;

/**
 * The single owner of a session's state, so nothing needs a lock: the link endpoint, the conversation, the
 * pending requests and the running payment. A pump thread feeds it the terminal's bytes; the
 * public methods of {@link EcrSession} feed it commands; everything else happens on its thread.
 *
 * <p>Answers are paired with requests by token. The {@link Conversation} only checks the order of
 * packets and logs what breaks it: a violation never drops a packet we are waiting for.
 */
final class Loop {
    /** Send the request's message with a fresh token and wait for its answer with the same token. */
    record Ask<A extends Message>(Request<A> request, CompletableFuture<Reply<A>> reply) {}

    /** Send {@code message} (with {@code token}, or a fresh one if null); completes true when ACKed, false when not. */
    record Send(String token, Message message, CompletableFuture<Boolean> acked) {}

    record StartPayment(Payment payment) {}

    record Close(CompletableFuture<Void> done) {}

    /** An operator interaction finished on the console thread: send its K0 with {@code token}. */
    record ConsoleDone(String token, Console.Result result, long serial) {}

    /** An answer and the token it carried. */
    record Reply<A extends Message>(String token, A message) {}

    /** A request waiting for its answer until {@code deadline}. */
    private record Pending<A extends Message>(Request<A> request, long deadline, CompletableFuture<Reply<A>> reply) {
        String code() {
            return request.answer().code();
        }

        /** Completes the request with {@code m}, the packet of its answer type with its token. */
        void answer(String token, Message m) {
            if (request.answerType().isInstance(m)) reply.complete(new Reply<>(token, request.answerType().cast(m)));
            else if (m instanceof Invalid i) reply.completeExceptionally(new EcrException("unreadable " + code() + " from the terminal: " + i.reason()));
            else reply.completeExceptionally(new EcrException("unexpected " + m.code() + " answering " + request.message().code()));
        }
    }

    final EcrOptions options;
    private final TerminalStream.Connector connector;
    private final Logger log;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Tokens tokens = Tokens.forEcr();
    private final ArrayDeque<LinkOutput> work = new ArrayDeque<>();
    private final Map<String, Pending<?>> pending = new HashMap<>();
    private final Map<String, CompletableFuture<Boolean>> acks = new HashMap<>();
    private final Responder responder;
    final Devices devices;

    private TerminalStream connection;
    private LinkEndpoint endpoint;
    private WireTap tap;
    private Conversation conversation;
    private String source;
    private int generation;
    private String downReason = "not connected";
    private Payment payment;
    /** The last sale that ended UNKNOWN, while it would take a late S2 as its outcome. */
    private Payment settling;
    private boolean closing;
    /** The line sent our own frame back: reconnecting to it cannot help. */
    private boolean echoing;
    private volatile boolean open = true;

    Loop(TerminalStream first, TerminalStream.Connector connector, EcrOptions options, Logger log) {
        this.options = options;
        this.connector = connector;
        this.log = log;
        this.devices = new Devices(this::post, log);
        this.responder = new Responder(options.versions(), devices, log);
        attach(first);
        Thread.ofVirtual().name("ecr-session").start(this::run);
    }

    /** Queues a command; a command posted after the loop ended fails at once. */
    void post(Object command) {
        queue.add(command);
        if (!open) failQueued();
    }

    boolean isOpen() {
        return open && (endpoint != null || connector != null);
    }

    // ---- used by Payment, on the loop thread ----

    long now() {
        return System.nanoTime();
    }

    String newToken() {
        return tokens.next();
    }

    String downReason() {
        return downReason;
    }

    boolean canReconnect() {
        return connector != null && !closing && !echoing;
    }

    /** Makes sure a connection is up, reopening it if this session can; false if there is none. */
    boolean ensureUp() {
        if (endpoint != null) return true;
        if (!canReconnect()) return false;
        try {
            log.info("reconnecting to the terminal ({})", downReason);
            attach(connector.open());
            return true;
        } catch (java.io.IOException e) {
            downReason = e.getMessage();
            return false;
        }
    }

    /** Sends {@code m} with {@code token}; if the link is down or fails, {@link #linkDown} has run. */
    void send(String token, Message m) {
        Packet p = Messages.encode(token, m);
        conversation.accept(Side.ECR, m).ifPresent(v -> log.debug("own packet: {}", v));
        call(out -> endpoint.send(p, out));
    }

    /** Like {@link #send}, calling {@code onWritten} once the frame has been written whole and flushed. */
    void sendWatched(String token, Message m, Runnable onWritten) {
        Packet p = Messages.encode(token, m);
        tap.watch(p.frame().toArray(), onWritten);
        conversation.accept(Side.ECR, m).ifPresent(v -> log.debug("own packet: {}", v));
        call(out -> endpoint.send(p, out));
    }

    void paymentDone(Payment p) {
        if (payment == p) payment = null;
        if (p.awaitsLateAnswer()) settling = p;
    }

    // ---- the loop ----

    private void run() {
        try {
            while (true) {
                Object e = queue.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (e instanceof Close c) {
                    shutdown("session closed");
                    c.done().complete(null);
                    return;
                }
                try {
                    if (e != null) handle(e);
                    tick();
                    drain();
                } catch (RuntimeException ex) {
                    failRunningPayment(ex);
                }
            }
        } catch (InterruptedException ie) {
            shutdown("session thread interrupted");
        } finally {
            open = false;
            failQueued();
        }
    }

    /**
     * A defect met while a payment runs must not leave it waiting on a state it may never reach:
     * the payment ends at once, unknown if its S1 may have left (nothing was sent otherwise), with
     * the reason. The session then goes on for whatever comes next.
     */
    private void failRunningPayment(RuntimeException ex) {
        log.error("ECR session: unexpected error{}", payment == null ? "" : " during payment " + payment.reference, ex);
        if (payment == null) return;
        Payment p = payment;
        payment = null;
        p.fail(ex);
    }

    private long waitMillis() {
        long now = now();
        long next = now + TimeUnit.SECONDS.toNanos(60);
        for (Pending<?> w : pending.values()) next = earlier(next, w.deadline());
        if (payment != null) next = earlier(next, payment.deadline());
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now) + 1);
        return endpoint == null ? ms : Math.min(ms, endpoint.millisToNextDeadline());
    }

    private void handle(Object e) {
        switch (e) {
            case Pump.Chunk c -> {
                if (endpoint != null && c.source().equals(source)) call(out -> out.addAll(endpoint.received(c.bytes())));
            }
            case Pump.Eof eof -> {
                if (endpoint != null && eof.source().equals(source)) {
                    call(out -> out.addAll(endpoint.endOfInput()));
                    drain();
                    linkDown(eof.error() == null ? "the terminal closed the connection" : "reading from the terminal failed: " + eof.error().getMessage());
                }
            }
            case Ask<?> a -> ask(a);
            case ConsoleDone d -> devices.done(d).ifPresent(k0 -> {
                if (endpoint != null) send(d.token(), k0);
            });
            case Send s when s.message() instanceof Sale.Abort && payment != null -> payment.abort(s);
            case Send s -> sendCommand(s);
            case StartPayment sp -> {
                if (payment != null) {
                    sp.payment().result.completeExceptionally(new IllegalStateException("payment " + payment.reference + " is still running"));
                    return;
                }
                payment = sp.payment();
                payment.start();
                if (payment != null && payment.done()) payment = null;
            }
            default -> throw new IllegalStateException("unexpected command " + e);
        }
    }

    private <A extends Message> void ask(Ask<A> r) {
        if (!ensureUp()) {
            r.reply().completeExceptionally(new EcrException("not connected to the terminal: " + downReason));
            return;
        }
        String token = newToken();
        pending.put(key(token), new Pending<>(r.request(), now() + options.answerTimeout().toNanos(), r.reply()));
        try {
            send(token, r.request().message());
        } catch (IllegalArgumentException ex) {
            pending.remove(key(token));
            r.reply().completeExceptionally(ex);
        }
    }

    /** Sends a command's message; {@link Payment} sends a running payment's P1 through here too. */
    void sendCommand(Send s) {
        if (!ensureUp()) {
            s.acked().completeExceptionally(new EcrException("not connected to the terminal: " + downReason));
            return;
        }
        String token = s.token() != null ? s.token() : newToken();
        acks.put(key(token) + "/" + s.message().code(), s.acked());
        try {
            send(token, s.message());
        } catch (IllegalArgumentException ex) {
            acks.remove(key(token) + "/" + s.message().code());
            s.acked().completeExceptionally(ex);
        }
    }

    private void tick() {
        if (endpoint != null) call(out -> out.addAll(endpoint.tick()));
        drain();
        long now = now();
        pending.values().removeIf(w -> {
            if (now - w.deadline() < 0) return false;
            w.reply().completeExceptionally(new EcrException("no " + w.code() + " from the terminal within " + options.answerTimeout().toMillis() + " ms"));
            return true;
        });
        if (payment != null) payment.tick();
    }

    /** Performs an endpoint call; a failed write takes the link down. */
    private void call(Consumer<List<LinkOutput>> action) {
        if (endpoint == null) return;
        List<LinkOutput> out = new ArrayList<>();
        try {
            action.accept(out);
            work.addAll(out);
        } catch (UncheckedIOException e) {
            work.addAll(out);
            drain();
            linkDown("writing to the terminal failed: " + e.getCause().getMessage());
        }
    }

    private void drain() {
        for (LinkOutput o; (o = work.poll()) != null; ) {
            switch (o) {
                case LinkOutput.Deliver d -> received(d.packet());
                case LinkOutput.Acked a -> {
                    CompletableFuture<Boolean> f = acks.remove(key(a.packet().token()) + "/" + a.packet().type());
                    if (f != null) f.complete(true);
                    if (payment != null) payment.acked(a.packet());
                }
                case LinkOutput.GaveUp g -> {
                    CompletableFuture<Boolean> f = acks.remove(key(g.packet().token()) + "/" + g.packet().type());
                    if (f != null) f.complete(false);
                    Pending<?> w = pending.remove(key(g.packet().token()));
                    if (w != null) w.reply().completeExceptionally(new EcrException(
                            g.packet().type() + " not acknowledged by the terminal after " + g.transmissions() + " transmission(s): " + g.reason()));
                    if (payment != null) payment.gaveUp(g.packet(), g.reason());
                }
                case LinkOutput.PeerSilent s -> linkDown("the terminal stopped answering: " + s.reason());
                case LinkOutput.Echo e -> {
                    echoing = true;
                    if (payment != null) payment.lineEchoes();
                    linkDown(LinkOutput.Echo.ADVICE);
                }
                case LinkOutput.Problem p -> { }
                case LinkOutput.Write w -> { }
            }
        }
    }

    private void received(Packet p) {
        Message m = Messages.decode(p);
        (m instanceof Sale.End e && payment != null && payment.isQuery(p.token()) ? conversation.acceptStatusAnswer(e) : conversation.accept(Side.EFT, m))
                .ifPresent(v -> log.warn("terminal: {}", v));
        Payment running = payment;
        Payment late = settling;
        if (running != null) running.received(p.token(), m);
        if (late != null && m instanceof Sale.End) {
            try {
                late.received(p.token(), m);
            } catch (RuntimeException ex) {
                // a defect here must not end the payment running now, which has nothing to do with it
                log.error("payment {}: internal error while reading a late S2; no more late answers taken", late.reference, ex);
                settling = null;
            }
            if (!late.awaitsLateAnswer() && settling == late) settling = null;
        }
        Pending<?> w = pending.get(key(p.token()));
        if (w != null && w.code().equals(p.type())) {
            pending.remove(key(p.token()));
            w.answer(p.token(), m);
            return;
        }
        switch (m) {
            case Sale.Status s -> {
                if (running == null) log.info("I1 {} outside a payment ignored", s.status());
            }
            case Sale.End e -> {
                if (running == null && late == null) log.warn("S2 [{}] answers no S1 of this session; ignored", p.token());
            }
            case Invalid i when i.code().equals("S2") -> {
                if (running == null) log.warn("unreadable S2 [{}] answers no S1 of this session; ignored: {}", p.token(), i.reason());
            }
            case Invalid i -> log.warn("unreadable {} [{}] from the terminal ignored: {}", i.code(), p.token(), i.reason());
            case Printing pr -> devices.print(pr).ifPresent(a -> send(p.token(), a));
            case Console c -> devices.console(p.token(), c).ifPresent(a -> send(p.token(), a));
            case Notice n -> devices.notice(n);
            default -> responder.answer(m).ifPresent(a -> send(p.token(), a));
        }
    }

    private void attach(TerminalStream c) {
        connection = c;
        source = "terminal#" + (++generation);
        tap = new WireTap(c.out());
        endpoint = new LinkEndpoint(c.peer(), options.link(), tokens, tap, System::nanoTime, log);
        conversation = new Conversation();
        downReason = null;
        Pump.start(source, c.in(), queue::add);
        log.info("connected to {}", c.peer());
    }

    /** The connection is gone: fail what waits on it; a payment decides between error and recovery. */
    private void linkDown(String reason) {
        if (endpoint == null) return;
        if (closing) log.info("link to {} closed: {}", connection.peer(), reason);
        else log.warn("link to {} down: {}", connection.peer(), reason);
        downReason = reason;
        endpoint = null;
        tap = null;
        work.clear();
        connection.closeQuietly();
        connection = null;
        EcrException ex = new EcrException(reason);
        pending.values().forEach(w -> w.reply().completeExceptionally(ex));
        pending.clear();
        acks.values().forEach(f -> f.complete(false));
        acks.clear();
        if (payment != null) payment.linkDown(reason);
    }

    private void shutdown(String reason) {
        closing = true;
        try {
            devices.shutdown();
            linkDown(reason);
            if (payment != null) payment.stop(reason);
        } catch (RuntimeException ex) {
            failRunningPayment(ex);
        }
        open = false;
        failQueued();
    }

    private void failQueued() {
        EcrException ex = new EcrException("session closed");
        for (Object c; (c = queue.poll()) != null; ) {
            switch (c) {
                case Ask<?> a -> a.reply().completeExceptionally(ex);
                case Send s -> s.acked().completeExceptionally(ex);
                case StartPayment sp -> sp.payment().result.complete(PaymentResult.notSent(sp.payment().reference, "session closed; nothing was sent"));
                case Close cl -> cl.done().complete(null);
                case ConsoleDone d -> { }
                default -> { }
            }
        }
    }

    private static String key(String token) {
        return token.toUpperCase(Locale.ROOT);
    }

    private static long earlier(long a, long b) {
        return a - b <= 0 ? a : b;
    }
}
