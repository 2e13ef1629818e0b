package tillbridge.common.channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import tillbridge.protocol.Packet;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Messages;

/**
 * One message on a frob channel (docs/channels.md): a packet of one ECR session, with its fields
 * by name as raw wire text, e.g.
 * {@code {"channel":"payment","session":"s1","type":"S1","token":"2713","fields":{"kind":"S",...}}}.
 * {@code type} {@code "error"} reports a channel message frob could not take; {@code "closed"}
 * tells the terminal software that a session ended; {@code "hello"} is the announcement of channel
 * format version 2 that frob sends first (its {@code version} as the one field).
 *
 * @param token the packet token; may be empty in a message to frob, which then picks a fresh one
 */
public record ChannelMessage(String channel, String session, String type, String token, Map<String, String> fields) {
    public static final String ERROR = "error";
    public static final String CLOSED = "closed";
    public static final String HELLO = "hello";

    public ChannelMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(type, "type");
        token = token == null ? "" : token;
        // Keeps the caller's order (wire order for packets), which makes channel lines easy to read.
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The channel form of a packet of {@code session}. */
    public static ChannelMessage of(String channel, String session, Packet p) {
        return new ChannelMessage(channel, session, p.type(), p.token(), Messages.named(p));
    }

    /** The packet this message carries; {@code freshToken} is used when it names none. */
    public Packet packet(Supplier<String> freshToken) throws ProtocolException {
        return Messages.fromNamed(token.isEmpty() ? freshToken.get() : token, type, fields);
    }

    /**
     * For terminal software: the packet of a message frob sent for the payment application, or
     * empty when it belongs to another channel (a shared descriptor carries all four). Throws with
     * the reason to report back when the message cannot be a packet; a request the payment application
     * answers (S1, A1) must name its token.
     */
    public Optional<Packet> paymentPacket(Supplier<String> freshToken) throws ProtocolException {
        if (!channel.isEmpty() && !channel.equals("payment")) return Optional.empty();
        PacketType t = PacketType.find(type);
        if (token.isEmpty() && t != null && t.route() == PacketType.Route.PAYMENT && t.answer() != null)
            throw new ProtocolException(type + " needs a token for its answer");
        return Optional.of(packet(freshToken));
    }

    public static ChannelMessage error(String channel, String session, String reason) {
        return new ChannelMessage(channel, session, ERROR, "", Map.of("reason", reason));
    }
}
