package tillbridge.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** LRC = XOR of every byte after STX up to and including ETX (as frobd computes it, and every published sample frame agrees). */
public final class Lrc {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Lrc() {}

    /** The LRC of a frame whose body (between STX and ETX, both excluded) is {@code body[from, to)}. */
    public static int ofBody(byte[] body, int from, int to) {
        // XOR is bytewise, so eight bytes can be folded at once and the lanes combined at the end
        long words = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) words ^= word(body, i);
        int lrc = fold(words);
        for (; i < to; i++) lrc ^= body[i];
        return (lrc ^ Wire.ETX) & 0xFF;
    }

    public static int ofBody(Bytes body) {
        return ofBody(body.toArray(), 0, body.length());
    }

    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** The XOR of the eight bytes of {@code words}. */
    static int fold(long words) {
        words ^= words >>> 32;
        words ^= words >>> 16;
        words ^= words >>> 8;
        return (int) words & 0xFF;
    }
}
