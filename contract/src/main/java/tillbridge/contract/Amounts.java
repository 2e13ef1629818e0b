package tillbridge.contract;

/**
 * The one limit for payment amounts, in minor units, that the hub accepts and the agent pays: 11
 * digits, inside what the terminal link carries (12 digits), so a job the hub took never fails at
 * the agent for its size.
 */
public final class Amounts {
    public static final long MIN_MINOR = 1;
    public static final long MAX_MINOR = 99_999_999_999L;

    private Amounts() {}
}
