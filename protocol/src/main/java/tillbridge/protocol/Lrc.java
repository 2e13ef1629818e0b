package tillbridge.protocol;

/** LRC = XOR of every byte after STX up to and including ETX (protocol reference §1.3). */
public final class Lrc {
    private Lrc() {}

    /** The LRC of a frame whose body (between STX and ETX, both excluded) is {@code body[from, to)}. */
    public static int ofBody(byte[] body, int from, int to) {
        int lrc = 0;
        for (int i = from; i < to; i++) lrc ^= body[i];
        return (lrc ^ Wire.ETX) & 0xFF;
    }

    public static int ofBody(Bytes body) {
        return ofBody(body.toArray(), 0, body.length());
    }
}
