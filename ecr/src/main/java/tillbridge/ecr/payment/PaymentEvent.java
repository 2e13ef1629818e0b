package tillbridge.ecr.payment;

import tillbridge.protocol.message.Message;

/** What happens to a payment: fed to {@link PaymentCore#on} by the runner that owns the I/O. */
public sealed interface PaymentEvent {
    /** Begin: a sale connects and sends its S1; a status-only payment asks at once. */
    record Start() implements PaymentEvent {}

    /** The answer to {@link PaymentEffect.Connect}: a connection to the terminal is up. */
    record Connected() implements PaymentEvent {}

    /** The answer to {@link PaymentEffect.Connect}: none; {@code reconnectable} is false when none can ever be opened again. */
    record Unreachable(String reason, boolean reconnectable) implements PaymentEvent {}

    /** The frame sent with {@code token} and watched was written whole and flushed: it may have reached the terminal. */
    record Written(String token) implements PaymentEvent {}

    /** The terminal's link layer acknowledged our packet. */
    record Acked(String type, String token) implements PaymentEvent {}

    /** The link layer gave up on our packet: it may or may not have arrived. */
    record GaveUp(String type, String token, String reason) implements PaymentEvent {}

    /** A frame from the terminal, of any type (each one shows the terminal is still working). */
    record Received(String token, Message message) implements PaymentEvent {}

    /** Time passed: a deadline may be due ({@link PaymentCore#nextDeadline}). */
    record Tick() implements PaymentEvent {}

    /** The connection to the terminal is gone. */
    record LinkDown(String reason) implements PaymentEvent {}

    /** The line sends our own frames back: no terminal answers on it. */
    record Echo() implements PaymentEvent {}

    /** The cash register asks to abort the payment. */
    record Abort() implements PaymentEvent {}

    /** The session is closing: no more waiting. */
    record Stop(String reason) implements PaymentEvent {}

    /** A defect (a runtime exception) in the payment or in the code that runs it. */
    record Defect(String reason) implements PaymentEvent {}
}
