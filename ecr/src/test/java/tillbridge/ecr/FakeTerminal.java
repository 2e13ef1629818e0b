package tillbridge.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.link.Link;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/**
 * A scripted EFT side in memory: its own {@link Link} and decoder over a pair of pipes (or a
 * socket's streams). Records every frame it sees on the wire, duplicates included, so tests can
 * count S1 transmissions; can swallow the ACK of chosen packets.
 */
public final class FakeTerminal implements AutoCloseable {
    /** What the terminal does with a packet it received (and ACKed). Runs on the fake's reader thread. */
    @FunctionalInterface
    public interface Script {
        void on(Packet p, Message m, FakeTerminal t);
    }

    /** Answers nothing. */
    public static final Script SILENT = (p, m, t) -> { };

    final InputStream ecrIn;
    final OutputStream ecrOut;
    private final InputStream in;
    private final OutputStream out;
    private final Link link = new Link(LinkPolicy.DEFAULT.withKeepAlive(Duration.ZERO), Tokens.forEft(), System.nanoTime());
    private final FrameDecoder decoder = new FrameDecoder();
    private final List<Packet> wire = new CopyOnWriteArrayList<>();
    private final Set<String> swallowAck = ConcurrentHashMap.newKeySet();
    private volatile Script script;
    private volatile boolean closed;

    /** A fake on in-memory pipes; the session side uses {@link #ecrIn} and {@link #ecrOut}. */
    public FakeTerminal(Script script) throws IOException {
        Pipe toEcr = Pipe.open();
        Pipe fromEcr = Pipe.open();
        this.ecrIn = Channels.newInputStream(toEcr.source());
        this.ecrOut = Channels.newOutputStream(fromEcr.sink());
        this.in = Channels.newInputStream(fromEcr.source());
        this.out = Channels.newOutputStream(toEcr.sink());
        this.script = script;
        Thread.ofVirtual().name("fake-terminal").start(this::read);
    }

    /** A fake on existing streams (e.g. an accepted socket). */
    public FakeTerminal(InputStream in, OutputStream out, Script script) {
        this.ecrIn = null;
        this.ecrOut = null;
        this.in = in;
        this.out = out;
        this.script = script;
        Thread.ofVirtual().name("fake-terminal").start(this::read);
    }

    public EcrSession session(EcrOptions options) {
        return Terminal.of(ecrIn, ecrOut, options);
    }

    /** The cash register's end of the line, for a session built by hand. */
    TerminalStream line() {
        return new TerminalStream("fake terminal", ecrIn, ecrOut, () -> {});
    }

    public void script(Script s) {
        script = s;
    }

    /** The first frame of this type (S1: of any kind) gets no ACK; the terminal still handles it. */
    public void swallowAckOf(String type) {
        swallowAck.add(type);
    }

    /** Every frame seen on the wire, retransmissions and duplicates included. */
    public List<Packet> wire() {
        return List.copyOf(wire);
    }

    public long count(String type) {
        return wire.stream().filter(p -> p.type().equals(type)).count();
    }

    /** S1 frames of one kind ({@code S} sale, {@code C} status query) seen on the wire. */
    public long s1(String kind) {
        return wire.stream().filter(p -> p.type().equals("S1") && p.fields().getFirst().equals(kind)).count();
    }

    public synchronized void send(Message m) {
        perform(link.send(Messages.encode(link.nextToken(), m), System.nanoTime()));
    }

    public synchronized void answer(String token, Message m) {
        perform(link.send(Messages.encode(token, m), System.nanoTime()));
    }

    public static Sale.End s2(int result, String message) {
        return new Sale.End(OptionalInt.of(result), "0B30557A9FC4E90E", "000123456789", "T0001234", "240520123456",
                OptionalLong.empty(), OptionalLong.empty(), "VISA", message, "411111******1111", "654321");
    }

    @Override
    public void close() {
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            in.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void read() {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                List<Packet> delivered = new ArrayList<>();
                synchronized (this) {
                    decoder.feed(buf, 0, n, e -> {
                        boolean swallow = false;
                        if (e instanceof FrameEvent.Frame f) {
                            try {
                                Packet p = Packet.parse(f.body());
                                wire.add(p);
                                swallow = swallowAck.remove(p.type());
                            } catch (ProtocolException x) {
                                // the link NAKs it
                            }
                        }
                        perform(link.received(e, System.nanoTime()), swallow, delivered);
                    });
                }
                for (Packet p : delivered) script.on(p, Messages.decode(p), this);
            }
        } catch (IOException e) {
            // the session went away
        }
    }

    private void perform(List<LinkOutput> outputs) {
        perform(outputs, false, new ArrayList<>());
    }

    /** Writes what the link asks, except the bare ACK of a swallowed frame; collects deliveries. */
    private void perform(List<LinkOutput> outputs, boolean dropAck, List<Packet> delivered) {
        for (LinkOutput o : outputs) {
            switch (o) {
                case LinkOutput.Write w -> {
                    if (dropAck && w.wire().length() == 1) continue;
                    write(w.wire().toArray());
                }
                case LinkOutput.Deliver d -> delivered.add(d.packet());
                default -> { }
            }
        }
    }

    private void write(byte[] bytes) {
        if (closed) return;
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the session went away
        }
    }
}
