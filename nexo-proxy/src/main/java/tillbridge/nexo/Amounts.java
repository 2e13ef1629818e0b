package tillbridge.nexo;

import java.math.BigDecimal;
import java.util.Currency;
import tillbridge.nexo.model.NexoException;

/**
 * Amounts: ECR-EFT carries minor units (a whole number, e.g. 1250), nexo a decimal in major units
 * (12.50). The number of decimals is the currency's, from ISO 4217 ({@link Currency}); 2 for a code
 * the JDK does not know. Conversions are exact: a nexo amount with more decimals than its currency
 * has, a negative one, or one beyond the 12 digits of ECR-EFT is refused, never rounded.
 */
public final class Amounts {
    /** The largest amount an ECR-EFT field (N12) can hold. */
    public static final long MAX_MINOR = 999_999_999_999L;

    private Amounts() {}

    public static int decimals(String currency) {
        try {
            int d = Currency.getInstance(currency).getDefaultFractionDigits();
            return d < 0 ? 2 : d;
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }

    public static BigDecimal toDecimal(long minor, String currency) {
        if (minor < 0) throw new IllegalArgumentException("amount must be >= 0, was " + minor);
        return BigDecimal.valueOf(minor, decimals(currency));
    }

    public static long toMinor(BigDecimal amount, String currency) throws NexoException {
        if (amount.signum() < 0) throw new NexoException("negative amount " + amount.toPlainString() + " " + currency);
        try {
            long minor = amount.movePointRight(decimals(currency)).longValueExact();
            if (minor > MAX_MINOR) throw new NexoException("amount " + amount.toPlainString() + " " + currency + " does not fit ECR-EFT's 12 digits");
            return minor;
        } catch (ArithmeticException e) {
            throw new NexoException("amount " + amount.toPlainString() + " " + currency + " has more than " + decimals(currency) + " decimals");
        }
    }
}
