package tillbridge.protocol.message;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Card numbers: masking for display and logs (PCI DSS: at most the first 6 and the last 4 digits). */
public final class Pan {
    /**
     * 13-19 digits, alone or in groups joined by one space or dash, as receipts and screens print
     * them ("4111 1111 1111 1111"); a chain that goes on past 19 digits is some other number.
     */
    private static final Pattern DIGIT_CHAIN = Pattern.compile("(?<!\\d[ -]?)\\d(?:[ -]?\\d){12,18}(?![ -]?\\d)");

    private Pan() {}

    /** Masks a card number: {@code 4111111111111111} becomes {@code 411111******1111}. */
    public static String mask(String pan) {
        String digits = pan.replaceAll("[ -]", "");
        if (digits.length() < 13) return "*".repeat(digits.length());
        return digits.substring(0, 6) + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4);
    }

    /** Masks every card-number-like run of 13-19 digits in free text, spaced or not, so none reaches a log or a screen. */
    public static String maskAll(String text) {
        return DIGIT_CHAIN.matcher(text).replaceAll(m -> Matcher.quoteReplacement(maskDigits(m.group())));
    }

    /** Keeps the first 6 and last 4 digits of a chain and its separators, so the masked text keeps its shape. */
    private static String maskDigits(String chain) {
        int digits = (int) chain.chars().filter(Character::isDigit).count();
        StringBuilder out = new StringBuilder(chain.length());
        int seen = 0;
        for (char c : chain.toCharArray()) {
            if (!Character.isDigit(c)) {
                out.append(c);
                continue;
            }
            seen++;
            out.append(seen <= 6 || seen > digits - 4 ? c : '*');
        }
        return out.toString();
    }

    /** True for an empty value or one that shows no more than 10 digits. */
    public static boolean isMasked(String value) {
        return value == null || value.chars().filter(Character::isDigit).count() <= 10;
    }
}
