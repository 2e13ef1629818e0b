package tillbridge.frob.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An input stream fed chunk by chunk from another thread. It lets a virtual thread read what a
 * platform thread reads from a source that blocks in native code (a serial port, a descriptor
 * read through FFM), so no carrier thread is pinned; and it lets one reader split a stream into
 * several ({@code --channels}). Reads block until a chunk or the end arrives.
 */
public final class QueueInput extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private volatile IOException error;
    private byte[] current;
    private int pos;

    /** Hands a chunk to the reader; the array must not change afterwards. */
    public void offer(byte[] chunk, int off, int len) {
        if (len > 0) chunks.add(off == 0 && len == chunk.length ? chunk : Arrays.copyOfRange(chunk, off, off + len));
    }

    /** The end of input, after the chunks offered so far; with {@code error} the reader gets it instead of -1. */
    public void end(IOException error) {
        this.error = error;
        chunks.add(END);
    }

    /**
     * Starts a thread (from {@code threads}) copying {@code in} into a new queue until its end.
     * Use a platform thread for a source that blocks in native code.
     */
    public static QueueInput pump(Thread.Builder threads, String name, InputStream in) {
        QueueInput q = new QueueInput();
        threads.name(name).start(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) q.offer(Arrays.copyOf(buf, n), 0, n);
                q.end(null);
            } catch (IOException e) {
                q.end(e);
            }
        });
        return q;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (current == null || pos == current.length) {
            try {
                current = current == END ? END : chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            pos = 0;
            if (current == END) {
                if (error != null) throw error;
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
