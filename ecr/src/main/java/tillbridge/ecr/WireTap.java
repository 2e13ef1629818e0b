package tillbridge.ecr;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Passes writes through and notices when one watched frame has been written whole and flushed, so
 * the payment knows whether its S1 left the ECR (a connection lost before that is a safe error,
 * after it a matter for recovery). A write or flush that throws leaves at most part of the frame
 * on the wire, which the peer cannot take. Only the session loop writes, so no locking.
 */
final class WireTap extends OutputStream {
    private final OutputStream out;
    private byte[] watched;
    private Runnable onWritten;
    private boolean armed;

    WireTap(OutputStream out) {
        this.out = out;
    }

    void watch(byte[] frame, Runnable callback) {
        watched = frame;
        onWritten = callback;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (watched != null && Arrays.equals(b, off, off + len, watched, 0, watched.length)) armed = true;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        if (armed) {
            Runnable r = onWritten;
            armed = false;
            watched = null;
            onWritten = null;
            r.run();
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
