package tillbridge.ecr.cli;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Decimal major units ("12.50") to minor units (1250), exactly: 2 decimals at most, never negative. */
final class Amounts implements ITypeConverter<Long> {
    private static final long MAX = 999_999_999_999L;

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String text) {
        if (text != null && text.startsWith("-")) throw new TypeConversionException("'" + text + "': an amount must not be negative");
        if (text == null || !text.matches("[0-9]+(\\.[0-9]+)?"))
            throw new TypeConversionException("'" + text + "' is not an amount: write major units with a dot and at most 2 decimals, e.g. 12.50");
        BigDecimal minor = new BigDecimal(text).movePointRight(2);
        if (minor.stripTrailingZeros().scale() > 0)
            throw new TypeConversionException("'" + text + "' has more than 2 decimals; amounts are whole minor units (e.g. 12.50)");
        if (minor.compareTo(BigDecimal.valueOf(MAX)) > 0)
            throw new TypeConversionException("'" + text + "' is too large: at most 12 digits in minor units");
        return minor.longValueExact();
    }

    /** 1250 as "12.50". */
    static String format(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }
}
