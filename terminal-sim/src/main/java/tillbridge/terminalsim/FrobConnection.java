package tillbridge.terminalsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.common.channel.ChannelPeer;
import tillbridge.protocol.Packet;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/**
 * One connection from frob (docs/channels.md, JSON lines): reads requests on the calling thread,
 * answers A1 and status queries at once, and runs each sale as a {@link SaleRun} on its own
 * virtual thread. Writes from all of them go through {@link #send}, one whole line at a time.
 */
final class FrobConnection {
    static final String PAYMENT = "payment";
    private static final Logger log = LoggerFactory.getLogger(FrobConnection.class);

    private final SimulatedTerminal terminal;
    private final String name;
    private final InputStream in;
    private final ChannelPeer peer;
    private final Tokens tokens = Tokens.forEft();
    /** The running sale of each session. */
    private final Map<String, SaleRun> sales = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>(); // only the reading thread touches it

    FrobConnection(SimulatedTerminal terminal, String name, InputStream in, OutputStream out) {
        this.terminal = terminal;
        this.name = name;
        this.in = in;
        this.peer = new ChannelPeer(name, PAYMENT, out);
    }

    void run() {
        log.info("{}: connected", name);
        try {
            peer.readLines(in, this::onMessage);
            log.info("{}: end of input", name);
        } catch (IOException e) {
            log.warn("{}: read failed: {}", name, e.toString());
        } finally {
            sales.keySet().forEach(this::closeSession);
            threads.forEach(FrobConnection::joinQuietly);
            log.info("{}: disconnected", name);
        }
    }

    /** Sends {@code m} as a packet of {@code session}; an empty token lets frob pick one (for I1). */
    void sendPacket(String session, Message m, String token) {
        Packet p = Messages.encode(token.isEmpty() ? "0" : token, m);
        log.info("{} {}: -> {}", name, session, p);
        peer.send(new ChannelMessage.Packet(PAYMENT, session, p.type(), token, Messages.named(p)));
    }

    /** A token for a request of ours (a sale's D2, K1...): frob relays the ECR's answer with it. */
    synchronized String nextToken() {
        return tokens.next();
    }

    /** Called by a sale when its outcome is final, before its S2 goes out, so a next S1 is taken. */
    void saleEnded(String session, SaleRun run) {
        sales.remove(session, run);
    }

    private void onMessage(ChannelMessage m) {
        switch (m) {
            case ChannelMessage.Closed c -> closeSession(c.session());
            case ChannelMessage.Error e -> {
                log.warn("{} {}: frob could not take our message: {}", name, e.session(), e.reason());
                SaleRun run = sales.get(e.session());
                if (run != null) run.reply(e);
            }
            case ChannelMessage.Packet p -> fromEcr(p);
            case ChannelMessage.Hello _ -> { } // the peer takes frob's hello and does not pass it on
        }
    }

    /** A packet of the ECR that frob relayed: an answer to a request of a sale, a notice, or the payment flow. */
    private void fromEcr(ChannelMessage.Packet m) {
        switch (PacketType.find(m.type())) {
            case D0, D8, K0 -> {
                SaleRun run = sales.get(m.session());
                log.info("{} {}: <- {} [{}] {}", name, m.session(), m.type(), m.token(), m.fields());
                if (run != null) run.reply(m);
                else log.info("{} {}: {} [{}] answers no request of a running sale; ignored", name, m.session(), m.type(), m.token());
            }
            case L1, M1 -> log.info("{} {}: <- {} {} (the ECR's notice)", name, m.session(), m.type(), m.fields());
            case null, default -> peer.paymentPacket(m, this::nextToken).ifPresent(p -> onPacket(m.session(), p));
        }
    }

    private void onPacket(String session, Packet p) {
        switch (Messages.decode(p)) {
            case Sale.Start s when s.isStatusQuery() -> answerStatusQuery(session, p.token(), s);
            case Sale.Start s when s.kind().equals(Sale.SALE) -> startSale(session, p.token(), s);
            case Sale.Start s -> answer(session, p.token(), s, Sale.End.REJECTED, "transaction kind " + s.kind() + " not supported");
            case Sale.Abort a -> abort(session);
            case App.Start a -> sendPacket(session, new App.Ack(0, "OK"), p.token());
            case Invalid i when i.type() == PacketType.S1 -> sendPacket(session, Sale.End.of(Sale.End.REJECTED, text("invalid S1: " + i.reason())), p.token());
            default -> peer.reject(session, p.type() + " is not for the payment application");
        }
    }

