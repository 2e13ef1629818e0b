package tillbridge.protocol;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * The readable frame notation of docs/protocol.md, e.g. {@code <STX>2711<FS>T1<FS><ETX>}, turned into
 * bytes, so fixtures can be copied from the document and still be read by a reviewer.
 */
public final class Notation {
    private static final Map<String, Integer> NAMES = Map.of(
            "STX", 0x02, "ETX", 0x03, "ACK", 0x06, "NAK", 0x15, "FS", 0x1C, "US", 0x1F, "NUL", 0x00);

    private Notation() {}

    /** {@code <NAME>} is a control byte, {@code <xx>} a hex byte, anything else an ASCII character. */
    public static byte[] bytes(String readable) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < readable.length(); i++) {
            char c = readable.charAt(i);
            int close = c == '<' ? readable.indexOf('>', i) : -1;
            if (close > i + 1) {
                String name = readable.substring(i + 1, close);
                Integer b = NAMES.get(name);
                out.write(b != null ? b : Integer.parseInt(name, 16));
                i = close;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** A whole frame around a body written in this notation, with the correct LRC. */
    public static byte[] frame(String body) {
        return Frames.wrap(Bytes.copyOf(bytes(body))).toArray();
    }

    /** A whole frame around a body, with the given (usually wrong) LRC byte. */
    public static byte[] frameWithLrc(String body, int lrc) {
        byte[] f = frame(body);
        f[f.length - 1] = (byte) lrc;
        return f;
    }

    public static Bytes body(String readable) {
        return Bytes.copyOf(bytes(readable));
    }

    public static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
