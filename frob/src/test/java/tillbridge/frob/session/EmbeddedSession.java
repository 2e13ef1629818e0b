package tillbridge.frob.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tillbridge.common.io.Exit;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.config.FrobConfig;
import tillbridge.frob.lock.TransactionLock;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Wire;

/**
 * A {@link SessionCore} driven on one thread with a virtual clock, like Netty's EmbeddedChannel:
 * nothing happens between calls, time passes only in {@link #advance}, and every call returns with
 * all its consequences done. The fake ECR acknowledges every frame frob sends at once; channels
 * are JSON lines, each opened by the format's hello (checked and dropped). Deterministic and
 * millisecond-fast: the rules of a session are tested here, the runner in {@link SessionTest}.
 */
final class EmbeddedSession implements AutoCloseable {
    static final String SESSION = SessionHarness.SESSION;

    private final SessionCore core;
    private final FrameDecoder decoder = new FrameDecoder();
    private final ArrayDeque<SessionEvent> pending = new ArrayDeque<>();
    private final ArrayDeque<Packet> ecrFrames = new ArrayDeque<>();
    /** What the ECR saw, in order: "ACK", "NAK" or the frame's type. */
    private final List<String> ecrWire = new ArrayList<>();
    private final Map<ChannelName, ArrayDeque<String>> lines = new EnumMap<>(ChannelName.class);
    private final Set<ChannelName> helloed = EnumSet.noneOf(ChannelName.class);
    private final Set<ChannelName> failing = EnumSet.noneOf(ChannelName.class);
    private long now = 1_000_000_000L;
    private Exit exit;

    private EmbeddedSession(FrobConfig config, TransactionLock lock, Set<ChannelName> readable, Set<ChannelName> writable) {
        writable.forEach(c -> lines.put(c, new ArrayDeque<>()));
        core = new SessionCore(SESSION, config, writable, readable, lock, now);
        perform(core.start());
    }

    /** Payment two-way, storage. */
    static EmbeddedSession withPayment(FrobConfig config) {
        return withPayment(config, TransactionLock.NONE);
    }

    /** Payment two-way, storage; sales take {@code lock}. */
    static EmbeddedSession withPayment(FrobConfig config, TransactionLock lock) {
        return new EmbeddedSession(config, lock, EnumSet.of(ChannelName.PAYMENT), EnumSet.of(ChannelName.PAYMENT, ChannelName.STORAGE));
    }

    /** Payment and device two-way, ui and storage. */
    static EmbeddedSession withDevice(FrobConfig config) {
        return new EmbeddedSession(config, TransactionLock.NONE, EnumSet.of(ChannelName.PAYMENT, ChannelName.DEVICE), EnumSet.allOf(ChannelName.class));
    }

    /** Storage only: no payment channel bound. */
    static EmbeddedSession withoutPayment(FrobConfig config) {
        return withoutPayment(config, TransactionLock.NONE);
    }

    static EmbeddedSession withoutPayment(FrobConfig config, TransactionLock lock) {
        return new EmbeddedSession(config, lock, EnumSet.noneOf(ChannelName.class), EnumSet.of(ChannelName.STORAGE));
    }

    /** From now on every write to {@code channel} fails, as when the terminal software went away. */
    void failWrites(ChannelName channel) {
        failing.add(channel);
    }

    /** Lets {@code d} pass, handling every deadline that falls due on the way at its time. */
    void advance(Duration d) {
        long until = now + d.toNanos();
        for (long next; !core.ended() && (next = core.nextDeadline()) - until <= 0; ) {
            now = Math.max(now, next);
            feed(new SessionEvent.Tick());
        }
        now = until;
    }

    void ecrSends(Packet p) {
        feed(new SessionEvent.FromEcr(p.frame().toArray()));
    }

    void ecrCloses() {
        feed(new SessionEvent.EcrEnded(null));
    }

    Packet ecrReceives() {
        Packet p = ecrFrames.poll();
        assertThat(p).as("a frame for the ECR").isNotNull();
        return p;
    }

    List<Packet> ecrPending() {
        return List.copyOf(ecrFrames);
    }

    List<String> ecrWire() {
        return List.copyOf(ecrWire);
    }

