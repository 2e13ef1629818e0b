package tillbridge.frob.session;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.io.Exit;
import tillbridge.common.link.LinkEndpoint;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelReader;
import tillbridge.frob.channel.ChannelWriter;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.lock.TransactionLock;
import tillbridge.protocol.Packet;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.flow.Conversation;
import tillbridge.protocol.flow.Flow;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.flow.Violation;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Unknown;

/**
 * One ECR connection, from the terminal's side, as a pure state machine: the link, the
 * conversation, the payment flow (busy, 994/995, timeouts), printing and console relays, notices,
 * local answers and key exchange. The runner ({@link Session}) feeds it {@link SessionEvent}s with
 * the time they happened and performs the {@link SessionEffect}s it returns, in order; it reads no
 * clock, starts no thread and touches no descriptor. Two collaborators are injected: the
 * {@link TransactionLock} (shared by sessions, never waits) and the key file ({@link FrobKeys}, read
 * and written only for B1/B3, which the core handles on the next event, a {@link SessionEvent.Tick}
 * due at once, so that the runner writes the ACK before the slow key work).
 */
public final class SessionCore {
    private static final Logger log = LoggerFactory.getLogger(SessionCore.class);
    private static final String ECR = "ecr";

    private final String id;
    private final Map<ChannelName, ChannelReader> readers = new EnumMap<>(ChannelName.class);
    private final Tokens tokens = Tokens.forEft();
    private final Conversation conversation = new Conversation();
    /** What the link reports while sending (it is not a write), handled after the current output. */
    private final List<LinkOutput> sendOutputs = new ArrayList<>();
    /** Link outputs not handled yet: a B1 or B3 waits here for the next event, so its ACK leaves first. */
    private final ArrayDeque<LinkOutput> backlog = new ArrayDeque<>();
    private final LinkEndpoint ecr;
    private final LocalAnswers local;
    private final PaymentRoute payments;
    private final ChannelOut channels;
    private final Map<ChannelName, ChannelWriter> writers = new EnumMap<>(ChannelName.class);
    private final PrintRoute printing;
    private final ConsoleRoute console;
    private final NoticeRoute notices;
    private final KeyRoute keys;
    private final ChannelInput input;
    /** The effects of the event being handled. */
    private List<SessionEffect> out = new ArrayList<>();
    /** The time of the event being handled ({@code nanoTime}). */
    private long now;
    private boolean ended;
    private int received;
    private int sent;

