package tillbridge.common.channel;

import java.nio.charset.Charset;
import java.text.Normalizer;
import java.util.Objects;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Wire;

/**
 * Converts field text between the wire (one char per byte, as {@link Wire#RAW} holds frame
 * bodies) and Unicode, for channel format v2. Both directions use tables computed once per
 * charset, and ASCII text (most fields) is returned as it is, so a frame costs no extra work.
 *
 * <p>A character the wire charset lacks becomes its ASCII base letter when it is a Latin letter
 * with marks only ({@code ñ} → {@code n}; {@code ü} stays {@code ü} in windows-1250, which has
 * it); anything else, and every control character, is refused with the field and the character
 * named, because an ECR printing {@code ?} on a receipt is worse than a clear error.
 */
public final class WireText {
    /** The charset of extended text on the wire until the specification says otherwise (docs/protocol.md, Q10). */
    public static final WireText DEFAULT = of(Wire.EXTENDED_TEXT);

    private final Charset charset;
    private final char[] decode = new char[256];
    /** The wire byte of each UTF-16 char; 0 (never a printable byte) where there is none. */
    private final byte[] encode = new byte[Character.MAX_VALUE + 1];

    private WireText(Charset charset) {
        this.charset = charset;
        for (int b = 0; b < 256; b++) {
            String s = new String(new byte[] {(byte) b}, charset);
            decode[b] = s.length() == 1 ? s.charAt(0) : '\uFFFD';
            if (b >= 0x20 && b != 0x7F && decode[b] != '\uFFFD') encode[decode[b]] = (byte) b;
        }
        // Latin letters with marks: Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional.
        transliterate(0x00A0, 0x024F);
        transliterate(0x1E00, 0x1EFF);
    }

    /** The tables for a charset that keeps printable ASCII as it is (one byte a character). */
    public static WireText of(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        WireText t = new WireText(charset);
        for (char c = 0x20; c < 0x7F; c++)
            if (t.decode[c] != c) throw new IllegalArgumentException("wire charset " + charset.name() + " does not keep printable ASCII as it is");
        return t;
    }

    public Charset charset() {
        return charset;
    }

    /** Wire text (chars 0-255, one per byte) as Unicode. */
    public String toUnicode(String wire) {
        int i = firstNonAscii(wire);
        if (i < 0) return wire;
        char[] out = wire.toCharArray();
        for (; i < out.length; i++) out[i] = out[i] < 0x80 ? out[i] : decode[out[i] & 0xFF];
        return new String(out);
    }

    /**
     * Unicode text of {@code field} as wire text; throws, naming the field and the character,
     * for a control character or one the charset has no byte or fallback for.
     */
    public String toWire(String text, String field) throws ProtocolException {
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) continue;
            if (c < 0x20 || c == 0x7F) throw new ProtocolException(String.format("field '%s': control character U+%04X is not allowed", field, (int) c));
            byte b = encode[c];
            if (b == 0) {
                int cp = text.codePointAt(i);
                throw new ProtocolException(String.format("field '%s': character '%s' (U+%04X) has no %s byte and no ASCII fallback",
                        field, Character.toString(cp), cp, charset.name()));
            }
            if (out == null) out = text.toCharArray();
            out[i] = (char) (b & 0xFF);
        }
        return out == null ? text : new String(out);
    }

    private void transliterate(int from, int to) {
        for (int c = from; c <= to; c++) {
            if (encode[c] != 0) continue;
            String d = Normalizer.normalize(String.valueOf((char) c), Normalizer.Form.NFD);
            char base = d.charAt(0);
            if (d.length() < 2 || !Character.isLetter(base) || base >= 0x80) continue;
            if (d.substring(1).chars().allMatch(m -> Character.getType(m) == Character.NON_SPACING_MARK)) encode[c] = (byte) base;
        }
    }

    private static int firstNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return i;
        return -1;
    }
}
