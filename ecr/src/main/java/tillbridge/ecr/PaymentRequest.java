package tillbridge.ecr;

import java.security.SecureRandom;
import java.util.OptionalLong;

/**
 * One card payment to run on the terminal. Amounts are in minor units (grosze, cents).
 *
 * <pre>{@code
 * PaymentRequest r = PaymentRequest.of(1250, "PLN").withEcrId("KASA-01").withReference("PAR/2024/000123");
 * }</pre>
 *
 * @param amount gross amount of the goods, &gt; 0 (cashback not included)
 * @param currency ISO 4217 alphabetic code, e.g. {@code PLN}
 * @param cashback cash to hand out, 0 for none
 * @param maxCashback the highest cashback the ECR allows when the cardholder enters it on the terminal
 * @param ecrId this cash register's identifier (S1 field 2), 1-20 printable ASCII characters
 * @param reference the payment identifier (S1 field 3), 1-20 printable ASCII characters, unique per
 *     ECR id: the status query finds the payment by it
 * @param net net amount; {@code net + vat == amount}
 * @param vat VAT amount
 */
public record PaymentRequest(long amount, String currency, long cashback, OptionalLong maxCashback,
                             String ecrId, String reference, long net, long vat) {
    /** The ECR id used when none is given. */
    public static final String DEFAULT_ECR_ID = "TILLBRIDGE";
    /** Amount fields of S1 hold at most 12 digits. */
    public static final long MAX_AMOUNT = 999_999_999_999L;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    public PaymentRequest {
        if (amount <= 0 || amount > MAX_AMOUNT)
            throw new IllegalArgumentException("amount must be 1.." + MAX_AMOUNT + " minor units, was " + amount);
        if (currency == null || !currency.matches("[A-Z]{3}"))
            throw new IllegalArgumentException("currency must be 3 capital letters (ISO 4217, e.g. PLN), was '" + currency + "'");
        if (cashback < 0 || cashback > MAX_AMOUNT)
            throw new IllegalArgumentException("cashback must be 0.." + MAX_AMOUNT + " minor units, was " + cashback);
        if (maxCashback == null) throw new IllegalArgumentException("maxCashback must not be null (use OptionalLong.empty())");
        if (maxCashback.isPresent()) {
            long max = maxCashback.getAsLong();
            if (max < 0 || max > MAX_AMOUNT)
                throw new IllegalArgumentException("max cashback must be 0.." + MAX_AMOUNT + " minor units, was " + max);
            if (cashback > max) throw new IllegalArgumentException("cashback " + cashback + " is above the max cashback " + max);
        }
        text("ECR id", ecrId);
        text("payment reference", reference);
        if (reference.equals(tillbridge.protocol.message.Sale.LAST))
            throw new IllegalArgumentException("payment reference LAST is reserved for the status query of the last transaction");
        if (net < 0 || vat < 0) throw new IllegalArgumentException("net and VAT must be >= 0, were " + net + " and " + vat);
        if (net + vat != amount)
            throw new IllegalArgumentException("net + VAT must equal the amount: " + net + " + " + vat + " != " + amount);
    }

    /** A payment of {@code amount} minor units: no cashback, VAT 0, the default ECR id and a new reference. */
    public static PaymentRequest of(long amount, String currency) {
        return new PaymentRequest(amount, currency, 0, OptionalLong.empty(), DEFAULT_ECR_ID, newReference(), amount, 0);
    }

    public PaymentRequest withCashback(long c) {
        return new PaymentRequest(amount, currency, c, maxCashback, ecrId, reference, net, vat);
    }

    public PaymentRequest withMaxCashback(long max) {
        return new PaymentRequest(amount, currency, cashback, OptionalLong.of(max), ecrId, reference, net, vat);
    }

    public PaymentRequest withEcrId(String id) {
        return new PaymentRequest(amount, currency, cashback, maxCashback, id, reference, net, vat);
    }

    public PaymentRequest withReference(String ref) {
        return new PaymentRequest(amount, currency, cashback, maxCashback, ecrId, ref, net, vat);
    }

    /** Sets net and VAT; they must add up to the amount. */
    public PaymentRequest withVat(long netAmount, long vatAmount) {
        return new PaymentRequest(amount, currency, cashback, maxCashback, ecrId, reference, netAmount, vatAmount);
    }

    /**
     * A new unique payment reference: 20 characters of Crockford base32, 10 for the time in
     * milliseconds (so references sort by time) and 10 random (50 bits).
     */
    public static String newReference() {
        char[] out = new char[20];
        long t = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--, t >>>= 5) out[i] = CROCKFORD[(int) (t & 31)];
        long r = RANDOM.nextLong();
        for (int i = 19; i >= 10; i--, r >>>= 5) out[i] = CROCKFORD[(int) (r & 31)];
        return new String(out);
    }

    static void text(String what, String value) {
        if (value == null || value.isEmpty() || value.length() > 20)
            throw new IllegalArgumentException(what + " must be 1-20 characters, was " + (value == null ? "null" : "'" + value + "'"));
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E)
                throw new IllegalArgumentException(what + " must be printable ASCII, '" + value + "' has 0x" + Integer.toHexString(c) + " at " + i);
        }
    }
}
