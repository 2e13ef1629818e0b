package tillbridge.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string, so records that hold bytes keep a correct {@code equals}. */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private final byte[] b;

    private Bytes(byte[] b) {
        this.b = b;
    }

    public static Bytes copyOf(byte[] src) {
        return new Bytes(src.clone());
    }

    public static Bytes copyOf(byte[] src, int from, int to) {
        return new Bytes(Arrays.copyOfRange(src, from, to));
    }

    public static Bytes of(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return new Bytes(out);
    }

    /** Parses hex with or without spaces, e.g. {@code "02 32 1C"}. */
    public static Bytes fromHex(String hex) {
        return new Bytes(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    public static Bytes raw(String text) {
        return new Bytes(text.getBytes(Wire.RAW));
    }

    public int length() {
        return b.length;
    }

    public byte at(int i) {
        return b[i];
    }

    public byte[] toArray() {
        return b.clone();
    }

    /** The bytes as {@link Wire#RAW} text, one char per byte. */
    public String asRaw() {
        return new String(b, Wire.RAW);
    }

    public String hex() {
        return HEX.formatHex(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes x && Arrays.equals(b, x.b);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(b);
    }

    @Override
    public String toString() {
        return hex();
    }
}
