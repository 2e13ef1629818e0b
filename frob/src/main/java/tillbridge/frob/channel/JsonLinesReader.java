package tillbridge.frob.channel;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import tillbridge.common.channel.ChannelJson;
import tillbridge.protocol.ProtocolException;

/**
 * JSON lines with a bound: a line longer than {@link ChannelJson#MAX_LINE} characters is refused
 * and skipped up to its newline without being held in memory.
 */
final class JsonLinesReader implements ChannelReader {
    /** UTF-8 takes at most 4 bytes a character; {@link ChannelJson#read} then checks the characters. */
    private static final int MAX_LINE_BYTES = 4 * ChannelJson.MAX_LINE;

    private final ChannelJson json;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean skipping;

    JsonLinesReader(ChannelJson json) {
        this.json = json;
    }

    @Override
    public List<Inbound> feed(byte[] bytes) {
        List<Inbound> out = new ArrayList<>(1);
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            append(bytes, from, i, out);
            complete(out);
            from = i + 1;
        }
        append(bytes, from, bytes.length, out);
        return out;
    }

    @Override
    public List<Inbound> endOfInput() {
        List<Inbound> out = new ArrayList<>(1);
        if (line.size() > 0) out.add(new Refused("input ended inside a line of " + line.size() + " bytes"));
        line.reset();
        skipping = false;
        return out;
    }

    private void append(byte[] b, int from, int to, List<Inbound> out) {
        if (skipping || from == to) return;
        if (line.size() + to - from > MAX_LINE_BYTES) {
            skipping = true;
            line.reset();
            out.add(new Refused("line longer than " + ChannelJson.MAX_LINE + " characters skipped"));
            return;
        }
        line.write(b, from, to - from);
    }

    private void complete(List<Inbound> out) {
        String text = line.toString(UTF_8).strip();
        line.reset();
        if (skipping) {
            skipping = false;
            return;
        }
        if (text.isEmpty()) return;
        try {
            out.add(new Received(json.read(text)));
        } catch (ProtocolException e) {
            out.add(new Refused(e.getMessage()));
        }
    }
}
