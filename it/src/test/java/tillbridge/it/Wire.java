package tillbridge.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;

/** A hand-driven ECR end of a byte stream: writes raw bytes and reads decoded frame events with a timeout. */
final class Wire implements AutoCloseable {
    private final OutputStream out;
    private final BlockingQueue<FrameEvent> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    Wire(InputStream in, OutputStream out) {
        this.out = out;
        FrameDecoder decoder = new FrameDecoder();
        // a platform thread: a blocking read of a pipe or tty must not hold one of the few carriers of virtual threads
        this.reader = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) decoder.feed(buf, 0, n, events::add);
            } catch (IOException closed) {
                // the test is over or the peer went away; next() times out
            }
        });
    }

    void write(Bytes bytes) throws IOException {
        out.write(bytes.toArray());
        out.flush();
    }

    /** The next event, failing the test if none arrives within {@code timeout}. */
    FrameEvent next(Duration timeout) throws InterruptedException {
        FrameEvent e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) throw new AssertionError("nothing received within " + timeout);
        return e;
    }

    /** The next event, or null if none arrives within {@code timeout}. */
    FrameEvent poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        out.close();
        reader.interrupt();
    }
}
