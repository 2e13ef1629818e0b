package tillbridge.frob.session;

import static tillbridge.frob.channel.ChannelName.PAYMENT;
import static tillbridge.frob.channel.ChannelName.STORAGE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelReader;
import tillbridge.frob.channel.ChannelWriter;
import tillbridge.frob.lock.TransactionLock;
import tillbridge.protocol.Packet;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.flow.Conversation;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.flow.Violation;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/**
 * The payment flow (docs/channels.md): S1, P1 and A1 from the ECR go out on the payment channel;
 * S2, I1 and A2 come back on the payment channel (when it is two-way) or the device channel and go
 * to the ECR. When the payment application cannot answer, frob does: S2 993 busy, 994 not
 * available, 995 outcome unknown. Every S1 forwarded and every S2 sent to the ECR is copied to the
 * storage channel. Part of the session: runs on its loop only.
 */
final class PaymentRoute {
    private static final Logger log = LoggerFactory.getLogger(PaymentRoute.class);
    private static final String BUSY = "busy: another transaction is running";
    private static final String UNAVAILABLE = "payment application not available";
    private static final String UNKNOWN = "outcome unknown: ask with a status query";

    /** Which flow an S2 closes. */
    private enum Closes { SALE, STATUS_QUERY, NONE }

    private final String session;
    private final Map<ChannelName, ChannelWriter> writers;
    private final long timeoutNanos;
    private final Conversation conversation;
    private final ToEcr ecr;
    private final LongSupplier clock;
    /** One transaction at a time across sessions and processes: held by a sale from forwarding to its S2. */
    private final TransactionLock lock;
    /** The channel answers come back on: payment when frob reads it, else device; null when none can. */
    private ChannelName answers;
    private Packet sale;
    private Packet query;
    private Packet appStart;
    private long lastHeard;
    private int forwarded;
    private final Unavailability unavailable;
    /** Requests written to the payment channel while handling the current event. */
    private final List<Packet> justForwarded = new ArrayList<>(2);

    PaymentRoute(String session, Map<ChannelName, ChannelWriter> writers, ChannelName answers, Duration timeout,
                 Conversation conversation, ToEcr ecr, LongSupplier nanoClock, TransactionLock lock) {
        this.session = session;
        this.writers = Map.copyOf(writers);
        this.answers = answers;
        this.timeoutNanos = timeout.toNanos();
        this.conversation = conversation;
        this.ecr = ecr;
        this.clock = nanoClock;
        this.lock = lock;
        this.unavailable = new Unavailability(nanoClock);
    }

    /** S1: a sale, or a status query (kind C), which is forwarded even while a sale runs. */
    void start(Packet p, Sale.Start s) {
        Optional<Violation> v = conversation.accept(Side.ECR, s);
        if (v.isPresent()) {
            log.warn("{}: answering S2 {}", v.get(), Sale.End.BUSY);
            sendS2(p.token(), Closes.NONE, Sale.End.of(Sale.End.BUSY, BUSY).answering(s));
            return;
        }
        Closes flow = s.isStatusQuery() ? Closes.STATUS_QUERY : Closes.SALE;
        Optional<String> down = flow == Closes.SALE ? unavailable.answer() : Optional.empty();
        if (down.isPresent()) {
            sendS2(p.token(), flow, Sale.End.of(Sale.End.UNAVAILABLE, fit(down.get())).answering(s));
            return;
        }
        if (flow == Closes.SALE && !lock.tryAcquire(session)) {
            log.warn("S1 [{}]: another transaction is running ({}): answering S2 {}", p.token(), lock, Sale.End.BUSY);
            sendS2(p.token(), flow, Sale.End.of(Sale.End.BUSY, BUSY).answering(s));
            return;
        }
        if (!deliver(p)) {
            sendS2(p.token(), flow, Sale.End.of(Sale.End.UNAVAILABLE, UNAVAILABLE).answering(s));
            return;
        }
        copyToStorage(p);
        if (flow == Closes.STATUS_QUERY) query = p;
        else sale = p;
    }

