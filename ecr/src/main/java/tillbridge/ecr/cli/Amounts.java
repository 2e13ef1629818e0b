package tillbridge.ecr.cli;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * Decimal major units to minor units of a currency, exactly, with that currency's ISO 4217 minor
 * unit: "12.50 PLN" is 1250, "12 JPY" is 12 (the yen has none), "1.234 KWD" is 1234 (the dinar has
 * three decimals). More decimals than the currency has are refused, never rounded; never negative.
 */
final class Amounts {
    private static final long MAX = 999_999_999_999L;

    private Amounts() {}

    /** The decimals of {@code currency} (ISO 4217 minor unit); IllegalArgumentException for a code that is no currency of payment. */
    static int decimals(String currency) {
        Currency c;
        try {
            c = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency '" + currency + "': want an ISO 4217 code such as PLN, EUR or JPY");
        }
        int digits = c.getDefaultFractionDigits();
        if (digits < 0) throw new IllegalArgumentException("'" + currency + "' is not a currency one pays in (ISO 4217 gives it no minor unit)");
        return digits;
    }

    /** {@code text} in major units of {@code currency} as minor units; IllegalArgumentException saying what is wrong. */
    static long parse(String text, String currency) {
        int decimals = decimals(currency);
        String example = BigDecimal.valueOf(1250, decimals).toPlainString() + " " + currency;
        if (text != null && text.startsWith("-")) throw new IllegalArgumentException("'" + text + "': an amount must not be negative");
        if (text == null || !text.matches("[0-9]+(\\.[0-9]+)?"))
            throw new IllegalArgumentException("'" + text + "' is not an amount: write major units with a dot, e.g. " + example);
        BigDecimal minor = new BigDecimal(text).movePointRight(decimals);
        if (minor.stripTrailingZeros().scale() > 0)
            throw new IllegalArgumentException("'" + text + "' " + (decimals == 0 ? "has decimals, and " + currency + " has none"
                    : "has more than " + decimals + " decimal" + (decimals == 1 ? "" : "s") + ", the minor unit of " + currency) + " (e.g. " + example + ")");
        if (minor.compareTo(BigDecimal.valueOf(MAX)) > 0)
            throw new IllegalArgumentException("'" + text + "' is too large: at most 12 digits in minor units");
        return minor.longValueExact();
    }

    /** 1250 PLN as "12.50", 12 JPY as "12". */
    static String format(long minor, String currency) {
        return BigDecimal.valueOf(minor, decimals(currency)).toPlainString();
    }
}
