package tillbridge.nexo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.common.channel.ChannelPeer;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.transport.PoiTransport;
import tillbridge.nexo.transport.PoiTransport.Answer;
import tillbridge.nexo.transport.PoiTransport.Delivered;
import tillbridge.nexo.transport.PoiTransport.Lost;
import tillbridge.nexo.transport.PoiTransport.NotSent;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;

/**
 * One connection from frob's payment channel: JSON lines (docs/channels.md, any number of
 * sessions) or raw ECR-EFT frames (one session: the connection). Requests are read on the calling
 * thread; every nexo exchange runs on a virtual thread of its own, so P1 and status queries are
 * taken while a payment waits. Writes go through {@link #send}, one whole line or frame at a time.
 */
final class Connection {
    static final String PAYMENT = "payment";
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Proxy proxy;
    private final String name;
    private final InputStream in;
    private final ChannelPeer peer;
    private final Tokens tokens = Tokens.forEft();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>(); // guarded by itself
    /** Console and print requests sent to frob for the POI, by token, waiting for their K0 / D0 (null: refused by frob). */
    private final Map<String, java.util.concurrent.CompletableFuture<Message>> awaiting = new ConcurrentHashMap<>();

    /** One ECR session (frob's {@code session} id; in frame format the connection itself). */
    static final class Session {
        final String id;
        volatile Running payment;
        volatile Mapping.Ids login;
        volatile String lastEcrId;
        volatile boolean closed;

        Session(String id) {
            this.id = id;
        }
    }

    /**
     * A PaymentRequest waiting for its response. {@code sent} opens once the request is on the
     * connection ({@code wasSent}) or has failed; an AbortRequest waits for it, so it cannot overtake
     * the payment, and is not sent at all for a payment that never went out.
     */
    record Running(Journal.Key key, Mapping.Ids ids, String token, Sale.Start s1, AtomicBoolean abortSent,
                   java.util.concurrent.CountDownLatch sent, AtomicBoolean wasSent) {
        void markSent() {
            wasSent.set(true);
            sent.countDown();
        }
    }

    Connection(Proxy proxy, String name, InputStream in, OutputStream out) {
        this.proxy = proxy;
        this.name = name;
        this.in = in;
        this.peer = new ChannelPeer(name, PAYMENT, out);
    }

    void run() {
        log.info("{}: connected ({})", name, proxy.config.frames() ? "ECR-EFT frames" : "JSON lines");
        try {
            if (proxy.config.frames()) readFrames();
            else peer.readLines(in, this::onMessage);
            log.info("{}: end of input", name);
        } catch (IOException e) {
            log.warn("{}: read failed: {}", name, e.toString());
        } finally {
            sessions.values().forEach(this::closeSession);
            List<Thread> all;
            synchronized (threads) {
                all = List.copyOf(threads);
            }
            all.forEach(Connection::joinQuietly);
            log.info("{}: disconnected", name);
        }
    }