    /** An S1 whose body breaks the schema: S2 999 naming the problem ({@code reason} starts with "S1: "). */
    void invalidSale(String token, String reason) {
        sendS2(token, Closes.NONE, Sale.End.of(Sale.End.REJECTED, fit("invalid " + reason)));
    }

    void abort(Packet p, Sale.Abort a) {
        Optional<Violation> v = conversation.accept(Side.ECR, a);
        if (v.isPresent()) log.warn("{}: P1 dropped", v.get());
        else if (!deliver(p)) log.warn("P1 [{}] could not be forwarded", p.token());
    }

    void appStart(Packet p, App.Start a) {
        Optional<Violation> v = conversation.accept(Side.ECR, a);
        Optional<String> down = unavailable.answer();
        if (v.isPresent()) {
            log.warn("{}: answering A2 {}", v.get(), Sale.End.BUSY);
            ecr.send(p.token(), new App.Ack(Sale.End.BUSY, "busy: an application start is running"));
        } else if (down.isPresent()) {
            sendA2(p.token(), new App.Ack(Sale.End.UNAVAILABLE, fit(down.get())));
        } else if (!deliver(p)) {
            sendA2(p.token(), new App.Ack(Sale.End.UNAVAILABLE, UNAVAILABLE));
        } else {
            appStart = p;
        }
    }

    /**
     * The terminal software sent L1: until {@code seconds} have passed, frob answers new sales and
     * application starts itself with 994 (status queries are still forwarded). 0 ends the period.
     */
    void terminalUnavailable(int seconds, String reason) {
        unavailable.set(seconds, reason);
        if (seconds == 0) log.info("the terminal software is available again");
        else log.info("the terminal software is unavailable for {} s{}: new sales are answered S2 {}", seconds,
                reason.isEmpty() ? "" : " (" + reason + ")", Sale.End.UNAVAILABLE);
    }

    /** A valid message of this session came from the terminal software: it is alive (restarts the payment timeout). */
    void heard() {
        lastHeard = clock.getAsLong();
    }

    /** Input from the payment or device channel. */
    void fromChannel(ChannelName channel, ChannelReader.Inbound in) {
        switch (in) {
            case ChannelReader.Refused r -> refuse(channel, r.reason());
            case ChannelReader.Received r -> {
                ChannelMessage m = r.message();
                if (!m.session().equals(session)) {
                    refuse(channel, "session '" + m.session() + "' is not this session ('" + session + "')");
                    return;
                }
                lastHeard = clock.getAsLong();
                try {
                    switch (m) {
                        case ChannelMessage.Error e -> log.warn("{} channel: the terminal software could not take a message: {}", channel.wire(), e.reason());
                        case ChannelMessage.Packet p -> relay(p);
                        case ChannelMessage.Closed _ -> throw notTaken("closed");
                        case ChannelMessage.Hello _ -> throw notTaken("hello");
                    }
                } catch (ProtocolException e) {
                    refuse(channel, e.getMessage());
                }
            }
        }
    }

    /** End of input on a channel frob reads. */
    void channelEnded(ChannelName channel, String why) {
        if (channel == answers) lost(channel, why);
        else log.info("{} channel ended: {}", channel.wire(), why);
    }