    /** Sends T1 and takes its T2: kept from the threaded harness, where it waited for the session to catch up. */
    void sync() {
        ecrSends(Packet.of("FFF", "T1"));
        assertThat(ecrReceives().type()).as("T2 answering the sync ping").isEqualTo("T2");
    }

    void paymentSends(String jsonLine) {
        sends(ChannelName.PAYMENT, jsonLine);
    }

    void deviceSends(String jsonLine) {
        sends(ChannelName.DEVICE, jsonLine);
    }

    void sends(ChannelName channel, String jsonLine) {
        feed(new SessionEvent.FromChannel(channel, (jsonLine + "\n").getBytes(UTF_8)));
    }

    void paymentCloses() {
        feed(new SessionEvent.ChannelEnded(ChannelName.PAYMENT, null));
    }

    void deviceCloses() {
        feed(new SessionEvent.ChannelEnded(ChannelName.DEVICE, null));
    }

    String paymentReceives() {
        return receives(ChannelName.PAYMENT);
    }

    List<String> paymentPending() {
        return pending(ChannelName.PAYMENT);
    }

    String deviceReceives() {
        return receives(ChannelName.DEVICE);
    }

    List<String> devicePending() {
        return pending(ChannelName.DEVICE);
    }

    String uiReceives() {
        return receives(ChannelName.UI);
    }

    String storageReceives() {
        return receives(ChannelName.STORAGE);
    }

    String receives(ChannelName channel) {
        String line = lines.get(channel).poll();
        assertThat(line).as("a line on the %s channel", channel.wire()).isNotNull();
        return line;
    }

    List<String> pending(ChannelName channel) {
        return List.copyOf(lines.get(channel));
    }

    /** How the session ended; null while it runs. */
    Exit exit() {
        return exit;
    }

    boolean ended() {
        return core.ended();
    }

    @Override
    public void close() {
        if (!core.ended()) ecrCloses();
    }

    /** One event and everything it causes: the ECR's ACKs, failed writes and key work due at once. */
    private void feed(SessionEvent event) {
        pending.add(event);
        for (SessionEvent e; (e = pending.poll()) != null; ) {
            perform(core.on(e, now));
            if (pending.isEmpty() && !core.ended() && core.nextDeadline() - now <= 0) pending.add(new SessionEvent.Tick());
        }
    }

    private void perform(List<SessionEffect> effects) {
        for (SessionEffect effect : effects) {
            switch (effect) {
                case SessionEffect.ToEcr e -> decoder.feed(e.bytes(), 0, e.bytes().length, this::onEcrEvent);
                case SessionEffect.ToChannel c when failing.contains(c.channel()) ->
                        pending.add(new SessionEvent.ChannelWriteFailed(c.channel(), "Broken pipe"));
                case SessionEffect.ToChannel c -> {
                    String text = new String(c.bytes(), UTF_8);
                    assertThat(text).as("one whole line per write").endsWith("\n").doesNotContain("\n".repeat(2));
                    String line = text.substring(0, text.length() - 1);
                    if (helloed.add(c.channel())) {
                        assertThat(line).as("the first line on %s", c.channel().wire())
                                .matches("\\{\"channel\":\"\\w+\",\"session\":\"" + SESSION + "\",\"type\":\"hello\",\"fields\":\\{\"version\":2,.*");
                    } else {
                        lines.get(c.channel()).add(line);
                    }
                }
                case SessionEffect.End end -> exit = end.exit();
            }
        }
    }

    private void onEcrEvent(FrameEvent e) {
        switch (e) {
            case FrameEvent.Frame f -> {
                try {
                    Packet p = Packet.parse(f.body());
                    ecrWire.add(p.type());
                    ecrFrames.add(p);
                    pending.add(new SessionEvent.FromEcr(new byte[] {Wire.ACK}));
                } catch (ProtocolException ex) {
                    ecrWire.add("malformed: " + ex.getMessage());
                }
            }
            case FrameEvent.Ack _ -> ecrWire.add("ACK");
            case FrameEvent.Nak _ -> ecrWire.add("NAK");
            default -> ecrWire.add(e.toString());
        }
    }
}