    private void readFrames() throws IOException {
        FrameDecoder decoder = new FrameDecoder();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) >= 0; ) decoder.feed(buf, 0, n, this::onFrameEvent);
        decoder.endOfInput().forEach(this::onFrameEvent);
    }

    private void onFrameEvent(FrameEvent e) {
        switch (e) {
            case FrameEvent.Frame f -> {
                try {
                    Packet p = Packet.parse(f.body());
                    log.info("{}: <- {}", name, p);
                    onPacket(session(name), p);
                } catch (ProtocolException x) {
                    log.warn("{}: malformed frame dropped: {}", name, x.getMessage());
                }
            }
            default -> log.warn("{}: {} dropped (frame format carries no ACK/NAK and nothing outside frames)", name, e);
        }
    }

    private void onMessage(ChannelMessage m) {
        switch (m.type()) {
            case ChannelMessage.CLOSED -> {
                Session s = sessions.remove(m.session());
                if (s != null) closeSession(s);
            }
            case ChannelMessage.ERROR -> {
                String reason = m.fields().getOrDefault("reason", "");
                log.warn("{} {}: frob could not take our message: {}", name, m.session(), reason);
                awaiting.forEach((token, f) -> {
                    if (reason.contains("[" + token + "]")) f.complete(null);
                });
            }
            default -> peer.paymentPacket(m, this::freshToken).ifPresent(p -> onPacket(session(m.session()), p));
        }
    }

    private Session session(String id) {
        return sessions.computeIfAbsent(id, Session::new);
    }

    private void onPacket(Session s, Packet p) {
        switch (Messages.decode(p)) {
            case Sale.Start q when q.isStatusQuery() -> statusQuery(s, p.token(), q);
            case Sale.Start s1 when s1.kind().equals(Sale.SALE) -> sale(s, p.token(), s1);
            case Sale.Start x -> sendPacket(s, Sale.End.of(Sale.End.REJECTED, "transaction kind " + x.kind() + " not supported"), p.token());
            case Sale.Abort a -> abort(s);
            case App.Start a -> login(s, p.token());
            case Console.Result k0 -> answered(s, p, k0);
            case Printing.Answer d0 -> answered(s, p, d0);
            case Invalid i when i.code().equals("S1") -> sendPacket(s, Sale.End.of(Sale.End.REJECTED, Text.fit("invalid S1: " + i.reason(), 80)), p.token());
            default -> reject(s.id, p.type() + " is not for the payment application");
        }
    }

    // ---- S1 kind S: PaymentRequest

    private void sale(Session s, String token, Sale.Start s1) {
        if (s.payment != null) {
            log.warn("{} {}: S1 {} while a sale runs on this session", name, s.id, token);
            sendPacket(s, Sale.End.of(Sale.End.BUSY, "busy: a sale is running on this session"), token);
            return;
        }
        Journal.Key key = new Journal.Key(s1.ecrId(), s1.paymentId());
        if (!proxy.inProgress.add(key)) {
            sendPacket(s, Sale.End.of(Sale.End.BUSY, Text.fit("busy: payment " + s1.paymentId() + " is in progress", 80)), token);
            return;
        }
        Mapping.Ids ids = new Mapping.Ids(proxy.serviceIds.next(), s1.ecrId(), proxy.config.poiId());
        try {
            proxy.journal.record(key, new Journal.Entry(ids, s1.currency(), s1.gross(), s1.cashback()));
        } catch (IOException e) {
            proxy.inProgress.remove(key);
            log.error("{} {}: cannot journal payment {}/{}: {}; not sent", name, s.id, s1.ecrId(), s1.paymentId(), e.toString());
            sendPacket(s, Sale.End.of(Sale.End.UNAVAILABLE, "payment application not available: journal failed"), token);
            return;
        }
        s.lastEcrId = s1.ecrId();
        Running run = new Running(key, ids, token, s1, new AtomicBoolean(), new java.util.concurrent.CountDownLatch(1), new AtomicBoolean());
        s.payment = run;
        start("pay-" + ids.serviceId(), () -> runSale(s, run));
    }

    private void runSale(Session s, Running run) {
        Sale.End end;
        try {
            SaleToPOIRequest req = Mapping.payment(run.s1(), run.ids(), Instant.now());
            log.info("{} {}: -> nexo PaymentRequest ServiceID {} SaleID {} TransactionID {} {} {} to {}", name, s.id, run.ids().serviceId(),
                    run.ids().saleId(), run.s1().paymentId(), req.payment().paymentTransaction().amountsReq().requestedAmount().toPlainString(),
                    run.s1().currency(), proxy.poi.describe());
            PoiTransport.Outcome o = proxy.poi.exchange(req, proxy.config.paymentTimeout(), device(s), () -> {
                sendPacket(s, new Sale.Status(Sale.Status.WAITING_FOR_CARD, "waiting for card"), "");
                run.markSent();
            });
            run.sent().countDown();
            end = switch (o) {
                case Answer a -> {
                    Sale.End e = paymentAnswer(s, a, req, run.s1());
                    if (e.result().orElse(-1) != Sale.End.UNKNOWN) sendPacket(s, new Sale.Status(Sale.Status.WAITING_FOR_AUTHORISATION, "waiting for authorisation"), "");
                    yield e;
                }
                case NotSent n -> {
                    log.warn("{} {}: PaymentRequest {} not sent: {}", name, s.id, run.ids().serviceId(), n.reason());
                    yield Sale.End.of(Sale.End.UNAVAILABLE, Text.fit("payment application not available: " + n.reason(), 80));
                }
                case Lost l -> {
                    log.warn("{} {}: PaymentRequest {}: {}; outcome unknown", name, s.id, run.ids().serviceId(), l.reason());
                    yield Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + l.reason(), 80));
                }
                case Delivered d -> Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: no PaymentResponse");
            };
        } catch (RuntimeException e) {
            log.error("{} {}: bug while paying {}: {}", name, s.id, run.ids().serviceId(), e.toString(), e);
            end = Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: internal error; ask with a status query");
        } finally {
            run.sent().countDown();
            proxy.inProgress.remove(run.key());
            if (s.payment == run) s.payment = null;
        }
        log.info("{} {}: payment {}/{} (ServiceID {}): result {} {}", name, s.id, run.s1().ecrId(), run.s1().paymentId(), run.ids().serviceId(),
                end.result().orElse(-1), end.message());
        if (s.closed) log.warn("{} {}: session closed; the outcome above is not sent (a status query finds it)", name, s.id);
        else sendPacket(s, end, run.token());
    }

    private Sale.End paymentAnswer(Session s, Answer a, SaleToPOIRequest req, Sale.Start s1) {
        log.debug("{} {}: <- nexo {}", name, s.id, ChannelPeer.preview(a.json()));
        try {
            var env = a.envelope();
            if (env.response() == null) return rejected(env.request());
            SaleToPOIResponse r = Mapping.matching(env.response(), req.header());
            if (r.payment() == null) throw new NexoException("PaymentResponse missing");
            Sale.End end = Mapping.saleEnd(r.payment(), r.header(), s1, proxy.config.poiId());
            log.info("{} {}: <- nexo PaymentResponse {} {}{}", name, s.id, r.payment().response().result(),
                    r.payment().response().errorCondition() == null ? "" : r.payment().response().errorCondition(),
                    end.maskedPan().isEmpty() ? "" : " card " + end.maskedPan());
            return end;
        } catch (NexoException e) {
            log.warn("{} {}: unusable answer to PaymentRequest {}: {}", name, s.id, req.header().serviceId(), e.getMessage());
            return Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + e.getMessage(), 80));
        }
    }

    /** An EventNotification Reject instead of a response: the POI did not take the request. Anything else: unknown. */
    private static Sale.End rejected(SaleToPOIRequest event) throws NexoException {
        if (event != null && event.event() != null && "Reject".equals(event.event().eventToNotify()))
            return Sale.End.of(Sale.End.REJECTED, Text.fit("rejected by the POI: " + Mapping.detail(event.event().eventDetails()), 80));
        throw new NexoException("answer is neither a response nor a Reject");
    }

    // ---- P1: AbortRequest

    private void abort(Session s) {
        Running run = s.payment;
        if (run == null) {
            log.info("{} {}: P1 with no sale running; ignored", name, s.id);
            return;
        }
        if (!run.abortSent().compareAndSet(false, true)) {
            log.info("{} {}: P1 again; the AbortRequest is already out", name, s.id);
            return;
        }
        sendPacket(s, new Sale.Status(Sale.Status.ABORTING, "aborting"), "");
        start("abort-" + run.ids().serviceId(), () -> sendAbort(s, run));
    }

    private void sendAbort(Session s, Running run) {
        try {
            run.sent().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!run.wasSent().get()) {
            log.info("{} {}: payment {} was never sent; no AbortRequest", name, s.id, run.ids().serviceId());
            return;
        }
        SaleToPOIRequest req = Mapping.abort(run.ids(), proxy.serviceIds.next());
        log.info("{} {}: -> nexo AbortRequest ServiceID {} for payment ServiceID {}", name, s.id, req.header().serviceId(), run.ids().serviceId());
        switch (proxy.poi.deliver(req, proxy.config.requestTimeout())) {
            case Delivered d -> log.info("{} {}: AbortRequest delivered; the PaymentResponse ends the sale", name, s.id);
            case Answer a -> log.info("{} {}: AbortRequest answered", name, s.id);
            case NotSent n -> log.warn("{} {}: AbortRequest not sent: {}", name, s.id, n.reason());
            case Lost l -> log.warn("{} {}: AbortRequest may be lost: {}", name, s.id, l.reason());
        }
    }

    // ---- S1 kind C: TransactionStatusRequest

    private void statusQuery(Session s, String token, Sale.Start q) {
        Journal.Key key = new Journal.Key(q.ecrId(), q.paymentId());
        if (proxy.inProgress.contains(key)) {
            sendPacket(s, Sale.End.of(Sale.End.BUSY, "payment in progress, ask again"), token);
            return;
        }
        var recorded = proxy.journal.find(key);
        if (recorded.isEmpty()) {
            log.info("{} {}: status query for {}/{}: no PaymentRequest recorded", name, s.id, q.ecrId(), q.paymentId());
            sendPacket(s, Sale.End.of(Sale.End.NO_SUCH_TRANSACTION, "no such transaction"), token);
            return;
        }
        Mapping.Ids payment = recorded.get().ids();
        // the ECR's status query may carry no amounts (ecr status sends 0 XXX): the recorded S1 stands in for them
        Sale.Start sent = new Sale.Start(Sale.SALE, q.ecrId(), q.paymentId(), recorded.get().gross(), recorded.get().gross(), 0,
                recorded.get().currency(), recorded.get().cashback(), java.util.OptionalLong.empty());
        start("status-" + payment.serviceId(), () -> {
            SaleToPOIRequest req = Mapping.transactionStatus(payment, proxy.serviceIds.next());
            log.info("{} {}: -> nexo TransactionStatusRequest ServiceID {} for payment ServiceID {}", name, s.id, req.header().serviceId(), payment.serviceId());
            Sale.End end = switch (proxy.poi.exchange(req, proxy.config.requestTimeout(), device(s))) {
                case Answer a -> {
                    log.debug("{} {}: <- nexo {}", name, s.id, ChannelPeer.preview(a.json()));
                    try {
                        if (a.envelope().response() == null) yield rejected(a.envelope().request());
                        SaleToPOIResponse r = Mapping.matching(a.envelope().response(), req.header());
                        yield Mapping.statusEnd(r.transactionStatus(), payment, sent, proxy.config.poiId());
                    } catch (NexoException e) {
                        log.warn("{} {}: unusable TransactionStatusResponse: {}", name, s.id, e.getMessage());
                        yield Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + e.getMessage(), 80));
                    }
                }
                case NotSent n -> Sale.End.of(Sale.End.UNAVAILABLE, Text.fit("payment application not available: " + n.reason(), 80));
                case Lost l -> Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + l.reason(), 80));
                case Delivered d -> Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: no TransactionStatusResponse");
            };
            log.info("{} {}: status of {}/{}: result {} {}", name, s.id, q.ecrId(), q.paymentId(), end.result().orElse(-1), end.message());
            sendPacket(s, end, token);
        });
    }

    // ---- A1: LoginRequest; session end: LogoutRequest

    private void login(Session s, String token) {
        String saleId = s.lastEcrId != null ? s.lastEcrId : proxy.config.saleId();
        Mapping.Ids ids = new Mapping.Ids(proxy.serviceIds.next(), saleId, proxy.config.poiId());
        start("login-" + ids.serviceId(), () -> {
            SaleToPOIRequest req = Mapping.login(ids, Instant.now());
            log.info("{} {}: -> nexo LoginRequest ServiceID {} SaleID {}", name, s.id, ids.serviceId(), saleId);
            App.Ack ack = switch (proxy.poi.exchange(req, proxy.config.requestTimeout(), device(s))) {
                case Answer a -> {
                    try {
                        if (a.envelope().response() == null) {
                            Sale.End r = rejected(a.envelope().request());
                            yield new App.Ack(r.result().orElse(Sale.End.REJECTED), r.message());
                        }
                        SaleToPOIResponse r = Mapping.matching(a.envelope().response(), req.header());
                        App.Ack x = Mapping.appAck(r.login(), Mapping.first(r.header().poiId(), proxy.config.poiId()));
                        if (x.accepted()) s.login = ids;
                        yield x;
                    } catch (NexoException e) {
                        yield new App.Ack(Sale.End.UNKNOWN, Text.fit("no usable LoginResponse: " + e.getMessage(), 100));
                    }
                }
                case NotSent n -> new App.Ack(Sale.End.UNAVAILABLE, Text.fit("payment application not available: " + n.reason(), 100));
                case Lost l -> new App.Ack(Sale.End.UNKNOWN, Text.fit("no answer to the login: " + l.reason(), 100));
                case Delivered d -> new App.Ack(Sale.End.UNKNOWN, "no LoginResponse");
            };
            log.info("{} {}: login: A2 {} {}", name, s.id, ack.result(), ack.message());
            sendPacket(s, ack, token);
        });
    }

    private void closeSession(Session s) {
        if (s.closed) return;
        s.closed = true;
        Running run = s.payment;
        if (run != null && run.abortSent().compareAndSet(false, true)) {
            log.info("{} {}: session closed while payment {} runs: aborting it", name, s.id, run.ids().serviceId());
            start("abort-" + run.ids().serviceId(), () -> sendAbort(s, run));
        }
        Mapping.Ids login = s.login;
        if (login != null) {
            start("logout-" + login.saleId(), () -> {
                while (s.payment != null) sleepQuietly(50); // a Logout while the payment runs would be refused
                SaleToPOIRequest req = Mapping.logout(new Mapping.Ids(proxy.serviceIds.next(), login.saleId(), login.poiId()));
                log.info("{} {}: session closed: -> nexo LogoutRequest ServiceID {} SaleID {}", name, s.id, req.header().serviceId(), login.saleId());
                switch (proxy.poi.exchange(req, proxy.config.requestTimeout(), device(s))) {
                    case Answer a -> log.info("{} {}: logout answered: {}", name, s.id,
                            a.envelope().response() != null && a.envelope().response().logout() != null
                                    ? a.envelope().response().logout().response().result() : "no LogoutResponse");
                    case NotSent n -> log.warn("{} {}: LogoutRequest not sent: {}", name, s.id, n.reason());
                    case Lost l -> log.warn("{} {}: LogoutRequest: {}", name, s.id, l.reason());
                    case Delivered d -> {}
                }
            });
        }
    }

    // ---- the POI's Display / Input / Print requests → ECR console and printer, through frob (docs/nexo.md)

    private PoiTransport.DeviceRequests device(Session s) {
        return r -> {
            try {
                return deviceRequest(s, r);
            } catch (RuntimeException e) {
                log.error("{} {}: bug while relaying a device request: {}", name, s.id, e.toString(), e);
                return DeviceMapping.notSupported(r);
            }
        };
    }

    /** What {@link #ask} returns when no answer came in time (neither a K0 nor a D0). */
    private static final Message NO_ANSWER = new Console.Claim();

    private Nexo.SaleToPOIResponse deviceRequest(Session s, SaleToPOIRequest r) {
        if (s.closed || r.header() == null) return DeviceMapping.notSupported(r);
        Nexo.MessageHeader h = r.header().response();
        log.info("{} {}: <- nexo {}Request from the POI", name, s.id, r.header().messageCategory());
        if (r.display() != null) {
            List<Console.Display> k3 = DeviceMapping.display(r.display());
            if (k3.isEmpty()) return DeviceMapping.notSupported(r);
            Console.Result shown = console(s, k3);
            boolean wanted = r.display().displayOutput().stream().anyMatch(d -> Boolean.TRUE.equals(d.responseRequired()));
            return wanted ? Nexo.SaleToPOIResponse.display(h, DeviceMapping.displayResponse(r.display(), shown)) : null;
        }
        if (r.input() != null) {
            var k = DeviceMapping.input(r.input());
            if (k.isEmpty()) return DeviceMapping.notSupported(r);
            return Nexo.SaleToPOIResponse.input(h, DeviceMapping.inputResponse(r.input(), console(s, List.of(k.get()))));
        }
        if (r.print() != null) {
            List<Printing.Answer> answers = new ArrayList<>();
            boolean failed = false;
            for (Printing p : DeviceMapping.print(r.print())) {
                if (failed && !(p instanceof Printing.End)) continue; // frob's rule: after a refused D6 only the D3 follows
                Message a = ask(s, p, proxy.config.requestTimeout());
                Printing.Answer d0 = a instanceof Printing.Answer x ? x
                        : a == null ? new Printing.Answer(Console.Result.NOT_SUPPORTED, "refused by frob") : new Printing.Answer(Console.Result.TIMEOUT, "no D0 in time");
                answers.add(d0);
                if (!d0.ok()) {
                    if (p instanceof Printing.Start) break;
                    failed = true;
                }
            }
            boolean wanted = r.print().printOutput() == null || !"NotRequired".equals(r.print().printOutput().responseMode());
            return wanted ? Nexo.SaleToPOIResponse.print(h, DeviceMapping.printResponse(r.print(), answers)) : null;
        }
        return DeviceMapping.notSupported(r);
    }

    /** K1, the requests, K2; the K0 of the last request (or of a refused K1). Operator answers may take up to the payment timeout. */
    private Console.Result console(Session s, List<? extends Console> requests) {
        Console.Result claim = k0(ask(s, new Console.Claim(), proxy.config.requestTimeout()));
        if (claim.result() != Console.Result.OK) return claim;
        Console.Result last = claim;
        for (Console c : requests) {
            last = k0(ask(s, c, proxy.config.paymentTimeout()));
            if (last.result() != Console.Result.OK) break;
        }
        ask(s, new Console.Interrupt("nexo request done"), proxy.config.requestTimeout());
        return last;
    }

    private static Console.Result k0(Message m) {
        if (m instanceof Console.Result r) return r;
        return new Console.Result(m == null ? Console.Result.NOT_SUPPORTED : Console.Result.TIMEOUT, "");
    }

    /** Sends a console or print request to frob with a fresh token and waits for its answer: the K0/D0, null if frob refused it, {@link #NO_ANSWER} on timeout. */
    private Message ask(Session s, Message request, java.time.Duration timeout) {
        String token = freshToken();
        var f = new java.util.concurrent.CompletableFuture<Message>();
        awaiting.put(token, f);
        try {
            sendPacket(s, request, token);
            return f.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("{} {}: no answer to {} [{}] within {} s", name, s.id, request.code(), token, timeout.toSeconds());
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        } finally {
            awaiting.remove(token);
        }
    }

    private void answered(Session s, Packet p, Message answer) {
        var f = awaiting.get(p.token());
        if (f == null) {
            reject(s.id, p.type() + " [" + p.token() + "] answers no request of nexo-proxy");
            return;
        }
        f.complete(answer);
    }

    // ---- output

    private void start(String what, Runnable r) {
        Thread t = Thread.ofVirtual().name(name + "-" + what).unstarted(r);
        synchronized (threads) {
            threads.removeIf(x -> !x.isAlive());
            threads.add(t);
        }
        t.start();
    }

    private synchronized String freshToken() {
        return tokens.next();
    }

    /** Sends {@code m} as a packet of session {@code s}; an empty token: frob picks one (JSON) or a fresh EFT token (frames). */
    void sendPacket(Session s, Message m, String token) {
        Packet p;
        try {
            p = Messages.encode(token.isEmpty() ? freshToken() : token, m);
        } catch (IllegalArgumentException e) {
            log.error("{} {}: cannot encode {}: {}", name, s.id, m, e.getMessage());
            if (!(m instanceof Sale.End)) return;
            p = Messages.encode(token, Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: unencodable answer; ask with a status query"));
        }
        log.info("{} {}: -> {}", name, s.id, p);
        if (proxy.config.frames()) {
            peer.write(p.frame().toArray());
        } else {
            peer.send(new ChannelMessage(PAYMENT, s.id, p.type(), token, Messages.named(p)));
        }
    }

    private void reject(String session, String reason) {
        if (proxy.config.frames()) return; // no error messages in frame format; logged by the caller
        peer.reject(session, reason);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