    void tick() {
        if (pending() && clock.getAsLong() - lastHeard - timeoutNanos >= 0) {
            log.warn("nothing from the payment application for {} ms", TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            unknownOutcome();
        }
    }

    /** When {@link #tick} has work: the payment application's silence timeout while a request is open, else {@code none}. */
    long deadline(long none) {
        return pending() ? lastHeard + timeoutNanos : none;
    }

    /** A new event begins: what was forwarded before it has been written. */
    void newEvent() {
        justForwarded.clear();
    }

    /**
     * Writing to {@code channel} failed (reported by the runner right after the event whose lines
     * it wrote). On the payment channel the payment application can no longer answer: a request
     * whose own write failed never reached it and gets 994, as when the channel was known lost
     * before; one forwarded earlier may be under way there and gets "outcome unknown".
     */
    void writeFailed(ChannelName channel, String why) {
        if (channel != PAYMENT) return;
        if (sale != null && justForwarded.contains(sale)) {
            Packet s = sale;
            sale = null;
            sendS2(s.token(), Closes.SALE, Sale.End.of(Sale.End.UNAVAILABLE, UNAVAILABLE).answering((Sale.Start) Messages.decode(s)));
        }
        if (query != null && justForwarded.contains(query)) {
            Packet q = query;
            query = null;
            sendS2(q.token(), Closes.STATUS_QUERY, Sale.End.of(Sale.End.UNAVAILABLE, UNAVAILABLE).answering((Sale.Start) Messages.decode(q)));
        }
        if (appStart != null && justForwarded.contains(appStart)) {
            Packet a = appStart;
            appStart = null;
            sendA2(a.token(), new App.Ack(Sale.End.UNAVAILABLE, UNAVAILABLE));
        }
        lost(PAYMENT, "writing failed: " + why);
    }

    int forwarded() {
        return forwarded;
    }

    /** The session ended: tell the payment application. */
    void close() {
        if (sale != null) log.warn("the session ends with sale [{}] still open", sale.token());
        lock.release(session);
        ChannelWriter payment = writers.get(PAYMENT);
        if (payment != null) payment.sendClosed();
    }

    /**
     * The terminal software's S2, relayed to the ECR only if it answers the open S1 it names: its
     * payment id, ECR id and amounts must agree with that S1 (a mismatch is refused on the channel
     * and the S1 stays open). The S2 goes out naming the S1's ids, so the ECR can check it too.
     */
    private void relay(ChannelMessage.Packet m) throws ProtocolException {
        switch (PacketType.find(m.type())) {
            case S2 -> relaySaleEnd(m);
            case I1 -> relayStatus(m);
            case A2 -> relayAppAck(m);
            case null, default -> throw notTaken(m.type());
        }
    }

    private ProtocolException notTaken(String type) {
        return new ProtocolException("type '" + type + "' is not taken here; the terminal software sends " + taken());
    }

    private void relaySaleEnd(ChannelMessage.Packet m) throws ProtocolException {
        Packet request = m.token().isEmpty() ? (sale != null ? sale : query) : matching(m.token(), sale, query);
        if (request == null) throw answersNothing(m, PacketType.S1);
        Sale.Start s1 = (Sale.Start) Messages.decode(request);
        Sale.End end = (Sale.End) decode(request.token(), m);
        Optional<String> wrong = end.mismatch(s1);
        if (wrong.isPresent()) throw new ProtocolException("S2 does not answer the open S1 [" + request.token() + "]: " + wrong.get());
        Closes flow = request == query ? Closes.STATUS_QUERY : Closes.SALE;
        if (flow == Closes.STATUS_QUERY) query = null;
        else sale = null;
        sendS2(request.token(), flow, end.answering(s1));
    }

    private void relayStatus(ChannelMessage.Packet m) throws ProtocolException {
        String token = ecr.freshToken();
        Message i1 = decode(token, m);
        Optional<Violation> v = conversation.accept(Side.EFT, i1);
        if (v.isPresent()) throw new ProtocolException(v.get().toString());
        ecr.send(token, i1);
    }

    private void relayAppAck(ChannelMessage.Packet m) throws ProtocolException {
        Packet request = m.token().isEmpty() ? appStart : matching(m.token(), appStart);
        if (request == null) throw answersNothing(m, PacketType.A1);
        App.Ack ack = (App.Ack) decode(request.token(), m);
        appStart = null;
        sendA2(request.token(), ack);
    }

    private static ProtocolException answersNothing(ChannelMessage.Packet answer, PacketType request) {
        return new ProtocolException(answer.type() + (answer.token().isEmpty() ? "" : " [" + answer.token() + "]") + " answers no open " + request);
    }

    private static Message decode(String token, ChannelMessage.Packet m) throws ProtocolException {
        Message x = Messages.decode(Messages.fromNamed(token, m.type(), m.fields()));
        if (x instanceof Invalid i) throw new ProtocolException(i.reason());
        return x;
    }

    private static Packet matching(String token, Packet... open) {
        for (Packet p : open) if (p != null && Tokens.same(p.token(), token)) return p;
        return null;
    }

    private boolean deliver(Packet p) {
        ChannelWriter payment = writers.get(PAYMENT);
        String problem = payment == null ? "the payment channel is not bound (or could not be opened)"
                : !payment.open() || answers == null ? "the payment channel is lost or has no way back (bind --device or a two-way payment channel)"
                : null;
        if (problem != null) {
            log.warn("{} [{}] not forwarded: {}", p.type(), p.token(), problem);
            return false;
        }
        if (!pending()) lastHeard = clock.getAsLong();
        if (!payment.send(p)) {
            lost(PAYMENT, "writing failed");
            return false;
        }
        forwarded++;
        justForwarded.add(p);
        return true;
    }

    /** The payment application can no longer answer: every open request gets "outcome unknown". */
    private void lost(ChannelName channel, String why) {
        log.warn("{} channel lost: {}", channel.wire(), why);
        answers = null;
        unknownOutcome();
    }

    private void unknownOutcome() {
        Packet s = sale, q = query, a = appStart;
        sale = query = appStart = null;
        if (s != null) sendS2(s.token(), Closes.SALE, Sale.End.of(Sale.End.UNKNOWN, UNKNOWN).answering((Sale.Start) Messages.decode(s)));
        if (q != null) sendS2(q.token(), Closes.STATUS_QUERY, Sale.End.of(Sale.End.UNKNOWN, UNKNOWN).answering((Sale.Start) Messages.decode(q)));
        if (a != null) sendA2(a.token(), new App.Ack(Sale.End.UNKNOWN, "no answer from the payment application"));
    }

    private boolean pending() {
        return sale != null || query != null || appStart != null;
    }

    private void sendS2(String token, Closes flow, Sale.End end) {
        Optional<Violation> v = switch (flow) {
            case SALE -> conversation.accept(Side.EFT, end);
            case STATUS_QUERY -> conversation.acceptStatusAnswer(end);
            case NONE -> Optional.empty();
        };
        v.ifPresent(x -> log.error("bug: frob's own S2 breaks the conversation: {}", x));
        copyToStorage(ecr.send(token, end));
        if (flow == Closes.SALE) lock.release(session);
    }

    private void sendA2(String token, App.Ack ack) {
        conversation.accept(Side.EFT, ack).ifPresent(x -> log.error("bug: frob's own A2 breaks the conversation: {}", x));
        ecr.send(token, ack);
    }

    private void copyToStorage(Packet p) {
        ChannelWriter storage = writers.get(STORAGE);
        if (storage != null) storage.send(p);
    }

    private void refuse(ChannelName channel, String reason) {
        log.warn("{} channel: refused: {}", channel.wire(), reason);
        ChannelWriter w = writers.get(channel);
        if (w != null) w.sendError(reason);
    }

    /** What the terminal software may send frob: every type it sends that frob does not answer itself. */
    private static String taken() {
        StringJoiner all = new StringJoiner(", ");
        for (PacketType t : PacketType.values()) if (t.sentBy(Side.EFT) && t.route() != PacketType.Route.FROB) all.add(t.code());
        return all.toString();
    }

    /** S2 message text: printable ASCII, at most 80 characters. */
    private static String fit(String text) {
        String s = text.replaceAll("[^ -~]", "?");
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
