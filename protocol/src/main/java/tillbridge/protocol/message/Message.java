package tillbridge.protocol.message;

import tillbridge.protocol.PacketType;

/**
 * The typed body of an ECR-EFT packet. Groups follow the conversation flows
 * (docs/protocol.md); {@link Unknown} keeps types we do not know and {@link Invalid} known types whose body
 * broke their schema, so that nothing received is lost.
 */
public sealed interface Message
        permits CommTest, Versions, DeviceParams, Sale, App, Printing, Console, Notice, Keys, Unknown, Invalid {
    /** The packet type; null only for {@link Unknown}. */
    default PacketType type() {
        return PacketType.of(getClass());
    }

    /** The two-character packet type, e.g. {@code S1}. */
    default String code() {
        return type().code();
    }
}
