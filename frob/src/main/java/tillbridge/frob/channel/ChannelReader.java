package tillbridge.frob.channel;

import java.util.List;
import tillbridge.common.channel.ChannelMessage;

/** Turns the bytes read from one channel into messages, in the channel format. Owned by one loop. */
public sealed interface ChannelReader permits JsonLinesReader, FrameReader {
    /** What a piece of channel input turned out to be. */
    sealed interface Inbound {}

    /** A well-formed message; in frame format it carries this session's id. */
    record Received(ChannelMessage message) implements Inbound {}

    /** Input that could not be taken, and why (bad JSON, too long, bad frame...). */
    record Refused(String reason) implements Inbound {}

    List<Inbound> feed(byte[] bytes);

    List<Inbound> endOfInput();

    static ChannelReader of(ChannelFormat format, ChannelName channel, String session) {
        return switch (format) {
            case ChannelFormat.Json j -> new JsonLinesReader(j.json());
            case ChannelFormat.Frame _ -> new FrameReader(channel, session);
        };
    }
}
