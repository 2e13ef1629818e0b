package tillbridge.frob.session;

import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelWriter;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;

/** The writable channels of one session, as the routes use them. Part of the session: its loop only. */
final class ChannelOut {
    private static final Logger log = LoggerFactory.getLogger(ChannelOut.class);

    private final Map<ChannelName, ChannelWriter> writers;

    ChannelOut(Map<ChannelName, ChannelWriter> writers) {
        this.writers = writers.isEmpty() ? Map.of() : new EnumMap<>(writers);
    }

    /** True when frob can write to {@code channel} (bound, writable, not lost). */
    boolean writable(ChannelName channel) {
        ChannelWriter w = channel == null ? null : writers.get(channel);
        return w != null && w.open();
    }

    /** Writes a packet; false if the channel is unbound, one-way into frob, or lost. */
    boolean send(ChannelName channel, Packet p) {
        ChannelWriter w = channel == null ? null : writers.get(channel);
        return w != null && w.send(p);
    }

    /** Logs why a message from the terminal software was not taken and tells it on that channel, when it can be written. */
    void refuse(ChannelName channel, String reason) {
        log.warn("{} channel: refused: {}", channel.wire(), reason);
        ChannelWriter w = writers.get(channel);
        if (w != null) w.sendError(reason);
    }

    /** Tells the terminal software that the session ended. */
    void closed(ChannelName channel) {
        ChannelWriter w = writers.get(channel);
        if (w != null) w.sendClosed();
    }

    /**
     * The message a channel message carries, checked against its schema. A message without a
     * token gets {@code fallbackToken} (the packet needs one; the caller decides what it means).
     */
    static Message decode(ChannelMessage.Packet m, String fallbackToken) throws ProtocolException {
        Message x = Messages.decode(Messages.fromNamed(m.token().isEmpty() ? fallbackToken : m.token(), m.type(), m.fields()));
        if (x instanceof Invalid i) throw new ProtocolException(i.reason());
        return x;
    }
}
