package tillbridge.protocol;

/** Builds whole frames (STX body ETX LRC) from bodies. */
public final class Frames {
    private Frames() {}

    public static Bytes wrap(Bytes body) {
        byte[] b = body.toArray();
        byte[] out = new byte[b.length + 3];
        out[0] = Wire.STX;
        System.arraycopy(b, 0, out, 1, b.length);
        out[b.length + 1] = Wire.ETX;
        out[b.length + 2] = (byte) Lrc.ofBody(b, 0, b.length);
        return Bytes.copyOf(out);
    }

    /** Writes the frame for {@code body[from, to)} into {@code out} at {@code at}; returns the frame length. */
    public static int wrap(byte[] body, int from, int to, byte[] out, int at) {
        int n = to - from;
        out[at] = Wire.STX;
        System.arraycopy(body, from, out, at + 1, n);
        out[at + n + 1] = Wire.ETX;
        out[at + n + 2] = (byte) Lrc.ofBody(body, from, to);
        return n + 3;
    }
}
