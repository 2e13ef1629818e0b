package tillbridge.frob.mux;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelJson;
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
    /** A longer line is passed on unbuffered to the payment channel, whose reader refuses it. */
    private static final int MAX_LINE_BYTES = 4 * ChannelJson.MAX_LINE;

    private final QueueInput payment = new QueueInput();
    private final QueueInput device = new QueueInput();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    /** The current line is longer than {@link #MAX_LINE_BYTES} and goes straight to payment. */
    private boolean overlong;

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
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) split(buf, n);
            end(null);
        } catch (IOException e) {
            end(e);
        }
    }

    private void split(byte[] buf, int n) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] != '\n') continue;
            take(buf, from, i + 1);
            lineDone();
            from = i + 1;
        }
        take(buf, from, n);
    }

    private void take(byte[] b, int from, int to) {
        if (from == to) return;
        if (overlong) {
            payment.offer(b, from, to - from);
            return;
        }
        if (line.size() + to - from > MAX_LINE_BYTES) {
            overlong = true;
            payment.offer(line.toByteArray(), 0, line.size());
            line.reset();
            payment.offer(b, from, to - from);
            return;
        }
        line.write(b, from, to - from);
    }

    private void lineDone() {
        if (overlong) {
            overlong = false;
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset();
        QueueInput target = payment;
        try {
            if (ChannelName.DEVICE.wire().equals(ChannelJson.channel(new String(bytes, UTF_8).strip()))) target = device;
        } catch (ProtocolException e) {
            // the payment channel's reader refuses it and answers with an error
        }
        target.offer(bytes, 0, bytes.length);
    }

    private void end(IOException error) {
        if (line.size() > 0) payment.offer(line.toByteArray(), 0, line.size());
        line.reset();
        log.info("the terminal software's connection ended{}", error == null ? "" : ": " + error.getMessage());
        payment.end(error);
        device.end(error);
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
