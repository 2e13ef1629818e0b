package tillbridge.ecr;

import tillbridge.protocol.message.Sale;

/**
 * Progress of one payment. Every method has a no-op default. Calls come from the session's own
 * thread, in order: return quickly and don't call back into the session's blocking methods. An
 * exception thrown here is logged and the payment goes on.
 */
public interface PaymentListener {
    PaymentListener NONE = new PaymentListener() {};

    /** The terminal acknowledged the S1 (from now on the payment may take money). */
    default void sent(PaymentRequest request) {}

    /** An I1 status from the terminal (codes: {@link StatusText}). */
    default void status(Sale.Status status) {}

    /** P1 (abort) was acknowledged by the terminal; the terminal still ends the payment with S2. */
    default void abortSent() {}

    /**
     * The payment was interrupted after S1 went out (no ACK, no S2 in time, connection lost, or
     * S2 995); its outcome is now asked for with a status query.
     */
    default void recovering(String reason) {}

    /**
     * After the payment ended UNKNOWN, a late S2 that answers its S1 or one of its status queries
     * and matches it (token, amount, payment and ECR ids) says how it ended: {@code result} is that
     * outcome. Called at most once, after the result was returned, and only while the session stays
     * open; hand it to another thread, as the caller waiting for the payment has gone.
     */
    default void lateAnswer(PaymentResult result) {}
}