    /**
     * S1 kind S. A payment id the journal already holds for this ECR id is never charged again: a
     * till that retries after a crash gets the earlier outcome, as a status query would.
     */
    private void startSale(String session, String token, Sale.Start s1) {
        if (s1.paymentId().equals(Sale.LAST)) {
            answer(session, token, s1, Sale.End.REJECTED, "payment id LAST is reserved for status queries");
            return;
        }
        if (sales.containsKey(session)) {
            log.warn("{} {}: S1 {} while a sale runs on this session", name, session, token);
            answer(session, token, s1, Sale.End.BUSY, "busy: a sale is running on this session");
            return;
        }
        OutcomeJournal.Key key = new OutcomeJournal.Key(s1.ecrId(), s1.paymentId());
        if (terminal.journal().find(key).isPresent()) {
            log.warn("{} {}: payment {}/{} was already run: answering its recorded outcome, not charging again", name, session,
                    s1.ecrId(), s1.paymentId());
            answerRecorded(session, token, key);
            return;
        }
        SaleRun run = new SaleRun(terminal, this, session, token, s1, Rules.decide(s1.gross()));
        if (!terminal.begin(key, run)) {
            answer(session, token, s1, Sale.End.BUSY, "busy: payment " + s1.paymentId() + " is in progress");
            return;
        }
        sales.put(session, run);
        threads.removeIf(t -> !t.isAlive());
        threads.add(run.start());
    }

    /** Status query, its own lane (docs/protocol.md): answered at once, even while a sale runs. */
    private void answerStatusQuery(String session, String token, Sale.Start q) {
        if (q.asksForLast()) {
            answerLast(session, token, q);
            return;
        }
        OutcomeJournal.Key key = new OutcomeJournal.Key(q.ecrId(), q.paymentId());
        if (terminal.journal().find(key).isPresent()) answerRecorded(session, token, key);
        else if (terminal.inProgress(key)) answer(session, token, q, Sale.End.BUSY, "payment in progress, ask again");
        else answer(session, token, q, Sale.End.NO_SUCH_TRANSACTION, "no such transaction");
    }

    /** The journal's S2 of {@code key}, naming its payment and ECR ids. */
    private void answerRecorded(String session, String token, OutcomeJournal.Key key) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(terminal.journal().find(key).orElseThrow());
        fields.put("payment_id", key.paymentId());
        fields.put("ecr_id", key.ecrId());
        try {
            Packet p = Messages.fromNamed(token, PacketType.S2.code(), fields);
            log.info("{} {}: -> {} (recorded outcome of {}/{})", name, session, p, key.ecrId(), key.paymentId());
            peer.send(ChannelMessage.of(PAYMENT, session, p));
        } catch (ProtocolException e) {
            throw new IllegalStateException("journal holds an S2 the codec refuses: " + e.getMessage(), e);
        }
    }

    private void answer(String session, String token, Sale.Start s1, int result, String message) {
        sendPacket(session, Sale.End.of(result, message).answering(s1), token);
    }

    /**
     * Status query for {@code LAST} (docs/protocol.md): the last transaction of the ECR id, with its
     * payment id in S2 field 12; 993 while a sale of that ECR id runs; 996 when there is none.
     */
    private void answerLast(String session, String token, Sale.Start q) {
        if (terminal.inProgressFor(q.ecrId())) {
            answer(session, token, q, Sale.End.BUSY, "a payment of " + text(q.ecrId()) + " is in progress, ask again");
            return;
        }
        var last = terminal.journal().last(q.ecrId());
        if (last.isEmpty()) answer(session, token, q, Sale.End.NO_SUCH_TRANSACTION, "no transaction of this ECR id");
        else answerRecorded(session, token, last.get().getKey());
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

    /** Printable ASCII of at most 80 characters, as S2 and error messages want it. */
    private static String text(String s) {
        String t = s.replaceAll("[^\\x20-\\x7E]", "?");
        return t.length() <= 80 ? t : t.substring(0, 77) + "...";
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