    /**
     * @param id the session id in channel messages, short and unique per process
     * @param writable the channels frob writes (bound and open for writing)
     * @param readable the channels frob reads; only payment and device are read
     * @param lock taken by a sale from forwarding its S1 to sending its S2; when held elsewhere, the S1 is answered 993 busy
     * @param start the time the session starts ({@code nanoTime})
     */
    public SessionCore(String id, FrobConfig config, Set<ChannelName> writable, Set<ChannelName> readable, TransactionLock lock, long start) {
        this.id = id;
        this.now = start;
        OutputStream toEcr = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.add(new SessionEffect.ToEcr(Arrays.copyOfRange(b, off, off + len)));
            }
        };
        this.ecr = new LinkEndpoint(ECR, LinkPolicy.DEFAULT, tokens, toEcr, () -> now, LoggerFactory.getLogger("tillbridge.frob.link"));
        this.local = new LocalAnswers(config);
        for (ChannelName name : ChannelName.values()) {
            if (writable.contains(name)) {
                ChannelWriter w = new ChannelWriter(name, id, config.channelFormat(), toChannel(name));
                w.sendHello();
                writers.put(name, w);
            }
            if (readable.contains(name) && name.reads()) readers.put(name, ChannelReader.of(config.channelFormat(), name, id));
        }
        ChannelName answers = readers.containsKey(ChannelName.PAYMENT) ? ChannelName.PAYMENT
                : readers.containsKey(ChannelName.DEVICE) ? ChannelName.DEVICE : null;
        ToEcr sender = new ToEcr() {
            @Override
            public Packet send(String token, Message m) {
                return SessionCore.this.send(token, m);
            }

            @Override
            public String freshToken() {
                return tokens.next();
            }
        };
        this.payments = new PaymentRoute(id, writers, answers, config.paymentTimeout(), conversation, sender, () -> now, lock);
        this.channels = new ChannelOut(writers);
        this.printing = new PrintRoute(conversation.lane(Flow.PRINTING, Side.EFT), sender, channels, config.answerTimeout(), () -> now);
        this.console = new ConsoleRoute(conversation.lane(Flow.CONSOLE, Side.EFT), sender, channels, config.answerTimeout(), config.consoleTimeout(),
                () -> now);
        this.notices = new NoticeRoute(channels, sender, payments);
        this.keys = new KeyRoute(conversation.lane(Flow.KEYS, Side.ECR), config.terminal(), new FrobKeys(config.keyFile()), sender);
        this.input = new ChannelInput(id, channels, payments, printing, console, notices);
    }

    /** What the session does first, before any event: the channel format announcements. */
    public List<SessionEffect> start() {
        return take();
    }

    /** Takes one event at {@code nowNanos}; returns what to do, in order. An ended session ignores everything. */
    public List<SessionEffect> on(SessionEvent event, long nowNanos) {
        if (ended) return List.of();
        now = nowNanos;
        if (!(event instanceof SessionEvent.ChannelWriteFailed)) payments.newEvent();
        Optional<Exit> exit = drain(true);
        if (exit.isEmpty()) exit = handle(event);
        if (exit.isEmpty()) exit = tick();
        exit.ifPresent(this::end);
        return take();
    }

    /**
     * When the session next has something to do without input ({@code nanoTime}): a timeout, the
     * link's retransmission or keep-alive, or key work left for after the ACK (then at once).
     */
    public long nextDeadline() {
        if (ended) return now + Long.MAX_VALUE / 4;
        if (!backlog.isEmpty()) return now;
        long next = ecr.nextDeadline();
        next = earlier(next, payments.deadline(next));
        next = earlier(next, printing.deadline(next));
        return earlier(next, console.deadline(next));
    }

    /** Whether the session has ended ({@link SessionEffect.End} was returned). */
    public boolean ended() {
        return ended;
    }

    private Optional<Exit> handle(SessionEvent event) {
        return switch (event) {
            case SessionEvent.FromEcr e -> fromEcr(e.bytes());
            case SessionEvent.EcrEnded e -> ecrEnded(e.error());
            case SessionEvent.Stop s -> {
                log.warn("{}", s.reason());
                yield Optional.of(s.exit());
            }
            case SessionEvent.FromChannel c -> {
                ChannelReader reader = readers.get(c.channel());
                if (reader != null) reader.feed(c.bytes()).forEach(in -> input.received(c.channel(), in));
                yield drain(false);
            }
            case SessionEvent.ChannelEnded c -> {
                ChannelReader reader = readers.get(c.channel());
                if (reader != null) reader.endOfInput().forEach(in -> input.received(c.channel(), in));
                payments.channelEnded(c.channel(), c.error() == null ? "end of input" : c.error());
                input.ended(c.channel());
                yield drain(false);
            }
            case SessionEvent.ChannelWriteFailed c -> {
                ChannelWriter w = writers.get(c.channel());
                if (w != null) w.lose(c.reason());
                payments.writeFailed(c.channel(), c.reason());
                yield drain(false);
            }
            case SessionEvent.Tick _ -> Optional.empty();
        };
    }

    /** What the ECR's bytes cause for the ECR leaves in one write (the ACK with a local answer). */
    private Optional<Exit> fromEcr(byte[] bytes) {
        ecr.cork();
        try {
            backlog.addAll(ecr.received(bytes));
            return drain(false);
        } finally {
            ecr.flush();
        }
    }

    /** The ECR's input ended, cleanly ({@code error} null) or not: the session ends. */
    private Optional<Exit> ecrEnded(String error) {
        backlog.addAll(ecr.endOfInput());
        Optional<Exit> exit = drain(true);
        if (exit.isPresent()) return exit;
        if (error != null) {
            log.warn("reading from the ECR failed: {}", error);
            return Optional.of(Exit.PEER_FAILED);
        }
        log.info("the ECR closed the connection{}", ecr.idle() ? "" : " before acknowledging all frob sent");
        return Optional.of(Exit.OK);
    }

    private Optional<Exit> tick() {
        payments.tick();
        printing.tick();
        console.tick();
        backlog.addAll(ecr.tick());
        return drain(false);
    }

    /**
     * Acts on what the link reported, in order; the endpoint has already logged it. Key work (B1,
     * B3) is left in the backlog unless {@code slowWork}: the runner writes the ACK first.
     */
    private Optional<Exit> drain(boolean slowWork) {
        for (LinkOutput o; (o = backlog.peek()) != null; ) {
            if (!slowWork && o instanceof LinkOutput.Deliver d && slow(d.packet())) return Optional.empty();
            backlog.poll();
            switch (o) {
                case LinkOutput.Deliver d -> {
                    received++;
                    dispatch(d.packet());
                }
                case LinkOutput.PeerSilent _, LinkOutput.Echo _ -> {
                    return Optional.of(Exit.PEER_FAILED);
                }
                case LinkOutput.Write _, LinkOutput.Acked _, LinkOutput.GaveUp _, LinkOutput.Problem _ -> {}
            }
            backlog.addAll(sendOutputs);
            sendOutputs.clear();
        }
        return Optional.empty();
    }

    /** B1 and B3: making an RSA key pair, or decrypting and storing a key, can outlast the ECR's ACK timeout. */
    private static boolean slow(Packet p) {
        PacketType t = PacketType.find(p.type());
        return t == PacketType.B1 || t == PacketType.B3;
    }

    private void dispatch(Packet p) {
        Message m = Messages.decode(p);
        switch (m) {
            case Invalid i -> {
                log.warn("invalid {} [{}]: {}", i.code(), p.token(), i.reason());
                switch (i.type()) {
                    case S1 -> payments.invalidSale(p.token(), i.reason());
                    case D0, D8 -> printing.answer(p, i);
                    case K0 -> console.answer(p, i);
                    case B3 -> keys.unreadable(p, i.reason());
                    // the rest is only logged (above): nothing frob sent waits for it
                    case T1, T2, T3, T4, T5, D4, D5, S2, P1, I1, A1, A2, D1, D2, D6, D3, D7, D9, DA,
                         K1, K2, K3, K4, K5, K6, K7, K8, K9, L1, M1, B1, B2, B4 -> { }
                }
            }
            case Printing.Answer _, Printing.GraphicInfo _ -> {
                if (!printing.answer(p, m)) log.warn("{} [{}] answers no print request frob sent; ignored", p.type(), p.token());
            }
            case Console.Result _ -> {
                if (!console.answer(p, m)) log.warn("K0 [{}] answers no console request frob sent; ignored", p.token());
            }
            case Keys.PairingRequest b1 -> keys.pairing(p, b1);
            case Keys.Exchange b3 -> keys.exchange(p, b3);
            case Notice n -> notices.fromEcr(p, n);
            case Unknown u -> log.info("unknown type {} [{}] ignored", u.code(), p.token());
            case Sale.Start s -> payments.start(p, s);
            case Sale.Abort a -> payments.abort(p, a);
            case App.Start a -> payments.appStart(p, a);
            default -> answerLocally(p, m);
        }
    }

    private void answerLocally(Packet p, Message m) {
        Optional<Violation> v = conversation.accept(Side.ECR, m);
        v.ifPresent(x -> log.warn("{}", x));
        local.answer(m).ifPresent(answer -> {
            if (v.isEmpty()) conversation.accept(Side.EFT, answer).ifPresent(x -> log.error("bug: frob's own {} breaks the conversation: {}", answer.code(), x));
            send(p.token(), answer);
        });
    }

    private Packet send(String token, Message m) {
        sent++;
        return ecr.answer(token, m, sendOutputs);
    }

    /** The session ends: the payment application and the device channel are told, then the runner ends it. */
    private void end(Exit exit) {
        ended = true;
        payments.close();
        if (readers.containsKey(ChannelName.DEVICE)) channels.closed(ChannelName.DEVICE);
        ecr.flush();
        log.info("session {} ended with exit {}: {} packets from the ECR, {} to it, {} forwarded to the payment application, "
                + "{} print and {} console answers relayed", id, exit.code, received, sent, payments.forwarded(), printing.relayed(), console.relayed());
        out.add(new SessionEffect.End(exit));
    }

    private List<SessionEffect> take() {
        List<SessionEffect> done = out;
        out = new ArrayList<>(2);
        return done;
    }

    /**
     * A channel's stream: what the ECR link holds back leaves first, so the ECR has its ACK before
     * the terminal software sees the request, as without corking.
     */
    private OutputStream toChannel(ChannelName name) {
        return new FilterOutputStream(OutputStream.nullOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ecr.flush();
                SessionCore.this.out.add(new SessionEffect.ToChannel(name, Arrays.copyOfRange(b, off, off + len)));
            }
        };
    }

    private static long earlier(long a, long b) {
        return a - b < 0 ? a : b;
    }
}
