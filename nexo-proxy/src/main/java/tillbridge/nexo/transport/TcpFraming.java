package tillbridge.nexo.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import tillbridge.nexo.model.NexoJson;

/**
 * nexo over plain TCP, tillbridge's framing (docs/nexo.md): each message is a 4-byte big-endian
 * length N, 1 ≤ N ≤ 65,536, followed by N bytes of UTF-8 JSON ({@code {"SaleToPOIRequest":…}} or
 * {@code {"SaleToPOIResponse":…}}). A length outside that range is a protocol error: the
 * connection is closed, nothing beyond the header is read, so memory stays bounded.
 */
public final class TcpFraming {
    public static final int MAX = NexoJson.MAX_MESSAGE;

    private TcpFraming() {}

    /** A frame that breaks the framing rules. */
    public static final class FramingException extends IOException {
        public FramingException(String message) {
            super(message);
        }
    }

    public static void write(OutputStream out, byte[] message) throws IOException {
        if (message.length == 0 || message.length > MAX) throw new FramingException("message of " + message.length + " bytes; 1-" + MAX + " allowed");
        byte[] frame = new byte[4 + message.length];
        int n = message.length;
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        System.arraycopy(message, 0, frame, 4, n);
        out.write(frame);
        out.flush();
    }

    /** The next message, or null at a clean end of input (before the first byte of a frame). */
    public static byte[] read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        DataInputStream d = new DataInputStream(in);
        byte[] rest = new byte[3];
        try {
            d.readFully(rest);
        } catch (EOFException e) {
            throw new FramingException("input ended inside a length header");
        }
        long n = ((long) b0 << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
        if (n == 0 || n > MAX) throw new FramingException("frame length " + n + "; 1-" + MAX + " allowed");
        byte[] body = new byte[(int) n];
        try {
            d.readFully(body);
        } catch (EOFException e) {
            throw new FramingException("input ended inside a frame of " + n + " bytes");
        }
        return body;
    }
}
