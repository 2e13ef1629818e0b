package tillbridge.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * One frame's content in its wire structure: token, two-character type and the raw text of each
 * FS-terminated field (list fields keep their US separators). Text is {@link Wire#RAW}, one char
 * per byte.
 *
 * <pre>
 *  token FS type FS field1 FS ... fieldN FS
 * </pre>
 */
public record Packet(String token, String type, List<String> fields) {
    public Packet {
        if (!Tokens.isValid(token)) throw new IllegalArgumentException("token must be 1-6 hex digits, was '" + token + "'");
        if (!isType(type)) throw new IllegalArgumentException("type must be a letter and a digit or letter, was '" + type + "'");
        fields = List.copyOf(fields);
        for (String f : fields)
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c == Wire.FS || c == Wire.ETX || c == Wire.STX || c > 0xFF)
                    throw new IllegalArgumentException("field of " + type + " holds control byte 0x" + Integer.toHexString(c));
            }
    }

    public static Packet of(String token, String type, String... fields) {
        return new Packet(token, type, List.of(fields));
    }

    /** Parses a frame body (between STX and ETX). */
    public static Packet parse(Bytes body) throws ProtocolException {
        String s = body.asRaw();
        int fs1 = s.indexOf(Wire.FS);
        if (fs1 < 0) throw new ProtocolException("no FS after the token");
        String token = s.substring(0, fs1);
        if (!Tokens.isValid(token)) throw new ProtocolException("token must be 1-6 hex digits, was '" + printable(token) + "'");
        int fs2 = s.indexOf(Wire.FS, fs1 + 1);
        if (fs2 < 0) throw new ProtocolException("no FS after the type");
        String type = s.substring(fs1 + 1, fs2);
        if (!isType(type)) throw new ProtocolException("type must be a letter and a digit or letter, was '" + printable(type) + "'");
        List<String> fields = new ArrayList<>();
        int from = fs2 + 1;
        while (from < s.length()) {
            int fs = s.indexOf(Wire.FS, from);
            if (fs < 0) throw new ProtocolException(type + ": last field has no FS after it");
            String f = s.substring(from, fs);
            if (f.indexOf(Wire.STX) >= 0) throw new ProtocolException(type + ": STX inside a field");
            fields.add(f);
            from = fs + 1;
        }
        return new Packet(token, type, fields);
    }

    /** The frame body, without STX, ETX and LRC. */
    public Bytes body() {
        StringBuilder sb = new StringBuilder(16 + fields.size() * 8);
        sb.append(token).append((char) Wire.FS).append(type).append((char) Wire.FS);
        for (String f : fields) sb.append(f).append((char) Wire.FS);
        return Bytes.raw(sb.toString());
    }

    /** The whole frame: STX, body, ETX, LRC. */
    public Bytes frame() {
        return Frames.wrap(body());
    }

    static boolean isType(String type) {
        return type != null && type.length() == 2
                && type.charAt(0) >= 'A' && type.charAt(0) <= 'Z'
                && (Character.isDigit(type.charAt(1)) || (type.charAt(1) >= 'A' && type.charAt(1) <= 'Z'));
    }

    /** Control bytes shown as {@code <1C>} so that log lines and errors stay readable. */
    public static String printable(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == Wire.US) sb.append('|');
            else if (c < 0x20 || c >= 0x7F) sb.append(String.format("<%02X>", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /** Readable, and safe for logs: key material is hidden and card numbers are masked ({@link PacketType.Secrecy}). */
    @Override
    public String toString() {
        return type + "[" + token + "]" + PacketType.show(type, fields);
    }
}
