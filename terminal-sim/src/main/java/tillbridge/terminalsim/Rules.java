package tillbridge.terminalsim;

import java.util.List;
import java.util.function.LongPredicate;
import tillbridge.protocol.message.Sale;

/**
 * How the simulated acquirer decides a sale, by its gross amount in minor units. The first rule
 * that matches wins. The same table is printed by {@code --help} and in docs/terminal-sim.md.
 */
public final class Rules {
    /** ISO 8583 "do not honour" (05; numbers go on the wire without leading zeros). */
    public static final int DO_NOT_HONOUR = 5;
    /** ISO 8583 "insufficient funds". */
    public static final int INSUFFICIENT_FUNDS = 51;
    /** ISO 8583 "exceeds withdrawal amount limit". */
    public static final int EXCEEDS_LIMIT = 61;

    /** The largest gross amount approved: 1,000,000.00 in minor units. */
    static final long LIMIT = 100_000_000L;

    /** ISO 8583 05 again, when the operator does not confirm the cardholder's signature. */
    public static final String SIGNATURE_REJECTED = "signature rejected";

    /**
     * What the acquirer answers; {@code slow} adds {@code --slow-ms} before the authorisation step;
     * {@code signature}: after authorisation the operator is asked (K4) whether the signature is
     * right, and anything but yes turns the sale into 05 "signature rejected".
     */
    public record Decision(int result, String message, boolean slow, boolean signature) {
        public Decision(int result, String message, boolean slow) {
            this(result, message, slow, false);
        }

        public boolean approved() {
            return result == Sale.End.APPROVED;
        }
    }

    /** One line of the table: {@code when} is its description for people. */
    public record Rule(String when, LongPredicate matches, Decision decision) {}

    private static final List<Rule> TABLE = List.of(
            new Rule("gross > 1,000,000.00", gross -> gross > LIMIT, new Decision(EXCEEDS_LIMIT, "exceeds withdrawal limit", false)),
            new Rule("minor part .51", gross -> gross % 100 == 51, new Decision(INSUFFICIENT_FUNDS, "insufficient funds", false)),
            new Rule("minor part .05", gross -> gross % 100 == 5, new Decision(DO_NOT_HONOUR, "do not honour", false)),
            new Rule("minor part .99", gross -> gross % 100 == 99, new Decision(Sale.End.APPROVED, "approved", true)),
            new Rule("minor part .77", gross -> gross % 100 == 77, new Decision(Sale.End.APPROVED, "approved", false, true)),
            new Rule("anything else", gross -> true, new Decision(Sale.End.APPROVED, "approved", false)));

    private Rules() {}

    public static List<Rule> table() {
        return TABLE;
    }

    public static Decision decide(long gross) {
        for (Rule r : TABLE) if (r.matches().test(gross)) return r.decision();
        throw new IllegalStateException("the last rule matches every amount");
    }

    /** The table as lines of text, for {@code --help}. */
    public static List<String> describe() {
        return TABLE.stream().map(r -> String.format("  %-22s -> result %-3d %s%s", r.when(), r.decision().result(),
                r.decision().message(), r.decision().slow() ? " (after --slow-ms)"
                        : r.decision().signature() ? " if the operator says yes (K4), else 5" : "")).toList();
    }
}
