package tillbridge.protocol;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Packet tokens: 1-6 hex digits, opaque text compared without regard to case. Each side draws new
 * tokens from its own range and wraps inside it.
 *
 * <p>Tokens must go on across restarts, so that a restarted side does not send a token its peer
 * still remembers for an earlier frame. {@link #forEcr()} and {@link #forEft()} start at a random
 * point of their range rather than reading a saved counter: a cash-register CLI or a per-connection
 * daemon often has no state directory, and a random start makes the next session's first token
 * equal to any given earlier one with a chance of 1 in 10,000 (the receiver's duplicate rule and
 * the ECR's check of every S2 against its S1 cover that chance).
 */
public final class Tokens {
    /** The ECR's range, 10000-19999 decimal. */
    public static Tokens forEcr() {
        return randomStart(0x2710, 0x4E1F);
    }

    /** The EFT's range, 20000-29999 decimal. */
    public static Tokens forEft() {
        return randomStart(0x4E20, 0x752F);
    }

    private static Tokens randomStart(int first, int last) {
        Tokens t = new Tokens(first, last);
        t.next = first + ThreadLocalRandom.current().nextInt(last - first + 1);
        return t;
    }

    private final int first;
    private final int last;
    private int next;

    /** A range whose first token is {@code first}: for tests and tools that need fixed tokens. */
    public Tokens(int first, int last) {
        if (first < 0 || last > 0xFFFFFF || first > last)
            throw new IllegalArgumentException("token range must lie in 0..FFFFFF, was " + first + ".." + last);
        this.first = first;
        this.last = last;
        this.next = first;
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
