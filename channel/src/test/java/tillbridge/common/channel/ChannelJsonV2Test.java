package tillbridge.common.channel;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.ProtocolException;

class ChannelJsonV2Test {
    private static String wire(String s) {
        return new String(s.getBytes(Charset.forName("windows-1250")), ISO_8859_1);
    }

    @Test
    void packetsAreWrittenWithUnicodeTextNumbersAndArrays() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", wire("Wybierz płatność"));
        fields.put("items", wire("Karta\u001fGotówka\u001f"));
        assertThat(ChannelJson.V2.write(new ChannelMessage.Packet("device", "s", "K5", "51", fields)))
                .isEqualTo("{\"channel\":\"device\",\"session\":\"s\",\"type\":\"K5\",\"token\":\"51\",\"fields\":{\"title\":\"Wybierz płatność\",\"items\":[\"Karta\",\"Gotówka\"]}}");
        assertThat(ChannelJson.V2.write(new ChannelMessage.Packet("ui", "s", "K0", "52", Map.of("result", "0"))))
                .endsWith("\"fields\":{\"result\":0}}");
        assertThat(ChannelJson.V2.write(new ChannelMessage.Packet("device", "s", "K7", "53", new LinkedHashMap<>(Map.of("min_length", "007")))))
                .as("a number with leading zeros keeps its text").endsWith("\"fields\":{\"min_length\":\"007\"}}");
    }

    @Test
    void unicodeTextArraysAndBooleanFlagsAreReadAsWireText() throws Exception {
        var m = (ChannelMessage.Packet) ChannelJson.V2.read("{\"channel\":\"device\",\"session\":\"s\",\"type\":\"K7\",\"token\":\"9\","
                + "\"fields\":{\"prompt\":\"Podaj kod pocztowy\",\"min_length\":5,\"max_length\":6,\"masked\":false}}");
        assertThat(m.fields()).containsExactly(Map.entry("prompt", "Podaj kod pocztowy"), Map.entry("min_length", "5"), Map.entry("max_length", "6"),
                Map.entry("masked", "0"));
        var d6 = (ChannelMessage.Packet) ChannelJson.V2.read("{\"type\":\"D6\",\"fields\":{\"attributes\":\"C\",\"lines\":[\"Dziękujemy\",\"Żółć\"]}}");
        assertThat(d6.fields().get("lines")).isEqualTo(wire("Dziękujemy\u001fŻółć\u001f"));
    }

    @Test
    void textThatCannotBeWireTextIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ChannelJson.V2.read("{\"type\":\"K3\",\"fields\":{\"text\":\"a\\u001fb\"}}")).isInstanceOf(ProtocolException.class)
                .hasMessage("field 'text': control character U+001F is not allowed");
        assertThatThrownBy(() -> ChannelJson.V2.read("{\"type\":\"D6\",\"fields\":{\"lines\":[\"Søren\"]}}"))
                .hasMessageContaining("field 'lines': character 'ø'");
        assertThatThrownBy(() -> ChannelJson.V2.read("{\"type\":\"D6\",\"fields\":{\"lines\":\"A\\u001f\"}}"))
                .hasMessage("field 'lines' must be an array of strings");
    }

    @Test
    void errorReasonsAreTextAsTheyAre() throws Exception {
        ChannelMessage e = new ChannelMessage.Error("payment", "s", "pole 'ł' złe\n");
        assertThat(ChannelJson.V2.read(ChannelJson.V2.write(e))).isEqualTo(e);
    }

    @Test
    void helloAnnouncesVersion2AndIsReadBack() throws Exception {
        String hello = ChannelJson.V2.hello("ui", "s-1").orElseThrow();
        assertThat(hello).isEqualTo("{\"channel\":\"ui\",\"session\":\"s-1\",\"type\":\"hello\",\"fields\":{\"version\":2,\"wire_charset\":\"windows-1250\"}}");
        ChannelMessage m = ChannelJson.V1.read(hello);
        assertThat(m).isEqualTo(new ChannelMessage.Hello("ui", "s-1", "2", "windows-1250"));
        assertThat(ChannelJson.announcedBy((ChannelMessage.Hello) m)).isSameAs(ChannelJson.V2);
        assertThat(ChannelJson.V1.hello("ui", "s-1")).isEmpty();
        assertThatThrownBy(() -> ChannelJson.announcedBy((ChannelMessage.Hello) ChannelJson.V1.read("{\"type\":\"hello\",\"fields\":{\"version\":3}}")))
                .hasMessageContaining("version '3'");
    }
}
