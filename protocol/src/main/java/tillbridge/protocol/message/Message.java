package tillbridge.protocol.message;

/**
 * The typed body of an ECR-EFT packet. Groups follow the conversation flows
 * (docs/protocol.md); {@link Unknown} keeps types we do not know and {@link Invalid} known types whose body
 * broke their schema, so that nothing received is lost.
 */
public sealed interface Message
        permits CommTest, Versions, DeviceParams, Sale, App, Printing, Console, Notice, Keys, Unknown, Invalid {
    /** The two-character packet type, e.g. {@code S1}. */
    default String code() {
        return Messages.codec(getClass()).code();
    }
}
