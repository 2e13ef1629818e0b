package tillbridge.ecr;

import java.util.Map;

/** English meaning of the I1 transaction status codes (docs/protocol.md, "I1 status codes"). */
public final class StatusText {
    private static final Map<Integer, String> TEXT = Map.ofEntries(
            Map.entry(20, "waiting for card"), Map.entry(30, "checking PAN"), Map.entry(40, "waiting for MID"),
            Map.entry(50, "waiting for authorisation"), Map.entry(60, "waiting for amount entry"),
            Map.entry(65, "waiting for cashback amount entry"), Map.entry(70, "waiting for original amount"),
            Map.entry(80, "waiting for original authorisation code"), Map.entry(90, "waiting for PIN"),
            Map.entry(100, "connecting to acquirer"), Map.entry(101, "connecting to acquirer, 2nd attempt"),
            Map.entry(102, "connecting to acquirer, 3rd attempt"), Map.entry(110, "voice authorisation"),
            Map.entry(120, "signature verification"), Map.entry(130, "cardholder identity check"),
            Map.entry(140, "printing receipt, approved"), Map.entry(150, "printing receipt, declined"),
            Map.entry(155, "printing receipt copy"), Map.entry(180, "aborting transaction"),
            Map.entry(190, "printing receipt, void"), Map.entry(1000, "other"));

    private StatusText() {}

    /** E.g. {@code 20} gives {@code "waiting for card"}; an unlisted code gives {@code "status N"}. */
    public static String of(int code) {
        return TEXT.getOrDefault(code, "status " + code);
    }
}
