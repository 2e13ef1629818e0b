package tillbridge.frob.channel;

import java.util.ArrayList;
import java.util.List;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;

/** Raw ECR-EFT frames (no ACK/NAK on channels); each packet is taken as a message of this session. */
final class FrameReader implements ChannelReader {
    private final FrameDecoder decoder = new FrameDecoder();
    private final ChannelName channel;
    private final String session;

    FrameReader(ChannelName channel, String session) {
        this.channel = channel;
        this.session = session;
    }

    @Override
    public List<Inbound> feed(byte[] bytes) {
        List<Inbound> out = new ArrayList<>(1);
        decoder.feed(bytes, 0, bytes.length, e -> out.add(inbound(e)));
        return out;
    }

    @Override
    public List<Inbound> endOfInput() {
        return decoder.endOfInput().stream().map(this::inbound).toList();
    }

    private Inbound inbound(FrameEvent e) {
        return switch (e) {
            case FrameEvent.Frame f -> {
                try {
                    yield new Received(ChannelMessage.of(channel.wire(), session, Packet.parse(f.body())));
                } catch (ProtocolException ex) {
                    yield new Refused("malformed frame: " + ex.getMessage());
                }
            }
            case FrameEvent.BadLrc b -> new Refused(String.format("frame with a bad LRC (expected %02X, got %02X)", b.expected(), b.actual()));
            case FrameEvent.Oversized o -> new Refused("frame longer than " + o.limit() + " bytes");
            case FrameEvent.Noise n -> new Refused(n.skippedBytes() + " bytes outside any frame");
            case FrameEvent.Truncated _ -> new Refused("input ended inside a frame");
            case FrameEvent.Ack _ -> new Refused("ACK is not used on channels");
            case FrameEvent.Nak _ -> new Refused("NAK is not used on channels");
        };
    }
}
