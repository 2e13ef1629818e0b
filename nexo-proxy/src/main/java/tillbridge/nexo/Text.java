package tillbridge.nexo;

import tillbridge.protocol.message.Pan;

/** Text for ECR-EFT fields: printable ASCII, card numbers masked, cut to the field's size. */
final class Text {
    private Text() {}

    /** Printable ASCII (others become '?'), digit runs that look like card numbers masked, at most {@code max} characters. */
    static String fit(String s, int max) {
        if (s == null) return "";
        String t = Pan.maskAll(s).replaceAll("[^\\x20-\\x7E]", "?").strip();
        return t.length() <= max ? t : t.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** The last {@code max} characters of an id (printable ASCII): the distinctive end of a long transaction id survives. */
    static String tail(String s, int max) {
        if (s == null) return "";
        String t = s.replaceAll("[^\\x21-\\x7E]", "");
        return t.length() <= max ? t : t.substring(t.length() - max);
    }

    /** A masked PAN for S2: kept if it shows at most 6 + 4 digits, masked if it is a bare number, else dropped. */
    static String maskedPan(String s) {
        if (s == null) return "";
        String t = s.replaceAll("[ -]", "");
        if (t.isEmpty() || !t.matches("[0-9A-Za-z*#xX]+")) return "";
        if (t.matches("\\d{13,19}")) return Pan.mask(t);
        if (!Pan.isMasked(t) || t.length() > 19) return "";
        return t;
    }
}
