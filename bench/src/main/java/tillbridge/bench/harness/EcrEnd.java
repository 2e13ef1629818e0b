package tillbridge.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Wire;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;

/**
 * A minimal ECR on a byte stream for the harnesses: sends a packet, acknowledges every frame that
 * comes back and returns the first packet of the type asked for. Every wait has a limit.
 */
final class EcrEnd {
    private static final byte[] ACK = {Wire.ACK};
    private static final FrameEvent END = new FrameEvent.Nak();

    private final OutputStream out;
    private final BlockingQueue<FrameEvent> events = new LinkedBlockingQueue<>();
    private final Duration wait;

    EcrEnd(InputStream in, OutputStream out, Duration wait) {
        this.out = out;
        this.wait = wait;
        FrameDecoder decoder = new FrameDecoder();
        Thread.ofPlatform().daemon().name("ecr-reader").start(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) decoder.feed(buf, 0, n, events::add);
            } catch (IOException e) {
                // closed: the waits below time out or see END
            }
            events.add(END);
        });
    }

    void send(String token, Message m) throws IOException {
        out.write(Messages.encode(token, m).frame().toArray());
        out.flush();
    }

    /** Acknowledges frames until one of {@code type} arrives; fails after the wait or at end of input. */
    Packet await(String type) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        for (;;) {
            FrameEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) throw new IOException("no " + type + " within " + wait);
            if (e == END) throw new IOException("the connection ended before " + type);
            if (!(e instanceof FrameEvent.Frame f)) continue;
            out.write(ACK);
            out.flush();
            try {
                Packet p = Packet.parse(f.body());
                if (p.type().equals(type)) return p;
            } catch (ProtocolException bad) {
                // not a packet: ignore
            }
        }
    }

    void close() throws IOException {
        out.close();
    }
}
