package tillbridge.frob.channel;

import java.util.ArrayList;
import java.util.List;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.io.LineDecoder;
import tillbridge.common.io.LineDecoder.Line;
import tillbridge.protocol.ProtocolException;

/**
 * JSON lines with a bound: a line longer than {@link ChannelJson#MAX_LINE} characters is refused
 * and skipped up to its newline without being held in memory.
 */
final class JsonLinesReader implements ChannelReader {
    private final ChannelJson json;
    private final LineDecoder lines = new LineDecoder(ChannelJson.MAX_LINE);

    JsonLinesReader(ChannelJson json) {
        this.json = json;
    }

    @Override
    public List<Inbound> feed(byte[] bytes) {
        List<Inbound> out = new ArrayList<>(1);
        lines.feed(bytes, 0, bytes.length, l -> inbound(l, out));
        return out;
    }

    @Override
    public List<Inbound> endOfInput() {
        List<Inbound> out = new ArrayList<>(1);
        lines.endOfInput(l -> inbound(l, out));
        return out;
    }

    private void inbound(Line l, List<Inbound> out) {
        switch (l) {
            case Line.TooLong x -> out.add(new Refused("line longer than " + x.limit() + " characters skipped"));
            case Line.Unterminated u -> out.add(new Refused("input ended inside a line of " + u.bytes() + " bytes"));
            case Line.Text t -> {
                String text = t.text().strip();
                if (text.isEmpty()) return;
                try {
                    out.add(new Received(json.read(text)));
                } catch (ProtocolException e) {
                    out.add(new Refused(e.getMessage()));
                }
            }
        }
    }
}
