package tillbridge.common.channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Messages;

/**
 * One message on a frob channel (docs/channels.md), one JSON line in {@link ChannelJson}: a
 * {@link Packet} of one ECR session, or one of the messages about the channel itself, told apart
 * on the wire by their {@code type}: {@link Error} ({@code "error"}), {@link Closed}
 * ({@code "closed"}) and {@link Hello} ({@code "hello"}). Every other type is a packet's.
 */
public sealed interface ChannelMessage {
    /** The channel the message names; empty when it names none. */
    String channel();

    /** The session the message belongs to; empty for none. */
    String session();

    /**
     * A packet, with its fields by name as raw wire text, e.g.
     * {@code {"channel":"payment","session":"s1","type":"S1","token":"2713","fields":{"kind":"S",...}}}.
     *
     * @param token the packet token; may be empty in a message to frob, which then picks a fresh one
     */
    record Packet(String channel, String session, String type, String token, Map<String, String> fields) implements ChannelMessage {
        public Packet {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(type, "type");
            if (ChannelJson.channelType(type)) throw new IllegalArgumentException("'" + type + "' is not a packet type");
            token = token == null ? "" : token;
            // Keeps the caller's order (wire order for packets), which makes channel lines easy to read.
            fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The packet this message carries; {@code freshToken} is used when it names none. */
        public tillbridge.protocol.Packet packet(Supplier<String> freshToken) throws ProtocolException {
            return Messages.fromNamed(token.isEmpty() ? freshToken.get() : token, type, fields);
        }

        /**
         * For terminal software: the packet of a message frob sent for the payment application, or
         * empty when it belongs to another channel (a shared descriptor carries all four). Throws with
         * the reason to report back when the message cannot be a packet; a request the payment
         * application answers (S1, A1) must name its token.
         */
        public Optional<tillbridge.protocol.Packet> paymentPacket(Supplier<String> freshToken) throws ProtocolException {
            if (!channel.isEmpty() && !channel.equals("payment")) return Optional.empty();
            PacketType t = PacketType.find(type);
            if (token.isEmpty() && t != null && t.route() == PacketType.Route.PAYMENT && t.answer() != null)
                throw new ProtocolException(type + " needs a token for its answer");
            return Optional.of(packet(freshToken));
        }
    }

    /** A channel message the sender could not take, and why. */
    record Error(String channel, String session, String reason) implements ChannelMessage {
        public Error {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** frob tells the terminal software that a session ended. */
    record Closed(String channel, String session) implements ChannelMessage {
        public Closed {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * The announcement of the channel format that frob sends first (format version 2 on).
     *
     * @param version as announced, checked by {@link ChannelJson#announcedBy}
     * @param wireCharset the charset of the ECR link, for information; empty when not announced
     */
    record Hello(String channel, String session, String version, String wireCharset) implements ChannelMessage {
        public Hello {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(wireCharset, "wireCharset");
        }
    }

    /** The channel form of a packet of {@code session}. */
    static Packet of(String channel, String session, tillbridge.protocol.Packet p) {
        return new Packet(channel, session, p.type(), p.token(), Messages.named(p));
    }
}
