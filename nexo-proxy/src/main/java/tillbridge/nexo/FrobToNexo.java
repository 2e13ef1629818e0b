package tillbridge.nexo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.common.channel.ChannelPeer;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.transport.PoiTransport.Answer;
import tillbridge.nexo.transport.PoiTransport.Delivered;
import tillbridge.nexo.transport.PoiTransport.Lost;
import tillbridge.nexo.transport.PoiTransport.NotSent;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.PacketType;
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
 * taken while a payment waits. Sales are {@link SaleRequests}, the POI's device requests
 * {@link DeviceRelay}; the A1 login and the logout at the session's end are here. Writes go
 * through {@link #sendPacket}, one whole line or frame at a time.
 */
final class FrobToNexo {
    static final String PAYMENT = "payment";
    private static final Logger log = LoggerFactory.getLogger(FrobToNexo.class);

    final Proxy proxy;
    final String name;
    private final InputStream in;
    private final ChannelPeer peer;
    private final Tokens tokens = Tokens.forEft();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>(); // guarded by itself
    private final DeviceRelay device = new DeviceRelay(this);
    private final SaleRequests sales = new SaleRequests(this, device);

    /** One ECR session (frob's {@code session} id; in frame format the connection itself). */
    static final class Session {
        final String id;
        volatile SaleRequests.Running payment;
        volatile Mapping.Ids login;
        volatile String lastEcrId;
        volatile boolean closed;

        Session(String id) {
            this.id = id;
        }
    }

    FrobToNexo(Proxy proxy, String name, InputStream in, OutputStream out) {
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
            all.forEach(FrobToNexo::joinQuietly);
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
        switch (m) {
            case ChannelMessage.Closed c -> {
                Session s = sessions.remove(c.session());
                if (s != null) closeSession(s);
            }
            case ChannelMessage.Error e -> {
                log.warn("{} {}: frob could not take our message: {}", name, e.session(), e.reason());
                device.refused(e.reason());
            }
            case ChannelMessage.Packet packet -> peer.paymentPacket(packet, this::freshToken).ifPresent(p -> onPacket(session(packet.session()), p));
            case ChannelMessage.Hello _ -> { } // the peer takes frob's hello and does not pass it on
        }
    }

    private Session session(String id) {
        return sessions.computeIfAbsent(id, Session::new);
    }

    private void onPacket(Session s, Packet p) {
        switch (Messages.decode(p)) {
            case Sale.Start q when q.isStatusQuery() -> sales.statusQuery(s, p.token(), q);
            case Sale.Start s1 when s1.kind().equals(Sale.SALE) -> sales.sale(s, p.token(), s1);
            case Sale.Start x -> sendPacket(s, Sale.End.of(Sale.End.REJECTED, "transaction kind " + x.kind() + " not supported"), p.token());
            case Sale.Abort a -> sales.abort(s);
            case App.Start a -> login(s, p.token());
            case Console.Result k0 -> device.answered(s, p, k0);
            case Printing.Answer d0 -> device.answered(s, p, d0);
            case Invalid i when i.type() == PacketType.S1 -> sendPacket(s, Sale.End.of(Sale.End.REJECTED, Text.fit("invalid S1: " + i.reason(), 80)), p.token());
            default -> reject(s.id, p.type() + " is not for the payment application");
        }
    }

    // ---- A1: LoginRequest; session end: LogoutRequest

    private void login(Session s, String token) {
        String saleId = s.lastEcrId != null ? s.lastEcrId : proxy.config.saleId();
        Mapping.Ids ids = new Mapping.Ids(proxy.serviceIds.next(), saleId, proxy.config.poiId());
        start("login-" + ids.serviceId(), () -> {
            SaleToPOIRequest req = Mapping.login(ids, Instant.now());
            log.info("{} {}: -> nexo LoginRequest ServiceID {} SaleID {}", name, s.id, ids.serviceId(), saleId);
            App.Ack ack = switch (proxy.poi.exchange(req, proxy.config.requestTimeout(), device.forSession(s))) {
                case Answer a -> {
                    try {
                        if (a.envelope().response() == null) {
                            Sale.End r = SaleRequests.rejected(a.envelope().request());
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
        SaleRequests.Running run = s.payment;
        if (run != null && run.abortSent().compareAndSet(false, true)) {
            log.info("{} {}: session closed while payment {} runs: aborting it", name, s.id, run.ids().serviceId());
            start("abort-" + run.ids().serviceId(), () -> sales.sendAbort(s, run));
        }
        Mapping.Ids login = s.login;
        if (login != null) {
            start("logout-" + login.saleId(), () -> {
                while (s.payment != null) sleepQuietly(50); // a Logout while the payment runs would be refused
                SaleToPOIRequest req = Mapping.logout(new Mapping.Ids(proxy.serviceIds.next(), login.saleId(), login.poiId()));
                log.info("{} {}: session closed: -> nexo LogoutRequest ServiceID {} SaleID {}", name, s.id, req.header().serviceId(), login.saleId());
                switch (proxy.poi.exchange(req, proxy.config.requestTimeout(), device.forSession(s))) {
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

    // ---- output

    void start(String what, Runnable r) {
        Thread t = Thread.ofVirtual().name(name + "-" + what).unstarted(r);
        synchronized (threads) {
            threads.removeIf(x -> !x.isAlive());
            threads.add(t);
        }
        t.start();
    }

    synchronized String freshToken() {
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
            peer.send(new ChannelMessage.Packet(PAYMENT, s.id, p.type(), token, Messages.named(p)));
        }
    }

    void reject(String session, String reason) {
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
