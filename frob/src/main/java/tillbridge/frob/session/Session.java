package tillbridge.frob.session;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import tillbridge.frob.channel.Binding;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.lock.TransactionLock;

/**
 * Runs one {@link SessionCore} against real descriptors: it alone reads the clock, owns the
 * streams and performs the core's effects, so the core holds no lock and no thread. When the ECR
 * is a descriptor (stdin, a pipe, a socket), the owner waits on it itself with epoll, an eventfd
 * waking it for the channel pumps' queue: a frame is then read, answered and written on one
 * thread (docs/performance.md). Any other ECR stream is pumped into the queue too. It knows
 * nothing of stdin/stdout: the caller hands it the streams.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final String ECR = "ecr";

    private final InputStream ecrIn;
    /** The ECR's descriptor when the owner polls it itself, else -1. */
    private final int ecrFd;
    private final OutputStream ecrOut;
    private final Map<ChannelName, Binding> bindings;
    private final LongSupplier clock;
    private final SessionCore core;
    private final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
    /** Set before the wake-up descriptor closes; guarded by {@link #events}. */
    private boolean over;
    /** Set once a write to the ECR failed: the session is ending, nothing more goes to it. */
    private boolean ecrBroken;

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
        this.ecrIn = ecrIn;
        this.ecrFd = ecrFd;
        this.ecrOut = ecrOut;
        this.bindings = Map.copyOf(bindings);
        this.clock = nanoClock;
        Map<ChannelName, Binding> writable = new EnumMap<>(ChannelName.class);
        Map<ChannelName, Binding> readable = new EnumMap<>(ChannelName.class);
        this.bindings.forEach((name, b) -> {
            if (b.writable()) writable.put(name, b);
            if (b.readable() && name.reads()) readable.put(name, b);
        });
        this.core = new SessionCore(id, config, writable.keySet(), readable.keySet(), lock, nanoClock.getAsLong());
    }

    /** Runs until the ECR connection ends; returns how the process should exit. */
    public Exit run() {
        Optional<Exit> exit = Optional.empty();
        try (Wakeup wakeup = ecrFd < 0 ? null : Wakeup.watching(ecrFd).orElse(null)) {
            try {
                exit = serve(wakeup);
            } finally {
                synchronized (events) {
                    over = true; // a pump that reads on must not signal a closed eventfd, or a file that reuses its number
                }
            }
        } catch (IOException e) {
            exit = stop(Exit.PEER_FAILED, "the ECR connection failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = stop(Exit.SYSTEM, "interrupted");
        } finally {
            bindings.values().forEach(Session::close);
        }
        return exit.orElse(Exit.SYSTEM);
    }

    /** Starts the pumps and runs the loop: with {@code wakeup} the owner reads the ECR itself, without it a pump does. */
    private Optional<Exit> serve(Wakeup wakeup) throws IOException, InterruptedException {
        Consumer<Object> pumped = wakeup == null ? this::queue : event -> {
            queue(event);
            synchronized (events) {
                if (!over) wakeup.wake();
            }
        };
        if (wakeup == null) Pump.start(ECR, ecrIn, pumped);
        bindings.forEach((name, b) -> {
            if (b.readable() && name.reads()) Pump.start(b.nativeReads() ? Thread.ofPlatform().daemon() : Thread.ofVirtual(), name.wire(), b.in(), pumped);
        });
        Optional<Exit> exit = perform(core.start());
        return exit.isPresent() ? exit : Optional.of(wakeup == null ? queueLoop() : pollLoop(wakeup));
    }

    /** Every input, the ECR's included, comes through the queue. */
    private Exit queueLoop() throws InterruptedException {
        for (;;) {
            SessionEvent event = events.poll(millisToDeadline(), MILLISECONDS);
            Optional<Exit> exit = perform(core.on(event == null ? new SessionEvent.Tick() : event, clock.getAsLong()));
            if (exit.isPresent()) return exit.get();
        }
    }

    /** The ECR's bytes are read here, on the owner's thread; channel input comes through the queue with a wake-up. */
    private Exit pollLoop(Wakeup wakeup) throws IOException {
        byte[] buf = new byte[4096];
        for (;;) {
            boolean acted = false;
            if (events.isEmpty() && wakeup.await(millisToDeadline())) {
                SessionEvent event;
                try {
                    int n = ecrIn.read(buf);
                    event = n < 0 ? new SessionEvent.EcrEnded(null) : new SessionEvent.FromEcr(Arrays.copyOf(buf, n));
                } catch (IOException e) {
                    event = new SessionEvent.EcrEnded(e.getMessage());
                }
                Optional<Exit> exit = perform(core.on(event, clock.getAsLong()));
                if (exit.isPresent()) return exit.get();
                acted = true;
            }
            for (SessionEvent event; (event = events.poll()) != null; acted = true) {
                Optional<Exit> exit = perform(core.on(event, clock.getAsLong()));
                if (exit.isPresent()) return exit.get();
            }
            if (!acted) {
                Optional<Exit> exit = perform(core.on(new SessionEvent.Tick(), clock.getAsLong()));
                if (exit.isPresent()) return exit.get();
            }
        }
    }

    private long millisToDeadline() {
        long nanos = core.nextDeadline() - clock.getAsLong();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /** A pump's chunk or end, as the core's event. */
    private void queue(Object pumped) {
        events.add(switch (pumped) {
            case Pump.Chunk c when c.source().equals(ECR) -> new SessionEvent.FromEcr(c.bytes());
            case Pump.Eof e when e.source().equals(ECR) -> new SessionEvent.EcrEnded(e.error() == null ? null : e.error().getMessage());
            case Pump.Chunk c -> new SessionEvent.FromChannel(ChannelName.of(c.source()), c.bytes());
            case Pump.Eof e -> new SessionEvent.ChannelEnded(ChannelName.of(e.source()), e.error() == null ? null : e.error().getMessage());
            default -> throw new IllegalStateException("unexpected event " + pumped);
        });
    }

    /** Performs the core's effects in order; a failed write goes back to the core as an event. Present once the session ended. */
    private Optional<Exit> perform(List<SessionEffect> effects) {
        List<SessionEvent> failures = List.of();
        for (SessionEffect effect : effects) {
            switch (effect) {
                case SessionEffect.ToEcr e -> {
                    if (ecrBroken) continue;
                    try {
                        ecrOut.write(e.bytes());
                        ecrOut.flush();
                    } catch (IOException x) {
                        ecrBroken = true;
                        failures = failed(failures);
                        failures.add(new SessionEvent.Stop(Exit.PEER_FAILED, "the ECR connection failed: writing to the ECR: " + x.getMessage()));
                    }
                }
                case SessionEffect.ToChannel c -> {
                    try {
                        OutputStream out = bindings.get(c.channel()).out();
                        out.write(c.bytes());
                        out.flush();
                    } catch (IOException x) {
                        failures = failed(failures);
                        failures.add(new SessionEvent.ChannelWriteFailed(c.channel(), x.getMessage()));
                    }
                }
                case SessionEffect.End end -> {
                    return Optional.of(end.exit());
                }
            }
        }
        for (SessionEvent failure : failures) {
            Optional<Exit> exit = perform(core.on(failure, clock.getAsLong()));
            if (exit.isPresent()) return exit;
        }
        return Optional.empty();
    }

    /** A list to add a failure to; none is made on the way of a frame, where nothing fails. */
    private static List<SessionEvent> failed(List<SessionEvent> failures) {
        return failures.isEmpty() ? new ArrayList<>(2) : failures;
    }

    /** Ends the session from the runner's side: the core still says goodbye on the channels. */
    private Optional<Exit> stop(Exit exit, String why) {
        if (core.ended()) return Optional.of(exit);
        return perform(core.on(new SessionEvent.Stop(exit, why), clock.getAsLong()));
    }

    private static void close(Binding b) {
        try {
            b.resource().close();
        } catch (IOException e) {
            log.debug("closing {}: {}", b.description(), e.getMessage());
        }
    }
}
