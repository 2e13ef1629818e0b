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

    /**
     * A whole frame as a debug log shows it: its hex, or only its type and size when the type's
     * fields are secret ({@link PacketType.Secrecy#KEY_MATERIAL}: B3), whose bytes never reach a log.
     */
    public static String forLog(Bytes frame) {
        String type = type(frame);
        PacketType t = PacketType.find(type);
        return t != null && t.secrecy() == PacketType.Secrecy.KEY_MATERIAL
                ? "<" + type + " frame of " + frame.length() + " bytes: key material not shown>" : frame.hex();
    }

    /** The type of a frame (STX token FS type FS ...), or null when it has none there. */
    private static String type(Bytes frame) {
        for (int i = 1; i < frame.length() && i <= 7; i++)
            if (frame.at(i) == Wire.FS)
                return i + 3 < frame.length() && frame.at(i + 3) == Wire.FS ? new String(new char[] {(char) frame.at(i + 1), (char) frame.at(i + 2)}) : null;
        return null;
    }
}
