package tillbridge.terminalsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Pan;
import tillbridge.protocol.message.Sale;

/**
 * One connection from frob (docs/channels.md, JSON lines): reads requests on the calling thread,
 * answers A1 and status queries at once, and runs each sale as a {@link SaleRun} on its own
 * virtual thread. Writes from all of them go through {@link #send}, one whole line at a time.
 */
final class Connection {
    static final String PAYMENT = "payment";
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Terminal terminal;
    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final Tokens tokens = Tokens.forEft();
    /** The running sale of each session. */
    private final Map<String, SaleRun> sales = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>(); // only the reading thread touches it
    private boolean broken; // guarded by this

    Connection(Terminal terminal, String name, InputStream in, OutputStream out) {
        this.terminal = terminal;
        this.name = name;
        this.in = in;
        this.out = out;
    }

    void run() {
        log.info("{}: connected", name);
        try (LineReader lines = new LineReader(in, ChannelJson.MAX_LINE)) {
            for (LineReader.Line l; (l = lines.next()) != null; ) {
                switch (l) {
                    case LineReader.Text t when t.text().isBlank() -> {}
                    case LineReader.Text t -> onLine(t.text());
                    case LineReader.TooLong x -> reject("", "line longer than " + x.limit() + " characters");
                }
            }
            log.info("{}: end of input", name);
        } catch (IOException e) {
            log.warn("{}: read failed: {}", name, e.toString());
        } finally {
            sales.keySet().forEach(this::closeSession);
            threads.forEach(Connection::joinQuietly);
            log.info("{}: disconnected", name);
        }
    }

    /** Writes one message as one line; after a write error the connection only reads. */
    synchronized void send(ChannelMessage m) {
        if (broken) return;
        try {
            out.write((ChannelJson.write(m) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
            log.warn("{}: write failed, no more answers on this connection: {}", name, e.toString());
        }
    }

    /** Sends {@code m} as a packet of {@code session}; an empty token lets frob pick one (for I1). */
    void sendPacket(String session, Message m, String token) {
        Packet p = Messages.encode(token.isEmpty() ? "0" : token, m);
        log.info("{} {}: -> {}", name, session, p);
        send(new ChannelMessage(PAYMENT, session, p.type(), token, Messages.named(p)));
    }

    /** Called by a sale when its outcome is final, before its S2 goes out, so a next S1 is taken. */
    void saleEnded(String session, SaleRun run) {
        sales.remove(session, run);
    }

    private void onLine(String line) {
        ChannelMessage m;
        try {
            m = ChannelJson.read(line);
        } catch (ProtocolException e) {
            log.warn("{}: bad line ({}): {}", name, e.getMessage(), preview(line));
            reject("", e.getMessage());
            return;
        }
        switch (m.type()) {
            case ChannelMessage.CLOSED -> closeSession(m.session());
            case ChannelMessage.ERROR -> log.warn("{} {}: frob could not take our message: {}", name, m.session(), m.fields().get("reason"));
            default -> {
                if (!m.channel().isEmpty() && !m.channel().equals(PAYMENT)) {
                    log.debug("{} {}: {} on channel {} is not for the payment application; ignored", name, m.session(), m.type(), m.channel());
                    return;
                }
                if (m.token().isEmpty() && (m.type().equals("S1") || m.type().equals("A1"))) {
                    reject(m.session(), m.type() + " needs a token for its answer");
                    return;
                }
                Packet p;
                try {
                    p = m.packet(tokens::next);
                } catch (ProtocolException e) {
                    log.warn("{} {}: bad {}: {}", name, m.session(), m.type(), e.getMessage());
                    reject(m.session(), e.getMessage());
                    return;
                }
                log.info("{} {}: <- {}", name, m.session(), p);
                onPacket(m.session(), p);
            }
        }
    }

    private void onPacket(String session, Packet p) {
        switch (Messages.decode(p)) {
            case Sale.Start s when s.isStatusQuery() -> answerStatusQuery(session, p.token(), s);
            case Sale.Start s when s.kind().equals(Sale.SALE) -> startSale(session, p.token(), s);
            case Sale.Start s -> sendPacket(session, Sale.End.of(Sale.End.REJECTED, "transaction kind " + s.kind() + " not supported"), p.token());
            case Sale.Abort a -> abort(session);
            case App.Start a -> sendPacket(session, new App.Ack(0, "OK"), p.token());
            case Invalid i when i.code().equals("S1") -> sendPacket(session, Sale.End.of(Sale.End.REJECTED, text("invalid S1: " + i.reason())), p.token());
            default -> reject(session, p.type() + " is not for the payment application");
        }
    }

    private void startSale(String session, String token, Sale.Start s1) {
        if (sales.containsKey(session)) {
            log.warn("{} {}: S1 {} while a sale runs on this session", name, session, token);
            sendPacket(session, Sale.End.of(Sale.End.BUSY, "busy: a sale is running on this session"), token);
            return;
        }
        Journal.Key key = new Journal.Key(s1.ecrId(), s1.paymentId());
        SaleRun run = new SaleRun(terminal, this, session, token, s1, Rules.decide(s1.gross()));
        if (!terminal.begin(key, run)) {
            sendPacket(session, Sale.End.of(Sale.End.BUSY, "busy: payment " + s1.paymentId() + " is in progress"), token);
            return;
        }
        sales.put(session, run);
        threads.removeIf(t -> !t.isAlive());
        threads.add(run.start());
    }

    /** Status query, its own lane (docs/protocol.md): answered at once, even while a sale runs. */
    private void answerStatusQuery(String session, String token, Sale.Start q) {
        Journal.Key key = new Journal.Key(q.ecrId(), q.paymentId());
        var recorded = terminal.journal().find(key);
        if (recorded.isPresent()) {
            try {
                Packet p = Messages.fromNamed(token, "S2", recorded.get());
                log.info("{} {}: -> {} (recorded outcome of {}/{})", name, session, p, q.ecrId(), q.paymentId());
                send(ChannelMessage.of(PAYMENT, session, p));
            } catch (ProtocolException e) {
                throw new IllegalStateException("journal holds an S2 the codec refuses: " + e.getMessage(), e);
            }
        } else if (terminal.inProgress(key)) {
            sendPacket(session, Sale.End.of(Sale.End.BUSY, "payment in progress, ask again"), token);
        } else {
            sendPacket(session, Sale.End.of(Sale.End.NO_SUCH_TRANSACTION, "no such transaction"), token);
        }
    }

    private void abort(String session) {
        SaleRun run = sales.get(session);
        if (run == null) log.info("{} {}: P1 with no sale running; ignored", name, session);
        else if (!run.abort()) log.info("{} {}: P1 too late, authorisation is done; outcome unchanged", name, session);
    }

    private void closeSession(String session) {
        SaleRun run = sales.get(session);
        if (run != null) {
            log.info("{} {}: session closed, cancelling its sale", name, session);
            run.close();
        }
    }

    private void reject(String session, String reason) {
        send(ChannelMessage.error(PAYMENT, session, text(reason)));
    }

    /** Printable ASCII of at most 80 characters, as S2 and error messages want it. */
    private static String text(String s) {
        String t = s.replaceAll("[^\\x20-\\x7E]", "?");
        return t.length() <= 80 ? t : t.substring(0, 77) + "...";
    }

    private static String preview(String line) {
        return Pan.maskAll(line.length() <= 200 ? line : line.substring(0, 200) + "...");
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
