package tillbridge.frob.channel;

import java.nio.charset.Charset;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.WireText;

/** How packets travel on the channels (docs/channels.md). */
public sealed interface ChannelFormat {
    /** One JSON object per line, in {@code json}'s version. */
    record Json(ChannelJson json) implements ChannelFormat {}

    /** Raw ECR-EFT frames, no ACK/NAK, no session tag; {@code error} and {@code closed} are not sent. */
    record Frame() implements ChannelFormat {}

    /** JSON lines version 2 (the default): Unicode text, numbers, arrays, announced by a hello line. */
    ChannelFormat JSON = new Json(ChannelJson.V2);
    /** JSON lines version 1 (wire text), kept for one release. */
    ChannelFormat JSON_V1 = new Json(ChannelJson.V1);
    ChannelFormat FRAME = new Frame();

    static ChannelFormat of(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "json", "v2" -> JSON;
            case "v1" -> JSON_V1;
            case "frame" -> FRAME;
            default -> throw new IllegalArgumentException("channel format must be json (v2), v1 or frame, was '" + name + "'");
        };
    }

    /** This format with channel text converted from and to {@code charset} on the wire; JSON version 2 only. */
    default ChannelFormat withWireCharset(Charset charset) {
        if (!(this instanceof Json j) || j.json().version() != 2)
            throw new IllegalArgumentException("--wire-charset needs --channel-format json (version 2): the other formats carry wire text as it is");
        return new Json(ChannelJson.v2(WireText.of(charset)));
    }
}
