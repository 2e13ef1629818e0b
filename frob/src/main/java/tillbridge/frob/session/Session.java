package tillbridge.frob.session;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Pump;
import tillbridge.common.io.Wakeup;
import tillbridge.common.link.LinkEndpoint;
import tillbridge.frob.channel.Binding;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelReader;
import tillbridge.frob.channel.ChannelWriter;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.lock.TransactionLock;
import tillbridge.protocol.Packet;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.flow.Conversation;
import tillbridge.protocol.flow.Flow;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.flow.Violation;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Keys;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Notice;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Unknown;

/**
 * One ECR connection, from the terminal's side. {@link #run} alone owns the link, the conversation
 * and the payment state, so no lock guards it; pumps read each readable channel into one queue. When the ECR is a
 * descriptor (stdin, a pipe, a socket), the owner waits on it itself with epoll, an eventfd
 * waking it for the queue: a frame is then read, answered and written on one thread, without a
 * hand-over per frame (docs/performance.md). Any other ECR stream is pumped into the queue too.
 * It knows nothing of stdin/stdout: the caller hands it the streams.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final String ECR = "ecr";

    private final String id;
    private final InputStream ecrIn;
    /** The ECR's descriptor when the owner polls it itself, else -1. */
    private final int ecrFd;
    private final Map<ChannelName, Binding> bindings;
    private final Map<ChannelName, ChannelReader> readers = new EnumMap<>(ChannelName.class);
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Tokens tokens = Tokens.forEft();
    private final Conversation conversation = new Conversation();
    /** What the link reports while sending (it is not a write), handled after the current event. */
    private final List<LinkOutput> sendOutputs = new ArrayList<>();
    private final LinkEndpoint ecr;
    private final LocalAnswers local;
    private final PaymentRoute payments;
    private final ChannelOut channels;
    private final PrintRoute printing;
    private final ConsoleRoute console;
    private final NoticeRoute notices;
    private final KeyRoute keys;
    private final ChannelInput input;
    private int received;
    private int sent;

    /**
     * @param id the session id in channel messages, short and unique per process
     * @param bindings the open channel bindings; a channel not in the map is unbound
     */
    public Session(String id, FrobConfig config, InputStream ecrIn, OutputStream ecrOut, Map<ChannelName, Binding> bindings,
                   LongSupplier nanoClock) {
        this(id, config, ecrIn, ecrOut, bindings, nanoClock, TransactionLock.NONE);
    }

    /** @param lock taken by a sale from forwarding its S1 to sending its S2; when held elsewhere, the S1 is answered 993 busy */
    public Session(String id, FrobConfig config, InputStream ecrIn, OutputStream ecrOut, Map<ChannelName, Binding> bindings,
                   LongSupplier nanoClock, TransactionLock lock) {
        this(id, config, ecrIn, -1, ecrOut, bindings, nanoClock, lock);
    }

    /**
     * @param ecrFd the descriptor {@code ecrIn} reads, for the owner to poll and read itself; the
     *              caller's thread must then be a platform thread, as epoll_wait blocks in native code
     */
    public Session(String id, FrobConfig config, InputStream ecrIn, int ecrFd, OutputStream ecrOut, Map<ChannelName, Binding> bindings,
                   LongSupplier nanoClock, TransactionLock lock) {
        this.id = id;
        this.ecrIn = ecrIn;
        this.ecrFd = ecrFd;
        this.bindings = Map.copyOf(bindings);
        this.ecr = new LinkEndpoint(ECR, LinkPolicy.DEFAULT, tokens, ecrOut, nanoClock, LoggerFactory.getLogger("tillbridge.frob.link"));
        this.local = new LocalAnswers(config);
        Map<ChannelName, ChannelWriter> writers = new EnumMap<>(ChannelName.class);
        this.bindings.forEach((name, b) -> {
            if (b.writable()) {
                ChannelWriter w = new ChannelWriter(name, id, config.channelFormat(), afterEcr(b.out()));
                w.sendHello();
                writers.put(name, w);
            }
            if (b.readable() && name.reads()) readers.put(name, ChannelReader.of(config.channelFormat(), name, id));
        });
        ChannelName answers = readers.containsKey(ChannelName.PAYMENT) ? ChannelName.PAYMENT
                : readers.containsKey(ChannelName.DEVICE) ? ChannelName.DEVICE : null;
        ToEcr toEcr = new ToEcr() {
            @Override
            public Packet send(String token, Message m) {
                return Session.this.send(token, m);
            }

            @Override
            public String freshToken() {
                return tokens.next();
            }
        };
        this.payments = new PaymentRoute(id, writers, answers, config.paymentTimeout(), conversation, toEcr, nanoClock, lock);
        this.channels = new ChannelOut(writers);
        this.printing = new PrintRoute(conversation.lane(Flow.PRINTING, Side.EFT), toEcr, channels, config.answerTimeout(), nanoClock);
        this.console = new ConsoleRoute(conversation.lane(Flow.CONSOLE, Side.EFT), toEcr, channels, config.answerTimeout(), config.consoleTimeout(),
                nanoClock);
        this.notices = new NoticeRoute(channels, toEcr, payments);
        this.keys = new KeyRoute(conversation.lane(Flow.KEYS, Side.ECR), config.terminal(), new FrobKeys(config.keyFile()), toEcr);
        this.input = new ChannelInput(id, channels, payments, printing, console, notices);
    }

    /** Runs until the ECR connection ends; returns how the process should exit. */
    public Exit run() {
        Exit exit;
        try (Wakeup wakeup = ecrFd < 0 ? null : Wakeup.watching(ecrFd).orElse(null)) {
            Consumer<Object> sink = wakeup == null ? events::add : event -> {
                events.add(event);
                wakeup.wake();
            };
            if (wakeup == null) Pump.start(ECR, ecrIn, sink);
            readers.keySet().forEach(name -> {
                Binding b = bindings.get(name);
                Pump.start(b.nativeReads() ? Thread.ofPlatform().daemon() : Thread.ofVirtual(), name.wire(), b.in(), sink);
            });
            exit = wakeup == null ? queueLoop() : pollLoop(wakeup);
        } catch (IOException | UncheckedIOException e) {
            log.warn("the ECR connection failed: {}", (e instanceof UncheckedIOException u ? u.getCause() : e).getMessage());
            exit = Exit.PEER_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted");
            exit = Exit.SYSTEM;
        } finally {
            payments.close();
            if (readers.containsKey(ChannelName.DEVICE)) channels.closed(ChannelName.DEVICE);
            bindings.values().forEach(Session::close);
        }
        log.info("session {} ended with exit {}: {} packets from the ECR, {} to it, {} forwarded to the payment application, "
                + "{} print and {} console answers relayed", id, exit.code, received, sent, payments.forwarded(), printing.relayed(), console.relayed());
        return exit;
    }

    /** Every input, the ECR's included, comes through the queue. */
    private Exit queueLoop() throws InterruptedException {
        for (;;) {
            Object event = events.poll(millisToDeadline(), MILLISECONDS);
            Optional<Exit> exit = event == null ? Optional.empty() : on(event);
            if (exit.isEmpty()) exit = tick();
            if (exit.isPresent()) return exit.get();
        }
    }

    /** The ECR's bytes are read here, on the owner's thread; channel input comes through the queue with a wake-up. */
    private Exit pollLoop(Wakeup wakeup) throws IOException {
        byte[] buf = new byte[4096];
        for (;;) {
            if (events.isEmpty() && wakeup.await(millisToDeadline())) {
                int n;
                try {
                    n = ecrIn.read(buf);
                } catch (IOException e) {
                    n = -1;
                    Optional<Exit> exit = ecrEnded(e);
                    if (exit.isPresent()) return exit.get();
                }
                Optional<Exit> exit = n < 0 ? ecrEnded(null) : n == 0 ? Optional.empty() : fromEcr(Arrays.copyOf(buf, n));
                if (exit.isPresent()) return exit.get();
            }
            for (Object event; (event = events.poll()) != null; ) {
                Optional<Exit> exit = on(event);
                if (exit.isPresent()) return exit.get();
            }
            Optional<Exit> exit = tick();
            if (exit.isPresent()) return exit.get();
        }
    }

    private long millisToDeadline() {
        return Math.min(Math.min(ecr.millisToNextDeadline(), payments.millisToDeadline()),
                Math.min(printing.millisToDeadline(), console.millisToDeadline()));
    }

    private Optional<Exit> tick() {
        payments.tick();
        printing.tick();
        console.tick();
        return handle(ecr.tick());
    }

    private Optional<Exit> on(Object event) {
        return switch (event) {
            case Pump.Chunk c when c.source().equals(ECR) -> fromEcr(c.bytes());
            case Pump.Eof e when e.source().equals(ECR) -> ecrEnded(e.error());
            case Pump.Chunk c -> {
                ChannelName name = ChannelName.of(c.source());
                readers.get(name).feed(c.bytes()).forEach(in -> input.received(name, in));
                yield handle(List.of());
            }
            case Pump.Eof e -> {
                ChannelName name = ChannelName.of(e.source());
                readers.get(name).endOfInput().forEach(in -> input.received(name, in));
                payments.channelEnded(name, e.error() == null ? "end of input" : e.error().getMessage());
                input.ended(name);
                yield handle(List.of());
            }
            default -> throw new IllegalStateException("unexpected event " + event);
        };
    }

    /** What the ECR's bytes cause for the ECR leaves in one write (the ACK with a local answer). */
    private Optional<Exit> fromEcr(byte[] bytes) {
        ecr.cork();
        try {
            return handle(ecr.received(bytes));
        } finally {
            ecr.flush();
        }
    }

    /**
     * A channel's stream that first writes what the ECR link holds back: the ECR has its ACK
     * before the terminal software sees the request, as without corking.
     */
    private OutputStream afterEcr(OutputStream channel) {
        return new FilterOutputStream(channel) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ecr.flush();
                out.write(b, off, len);
            }
        };
    }

    /** The ECR's input ended, cleanly ({@code error} null) or not: the session ends. */
    private Optional<Exit> ecrEnded(IOException error) {
        Optional<Exit> exit = handle(ecr.endOfInput());
        if (exit.isPresent()) return exit;
        if (error != null) {
            log.warn("reading from the ECR failed: {}", error.getMessage());
            return Optional.of(Exit.PEER_FAILED);
        }
        log.info("the ECR closed the connection{}", ecr.idle() ? "" : " before acknowledging all frob sent");
        return Optional.of(Exit.OK);
    }

    /** Acts on what the link reports; the endpoint has already logged it. */
    private Optional<Exit> handle(List<LinkOutput> outputs) {
        for (LinkOutput o : outputs) {
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
        }
        if (sendOutputs.isEmpty()) return Optional.empty();
        List<LinkOutput> more = List.copyOf(sendOutputs);
        sendOutputs.clear();
        return handle(more);
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
            case Keys.PairingRequest b1 -> {
                ecr.flush(); // making the RSA key pair can outlast the ECR's ACK timeout: the ACK leaves first
                keys.pairing(p, b1);
            }
            case Keys.Exchange b3 -> {
                ecr.flush(); // so does decrypting and storing the key
                keys.exchange(p, b3);
            }
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

    private static void close(Binding b) {
        try {
            b.resource().close();
        } catch (IOException e) {
            log.debug("closing {}: {}", b.description(), e.getMessage());
        }
    }
}
