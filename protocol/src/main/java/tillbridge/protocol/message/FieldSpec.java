package tillbridge.protocol.message;

import tillbridge.protocol.Wire;

/**
 * One field of a message body: its name (used in logs, the channel JSON and config files), its
 * kind (spec §2.4), its maximum size and whether it may be empty or left out.
 *
 * @param max characters for numbers and text, bytes for hex, units for lists
 */
public record FieldSpec(String name, Kind kind, int max, Use use) {
    public enum Kind {
        /** ASCII decimal digits, no sign or separators. */
        NUMBER,
        /** Printable ASCII 0x20-0x7E. */
        TEXT,
        /** Printable bytes 0x20-0xFF in {@link Wire#EXTENDED_TEXT}; national characters allowed. */
        EXTENDED_TEXT,
        /** Hexadecimal digits, two per byte; written uppercase, read in either case. */
        HEX,
        /** One digit, 0 or 1. */
        FLAG,
        /** Units of printable ASCII, each ended by US. */
        LIST,
        /** Units of extended text, each ended by US. */
        EXTENDED_LIST
    }

    public enum Use {
        /** Must be there and must not be empty. */
        REQUIRED,
        /** Must be there, may be empty. */
        PRESENT,
        /** May be empty, and may be left out when it and every field after it are empty. */
        OPTIONAL
    }

    public FieldSpec {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1, was " + max + " for " + name);
    }

    /** The longest unit of a list field, in characters. */
    static final int MAX_UNIT = 40;

    /** Checks one raw field value; returns null when it is acceptable, otherwise why not. */
    String problem(String raw) {
        if (raw.isEmpty()) return use == Use.REQUIRED ? name + " must not be empty" : null;
        return switch (kind) {
            case NUMBER -> raw.length() > max ? name + " has " + raw.length() + " digits, at most " + max + " allowed"
                    : allMatch(raw, '0', '9') ? null : name + " must be decimal digits";
            case TEXT -> raw.length() > max ? tooLong(raw.length()) : allMatch(raw, ' ', '~') ? null : name + " must be printable ASCII";
            case EXTENDED_TEXT -> raw.length() > max ? tooLong(raw.length()) : extended(raw) ? null : name + " holds a control character or a byte " + Wire.EXTENDED_TEXT + " does not define";
            case HEX -> raw.length() > 2 * max ? name + " has " + raw.length() / 2 + " bytes, at most " + max + " allowed"
                    : raw.length() % 2 != 0 ? name + " has an odd number of hex digits"
                    : raw.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? null : name + " must be hex digits";
            case FLAG -> raw.equals("0") || raw.equals("1") ? null : name + " must be 0 or 1";
            case LIST, EXTENDED_LIST -> listProblem(raw);
        };
    }

    private String listProblem(String raw) {
        if (raw.charAt(raw.length() - 1) != Wire.US) return name + ": last unit has no US after it";
        String[] units = raw.substring(0, raw.length() - 1).split(String.valueOf((char) Wire.US), -1);
        if (units.length > max) return name + " has " + units.length + " units, at most " + max + " allowed";
        for (String u : units) {
            if (u.length() > MAX_UNIT) return name + " has a unit of " + u.length() + " characters, at most " + MAX_UNIT + " allowed";
            if (kind == Kind.LIST ? !allMatch(u, ' ', '~') : !extended(u)) return name + " has a unit with a control character";
        }
        return null;
    }

    private String tooLong(int length) {
        return name + " has " + length + " characters, at most " + max + " allowed";
    }

    private static boolean allMatch(String s, char lo, char hi) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < lo || c > hi) return false;
        }
        return true;
    }

    private static boolean extended(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !EXTENDED_BYTE[c]) return false;
        }
        return true;
    }

    /**
     * Printable bytes the extended-text charset defines. The rest (0x81, 0x83... in windows-1250)
     * would decode to U+FFFD and be written back as '?', so they are refused rather than altered.
     */
    private static final boolean[] EXTENDED_BYTE = new boolean[256];

    static {
        for (int b = 0x20; b <= 0xFF; b++)
            EXTENDED_BYTE[b] = b != 0x7F && new String(new byte[] {(byte) b}, Wire.EXTENDED_TEXT).charAt(0) != '\uFFFD';
    }
}
