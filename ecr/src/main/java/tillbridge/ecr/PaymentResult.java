package tillbridge.ecr;

import java.util.Optional;
import tillbridge.protocol.message.Sale;

/**
 * How a payment ended.
 *
 * @param outcome what the cashier must know
 * @param reference the payment reference (S1 payment id)
 * @param end the S2 the outcome was read from: the sale's own, or the answer to the status query
 * @param message a human-readable explanation
 * @param recovered true when the outcome came from a status query after the payment was interrupted
 * @param notSent true when the S1 provably was not taken: it never left this side (no connection, or
 *     the link failed before the frame was written), or the terminal answered it 993 (busy) or 994
 *     (payment application not available), which by docs/protocol.md mean the S1 never reached a
 *     payment. The same payment may be started again, with a new S1, without any risk of paying
 *     twice. False whenever the S1 may have reached the terminal's payment software.
 */
public record PaymentResult(Outcome outcome, String reference, Optional<Sale.End> end, String message, boolean recovered,
                            boolean notSent) {
    public enum Outcome {
        /** Paid: S2 result 0. */
        APPROVED,
        /** Not paid: the terminal or the card issuer refused. */
        DECLINED,
        /** Not paid: cancelled by the cardholder or by P1 (S2 result 17). */
        ABORTED,
        /** It is not known whether money was taken: check on the terminal. */
        UNKNOWN,
        /** Not paid: the payment could not run (busy, unavailable, rejected, connection failed before S1 went out). */
        ERROR
    }

    public PaymentResult {
        if (outcome == null || reference == null || end == null || message == null)
            throw new IllegalArgumentException("outcome, reference, end and message must not be null");
        if (notSent && outcome != Outcome.ERROR) throw new IllegalArgumentException("only an ERROR can say that nothing was sent");
    }

    public boolean approved() {
        return outcome == Outcome.APPROVED;
    }

    /**
     * Reads the S2 that ended a sale. Result 995 is not mapped here: it starts recovery. 993 and 994
     * say the S1 was not taken ({@link #notSent()}).
     */
    public static PaymentResult ofSale(String reference, Sale.End end) {
        if (end.result().isEmpty()) return of(Outcome.DECLINED, reference, end, "declined: S2 without a result code", false);
        int code = end.result().getAsInt();
        return switch (code) {
            case Sale.End.APPROVED -> of(Outcome.APPROVED, reference, end, "approved", false);
            case Sale.End.CANCELLED -> of(Outcome.ABORTED, reference, end, "aborted (17)", false);
            case Sale.End.BUSY -> notTaken(reference, end, "terminal busy with another transaction (993); nothing was charged");
            case Sale.End.UNAVAILABLE -> notTaken(reference, end, "payment application unavailable (994); nothing was charged");
            case Sale.End.REJECTED -> of(Outcome.ERROR, reference, end, "payment rejected by the terminal (999); nothing was charged", false);
            case Sale.End.UNKNOWN -> of(Outcome.UNKNOWN, reference, end, "outcome unknown (995); check the terminal", false);
            default -> of(Outcome.DECLINED, reference, end, "declined (" + code + ")", false);
        };
    }

    /**
     * Reads the S2 answering a status query. Anything that is not a clear sale outcome is UNKNOWN:
     * "no such transaction" or a refused query proves nothing about the money. For a query of the
     * last transaction ({@link Sale#LAST}) the reference is the payment id the S2 names.
     */
    public static PaymentResult ofStatus(String reference, Sale.End end) {
        if (reference.equals(Sale.LAST) && !end.paymentId().isEmpty()) reference = end.paymentId();
        if (end.result().isEmpty()) return of(Outcome.UNKNOWN, reference, end, "status answer without a result code; check the terminal", true);
        int code = end.result().getAsInt();
        return switch (code) {
            case Sale.End.NO_SUCH_TRANSACTION -> of(Outcome.UNKNOWN, reference, end,
                    "the terminal has no record of this payment (996); check the terminal", true);
            case Sale.End.REJECTED -> of(Outcome.UNKNOWN, reference, end, "the terminal refused the status query (999); check the terminal", true);
            case Sale.End.BUSY, Sale.End.UNAVAILABLE, Sale.End.UNKNOWN -> of(Outcome.UNKNOWN, reference, end,
                    "the status query got " + code + "; check the terminal", true);
            default -> {
                PaymentResult r = ofSale(reference, end);
                yield new PaymentResult(r.outcome, reference, r.end, r.message, true, false);
            }
        };
    }

    public static PaymentResult error(String reference, String message) {
        return new PaymentResult(Outcome.ERROR, reference, Optional.empty(), message, false, false);
    }

    /** An ERROR before the S1 was written: {@link #notSent()}, so the payment may be tried again. */
    public static PaymentResult notSent(String reference, String message) {
        return new PaymentResult(Outcome.ERROR, reference, Optional.empty(), message, false, true);
    }

    public static PaymentResult unknown(String reference, String message) {
        return new PaymentResult(Outcome.UNKNOWN, reference, Optional.empty(), message, false, false);
    }

    private static PaymentResult of(Outcome o, String reference, Sale.End end, String message, boolean recovered) {
        return new PaymentResult(o, reference, Optional.of(end), text(message, end), recovered, false);
    }

    private static PaymentResult notTaken(String reference, Sale.End end, String message) {
        return new PaymentResult(Outcome.ERROR, reference, Optional.of(end), text(message, end), false, true);
    }

    private static String text(String message, Sale.End end) {
        return end.message().isBlank() ? message : message + ": " + end.message();
    }

    /** Outcome and the S2's non-card fields only: no card token, no PAN. */
    @Override
    public String toString() {
        return "PaymentResult[" + outcome + ", " + reference + (recovered ? ", recovered" : "") + (notSent ? ", not sent" : "") + ", " + message
                + end.map(e -> ", result=" + (e.result().isPresent() ? e.result().getAsInt() : "") + ", tid=" + e.tid()
                        + ", transaction=" + e.transactionId()).orElse("") + "]";
    }
}
