package tillbridge.hub.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and identifiers, and the one-way hash under which secrets are stored.
 *
 * <p>API keys and agent tokens are 256 random bits, base64url without padding (43 characters).
 * Registration codes are 10 characters of Crockford's base32 (no I, L, O, U), shown as
 * {@code XXXXX-XXXXX}; input is normalised (case, dashes, spaces, O→0, I/L→1) before hashing.
 */
public final class Secrets {
    /** Crockford base32: digits and letters without I, L, O, U. */
    static final String CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int CODE_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** 256 random bits, base64url without padding. */
    public static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** An identifier such as {@code site_7k2m…}: a prefix and 120 random bits in lower-case base32. */
    public static String id(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 25).append(prefix).append('_');
        for (int i = 0; i < 24; i++) sb.append(Character.toLowerCase(CODE_ALPHABET.charAt(RANDOM.nextInt(32))));
        return sb.toString();
    }

    /** A new registration code, formatted for people: {@code ABCDE-FGH12}. */
    public static String registrationCode() {
        StringBuilder sb = new StringBuilder(CODE_LENGTH + 1);
        for (int i = 0; i < CODE_LENGTH; i++) {
            if (i == CODE_LENGTH / 2) sb.append('-');
            sb.append(CODE_ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        return sb.toString();
    }

    /**
     * The canonical form of a code as typed by a person, or {@code null} when it cannot be one
     * (wrong length or a character outside the alphabet).
     */
    public static String normaliseCode(String typed) {
        StringBuilder sb = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = Character.toUpperCase(typed.charAt(i));
            switch (c) {
                case '-', ' ' -> { continue; }
                case 'O' -> c = '0';
                case 'I', 'L' -> c = '1';
                default -> { }
            }
            if (CODE_ALPHABET.indexOf(c) < 0 || sb.length() == CODE_LENGTH) return null;
            sb.append(c);
        }
        return sb.length() == CODE_LENGTH ? sb.toString() : null;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code secret}: what the store keeps. */
    public static String sha256(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
