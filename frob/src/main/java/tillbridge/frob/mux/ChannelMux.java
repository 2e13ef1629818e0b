package tillbridge.frob.mux;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.io.LineDecoder;
import tillbridge.common.io.LineDecoder.Line;
import tillbridge.frob.channel.Binding;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelSpec;
import tillbridge.frob.io.QueueInput;
import tillbridge.protocol.ProtocolException;

/**
 * {@code --channels SPEC}: all four channels on one two-way connection (a socketpair end for a
 * monolithic application, or a socket). Out, every JSON line already names its channel, and lines
 * are written whole, one at a time. In, each line goes to the channel its {@code "channel"} field
 * names: {@code device} to the device channel, anything else (payment, no tag, not JSON) to the
 * payment channel, whose reader refuses what it cannot take. JSON lines only: a frame has no room
 * for a channel tag.
 *
 * <pre>
 *   terminal software ══ one descriptor ══▶ reader ─┬─ "device"  ─▶ device channel
 *                                                   └─ otherwise ─▶ payment channel
 *   payment, device, ui, storage writers ─▶ one line at a time ─▶ the descriptor
 * </pre>
 */
public final class ChannelMux {
    private static final Logger log = LoggerFactory.getLogger(ChannelMux.class);
    /**
     * What the payment channel gets in place of a line too long to route: the line itself was
     * never held, so a line of filler that is too long as well, which the payment channel's reader
     * refuses with the reason it gives on a channel of its own.
     */
    private static final byte[] OVERLONG = overlong();

    private final QueueInput payment = new QueueInput();
    private final QueueInput device = new QueueInput();

    private ChannelMux() {}

    /** Opens {@code spec} (fd:N, unix:, tcp:) and returns a binding for each of the four channels on it. */
    public static Map<ChannelName, Binding> open(ChannelSpec spec) throws IOException {
        if (spec.kind() == ChannelSpec.Kind.PATH)
            throw new IOException("--channels needs a two-way connection (fd:N of a socket, unix:, tcp:), not a path");
        Binding shared = spec.open(ChannelName.PAYMENT);
        if (!shared.readable() || !shared.writable()) {
            close(shared);
            throw new IOException("--channels " + spec + " must be open for reading and writing (a socket), it is not");
        }
        return bind(spec.toString(), shared);
    }

    /** The four bindings over an open two-way {@code shared} binding; starts its reader. */
    static Map<ChannelName, Binding> bind(String description, Binding shared) {
        ChannelMux mux = new ChannelMux();
        OutputStream out = new LineOutput(shared.out());
        AtomicBoolean closed = new AtomicBoolean();
        Closeable once = () -> {
            if (closed.compareAndSet(false, true)) shared.resource().close();
        };
        Thread.Builder threads = shared.nativeReads() ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        threads.name("channels-reader").start(() -> mux.read(shared.in()));
        Map<ChannelName, Binding> out4 = new EnumMap<>(ChannelName.class);
        for (ChannelName name : ChannelName.values()) {
            InputStream in = name == ChannelName.PAYMENT ? mux.payment : name == ChannelName.DEVICE ? mux.device : null;
            out4.put(name, new Binding(description + " (" + name.wire() + ")", in, out, false, once));
        }
        return out4;
    }

    private void read(InputStream in) {
        LineDecoder lines = new LineDecoder(ChannelJson.MAX_LINE);
        IOException error = null;
        try {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) lines.feed(buf, 0, n, this::route);
        } catch (IOException e) {
            error = e;
        }
        lines.endOfInput(this::route);
        log.info("the terminal software's connection ended{}", error == null ? "" : ": " + error.getMessage());
        payment.end(error);
        device.end(error);
    }

    private void route(Line l) {
        switch (l) {
            case Line.Text t -> {
                QueueInput target = payment;
                try {
                    if (ChannelName.DEVICE.wire().equals(ChannelJson.channel(t.text().strip()))) target = device;
                } catch (ProtocolException e) {
                    // the payment channel's reader refuses it and answers with an error
                }
                byte[] bytes = (t.text() + "\n").getBytes(UTF_8);
                target.offer(bytes, 0, bytes.length);
            }
            case Line.TooLong _ -> payment.offer(OVERLONG, 0, OVERLONG.length);
            case Line.Unterminated u -> {
                byte[] bytes = u.text().getBytes(UTF_8);
                payment.offer(bytes, 0, bytes.length);
            }
        }
    }

    private static byte[] overlong() {
        byte[] line = new byte[ChannelJson.MAX_LINE + 2];
        Arrays.fill(line, (byte) ' ');
        line[line.length - 1] = '\n';
        return line;
    }

    private static void close(Binding b) {
        try {
            b.resource().close();
        } catch (IOException e) {
            log.debug("closing {}: {}", b.description(), e.getMessage());
        }
    }

    /** Writes each buffer whole, one writer at a time: a channel writer writes one line per call. */
    private static final class LineOutput extends OutputStream {
        private final OutputStream out;

        LineOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }
    }
}
