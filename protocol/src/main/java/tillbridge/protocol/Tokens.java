package tillbridge.protocol;

/**
 * Packet tokens: 1-6 hex digits, opaque text compared without regard to case (reference §2.5).
 * Each side draws new tokens from its own range and wraps inside it.
 */
public final class Tokens {
    /** The ECR's range, 10000-19999 decimal. */
    public static Tokens forEcr() {
        return new Tokens(0x2710, 0x4E1F);
    }

    /** The EFT's range, 20000-29999 decimal. */
    public static Tokens forEft() {
        return new Tokens(0x4E20, 0x752F);
    }

    private final int first;
    private final int last;
    private int next;

    public Tokens(int first, int last) {
        if (first < 0 || last > 0xFFFFFF || first > last)
            throw new IllegalArgumentException("token range must lie in 0..FFFFFF, was " + first + ".." + last);
        this.first = first;
        this.last = last;
        this.next = first;
    }

    /** Continues from {@code token} (e.g. one saved before a restart); a token outside the range restarts it. */
    public void resumeAfter(String token) {
        int t = isValid(token) ? Integer.parseInt(token, 16) : -1;
        next = t >= first && t < last ? t + 1 : first;
    }

    public String next() {
        String t = Integer.toHexString(next).toUpperCase();
        next = next == last ? first : next + 1;
        return t;
    }

    public static boolean isValid(String token) {
        if (token == null || token.isEmpty() || token.length() > 6) return false;
        for (int i = 0; i < token.length(); i++) if (Character.digit(token.charAt(i), 16) < 0) return false;
        return true;
    }

    public static boolean same(String a, String b) {
        return a.equalsIgnoreCase(b);
    }
}
