package tillbridge.ecr.payment;

import org.slf4j.event.Level;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Sale;

/** What {@link PaymentCore} asks its runner to do, in order. */
public sealed interface PaymentEffect {
    /** Make sure a connection is up (reopening it if the session can); answer with Connected or Unreachable. */
    record Connect() implements PaymentEffect {}

    /**
     * Send {@code message} with {@code token} on the connection now up; when {@code watch}, report
     * {@link PaymentEvent.Written} once its frame has been written whole and flushed.
     */
    record Send(String token, Message message, boolean watch) implements PaymentEffect {}

    /** Send P1 for the payment under way (the terminal still ends it with S2). */
    record SendAbort() implements PaymentEffect {}

    /** Tell the listener: the terminal acknowledged the S1. */
    record NotifySent(PaymentRequest request) implements PaymentEffect {}

    /** Tell the listener: an I1 status from the terminal. */
    record NotifyStatus(Sale.Status status) implements PaymentEffect {}

    /** Tell the listener: the terminal acknowledged the P1. */
    record NotifyAbortSent() implements PaymentEffect {}

    /** Tell the listener: the outcome is in doubt and is now asked for with a status query. */
    record NotifyRecovering(String reason) implements PaymentEffect {}

    /** Tell the listener: after the payment ended UNKNOWN, a late S2 that matches it says how it ended. */
    record NotifyLateAnswer(PaymentResult result) implements PaymentEffect {}

    /** The payment is over with this result; no effect follows but a {@link NotifyLateAnswer}. */
    record Finish(PaymentResult result) implements PaymentEffect {}

    /** A line for the log. */
    record Log(Level level, String text) implements PaymentEffect {}
}
