package tillbridge.common.channel;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.io.LineDecoder;
import tillbridge.common.io.LineDecoder.Line;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Pan;

/**
 * The terminal software's end of one frob channel connection (terminal-sim, nexo-proxy): JSON
 * lines in, each bounded, a bad one told to frob as an {@code error} message; whole lines (or
 * frames) out, one writer at a time, and nothing more once a write has failed. Speaks channel
 * format version 1 until frob's hello announces version 2, so it works with a frob started with
 * {@code --channel-format v1} as well.
 */
public final class ChannelPeer {
    private static final Logger log = LoggerFactory.getLogger(ChannelPeer.class);

    private final String name;
    private final String channel;
    private final OutputStream out;
    private boolean broken; // guarded by this
    private volatile ChannelJson json = ChannelJson.V1;

    /** @param name for the log, e.g. the listening address and connection number */
    public ChannelPeer(String name, String channel, OutputStream out) {
        this.name = name;
        this.channel = channel;
        this.out = out;
    }

    /**
     * Reads until end of input, then closes {@code in}: blank lines are skipped, too long or
     * unreadable ones refused; frob's hello sets the format and is not passed on.
     */
    public void readLines(InputStream in, Consumer<ChannelMessage> onMessage) throws IOException {
        try (in) {
            new LineDecoder(ChannelJson.MAX_LINE).readAll(in, l -> {
                switch (l) {
                    case Line.Text t -> take(t.text(), onMessage);
                    case Line.Unterminated u -> take(u.text(), onMessage); // the last line may lack its line end
                    case Line.TooLong x -> reject("", "line longer than " + x.limit() + " characters");
                }
            });
        }
    }

    /**
     * The packet for the payment application that {@code m} carries, logged as received. Empty
     * when it carries none (a message for another party: ignored) or a broken one (refused).
     */
    public Optional<Packet> paymentPacket(ChannelMessage.Packet m, Supplier<String> freshToken) {
        Optional<Packet> packet;
        try {
            packet = m.paymentPacket(freshToken);
        } catch (ProtocolException e) {
            log.warn("{} {}: bad {}: {}", name, m.session(), m.type(), e.getMessage());
            reject(m.session(), e.getMessage());
            return Optional.empty();
        }
        if (packet.isEmpty()) log.debug("{} {}: {} on channel {} is not for the payment application; ignored", name, m.session(), m.type(), m.channel());
        else log.info("{} {}: <- {}", name, m.session(), packet.get());
        return packet;
    }

    public void send(ChannelMessage m) {
        write((json.write(m) + "\n").getBytes(UTF_8));
    }

    /** Tells frob why a message of {@code session} (empty: of no session) was not taken. */
    public void reject(String session, String reason) {
        send(new ChannelMessage.Error(channel, session, printable(reason)));
    }

    /** Writes a whole line or frame; after a write error the connection only reads. */
    public synchronized void write(byte[] bytes) {
        if (broken) return;
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            broken = true;
            log.warn("{}: write failed, no more answers on this connection: {}", name, e.toString());
        }
    }

    /** For logs: card numbers masked, at most 300 characters. */
    public static String preview(String text) {
        String t = Pan.maskAll(text);
        return t.length() <= 300 ? t : t.substring(0, 300) + "...";
    }

    private Optional<ChannelMessage> parse(String line) {
        try {
            return Optional.of(json.read(line));
        } catch (ProtocolException e) {
            log.warn("{}: bad line ({}): {}", name, e.getMessage(), preview(line));
            reject("", e.getMessage());
            return Optional.empty();
        }
    }

    private void take(String line, Consumer<ChannelMessage> onMessage) {
        if (!line.isBlank()) parse(line).ifPresent(m -> take(m, onMessage));
    }

    private void take(ChannelMessage m, Consumer<ChannelMessage> onMessage) {
        if (!(m instanceof ChannelMessage.Hello hello)) {
            onMessage.accept(m);
            return;
        }
        try {
            json = ChannelJson.announcedBy(hello);
            log.info("{}: frob speaks channel format version {}", name, json.version());
        } catch (ProtocolException e) {
            log.warn("{}: {}", name, e.getMessage());
            reject(m.session(), e.getMessage());
        }
    }

    /** An error reason as frob logs it: printable ASCII, card numbers masked, at most 200 characters. */
    private static String printable(String reason) {
        String t = Pan.maskAll(reason).replaceAll("[^\\x20-\\x7E]", "?").strip();
        return t.length() <= 200 ? t : t.substring(0, 197) + "...";
    }
}
