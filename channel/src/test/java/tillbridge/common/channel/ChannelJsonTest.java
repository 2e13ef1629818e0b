package tillbridge.common.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.ProtocolException;

class ChannelJsonTest {
    @Test
    void messageSurvivesARoundTripWithItsFieldOrder() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("gross", "1250");
        fields.put("currency", "PLN");
        fields.put("message", "Zapłać kartą \"teraz\"");
        ChannelMessage.Packet m = new ChannelMessage.Packet("payment", "42-1", "S1", "2711", fields);
        String line = ChannelJson.V1.write(m);
        assertThat(line).doesNotContain("\n").startsWith("{\"channel\":\"payment\",\"session\":\"42-1\",\"type\":\"S1\",\"token\":\"2711\"");
        assertThat(ChannelJson.V1.read(line)).isEqualTo(m);
        assertThat(((ChannelMessage.Packet) ChannelJson.V1.read(line)).fields().keySet()).containsExactly("gross", "currency", "message");
    }

    @Test
    void numbersAndBooleansInFieldsKeepTheirText() throws Exception {
        var m = (ChannelMessage.Packet) ChannelJson.V1.read("{\"type\":\"S2\",\"fields\":{\"result\":0,\"amount\":1250,\"rate\":1.50,\"big\":12345678901234567890,\"nfc\":true}}");
        assertThat(m.fields()).containsExactly(Map.entry("result", "0"), Map.entry("amount", "1250"), Map.entry("rate", "1.50"),
                Map.entry("big", "12345678901234567890"), Map.entry("nfc", "true"));
        assertThat(m.channel()).isEmpty();
        assertThat(m.token()).isEmpty();
    }

    @Test
    void messagesAboutTheChannelReadAsTheirOwnKindsAndWriteBackAsTheyWere() throws Exception {
        for (ChannelJson json : new ChannelJson[] {ChannelJson.V1, ChannelJson.V2}) {
            String error = "{\"channel\":\"payment\",\"session\":\"s\",\"type\":\"error\",\"fields\":{\"reason\":\"bad\"}}";
            String closed = "{\"channel\":\"payment\",\"session\":\"s\",\"type\":\"closed\",\"fields\":{}}";
            String hello = "{\"channel\":\"ui\",\"session\":\"s\",\"type\":\"hello\",\"fields\":{\"version\":2,\"wire_charset\":\"windows-1250\"}}";
            assertThat(json.read(error)).isEqualTo(new ChannelMessage.Error("payment", "s", "bad"));
            assertThat(json.read(closed)).isEqualTo(new ChannelMessage.Closed("payment", "s"));
            assertThat(json.read(hello)).isEqualTo(new ChannelMessage.Hello("ui", "s", "2", "windows-1250"));
            for (String line : new String[] {error, closed, hello}) assertThat(json.write(json.read(line))).isEqualTo(line);
        }
        assertThatThrownBy(() -> new ChannelMessage.Packet("payment", "s", "closed", "", null)).hasMessageContaining("not a packet type");
    }

    @Test
    void aDuplicateKeyIsRefusedRatherThanOneValueChosen() {
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"type\":\"S2\",\"fields\":{\"amount\":\"100\",\"amount\":\"1\"}}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("Duplicate field 'amount'");
    }

    @Test
    void brokenMessagesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"type\":")).isInstanceOf(ProtocolException.class).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> ChannelJson.V1.read("[1,2]")).hasMessage("a channel message must be a JSON object");
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"fields\":{}}")).hasMessage("'type' is missing");
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"type\":5}")).hasMessage("'type' must be a string");
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"type\":\"S2\",\"fields\":[]}")).hasMessage("'fields' must be an object");
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"type\":\"S2\",\"fields\":{\"a\":{\"b\":1}}}")).hasMessage("field 'a' must be a string or number");
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"type\":\"S2\",\"fields\":{\"a\":null}}")).hasMessage("field 'a' must be a string or number");
    }

    @Test
    void sizeAndNestingAreBounded() {
        String deep = "[".repeat(20) + "]".repeat(20);
        assertThatThrownBy(() -> ChannelJson.V1.read("{\"type\":\"S2\",\"x\":" + deep + "}")).hasMessageStartingWith("not JSON").hasMessageContaining("depth");
        String huge = "{\"type\":\"" + "x".repeat(ChannelJson.MAX_LINE) + "\"}";
        assertThatThrownBy(() -> ChannelJson.V1.read(huge)).hasMessageContaining("at most " + ChannelJson.MAX_LINE);
    }
}
