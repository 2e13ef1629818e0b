package tillbridge.protocol.message;

import java.util.regex.Pattern;

/** Card numbers: masking for display and logs (PCI DSS: at most the first 6 and the last 4 digits). */
public final class Pan {
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)(\\d{6})(\\d{3,9})(\\d{4})(?!\\d)");

    private Pan() {}

    /** Masks a card number: {@code 4111111111111111} becomes {@code 411111******1111}. */
    public static String mask(String pan) {
        String digits = pan.replaceAll("[ -]", "");
        if (digits.length() < 13) return "*".repeat(digits.length());
        return digits.substring(0, 6) + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4);
    }

    /** Masks every run of 13-19 digits in free text, so a card number never reaches a log. */
    public static String maskAll(String text) {
        return DIGIT_RUN.matcher(text).replaceAll(m -> m.group(1) + "*".repeat(m.group(2).length()) + m.group(3));
    }

    /** True for an empty value or one that shows no more than 10 digits. */
    public static boolean isMasked(String value) {
        return value == null || value.chars().filter(Character::isDigit).count() <= 10;
    }
}
