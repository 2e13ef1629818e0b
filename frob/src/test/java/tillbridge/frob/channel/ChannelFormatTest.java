package tillbridge.frob.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.Packet;

class ChannelFormatTest {
    @Test
    void version2IsTheDefaultAndVersion1AndFramesStaySelectable() {
        assertThat(ChannelFormat.of("json")).isEqualTo(ChannelFormat.JSON);
        assertThat(ChannelFormat.of("V2")).isEqualTo(ChannelFormat.JSON);
        assertThat(ChannelFormat.of("v1")).isEqualTo(ChannelFormat.JSON_V1);
        assertThat(ChannelFormat.of("frame")).isEqualTo(ChannelFormat.FRAME);
        assertThatThrownBy(() -> ChannelFormat.of("xml")).hasMessageContaining("json (v2), v1 or frame");
    }

    @Test
    void anotherWireCharsetChangesTheConversionOfVersion2Only() {
        ChannelFormat latin2 = ChannelFormat.JSON.withWireCharset(Charset.forName("ISO-8859-2"));
        var out = new ByteArrayOutputStream();
        var w = new ChannelWriter(ChannelName.UI, "s", latin2, out);
        w.sendHello();
        w.send(Packet.of("4E20", "K0", "0", "\u00b1")); // ą in ISO-8859-2 (ą in windows-1250 is 0xB9)
        assertThat(out.toString(UTF_8)).contains("\"wire_charset\":\"ISO-8859-2\"", "\"output\":\"ą\"");
        assertThatThrownBy(() -> ChannelFormat.JSON_V1.withWireCharset(Charset.forName("ISO-8859-2"))).hasMessageContaining("--wire-charset needs");
        assertThatThrownBy(() -> ChannelFormat.FRAME.withWireCharset(Charset.forName("ISO-8859-2"))).hasMessageContaining("--wire-charset needs");
    }
}
