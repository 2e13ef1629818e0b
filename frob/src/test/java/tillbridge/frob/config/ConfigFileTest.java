package tillbridge.frob.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.frob.channel.ChannelFormat;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.channel.ChannelSpec;
import tillbridge.protocol.message.CommTest;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void builtInDefaultsAreWritable() {
        assertThatCode(FrobConfig.DEFAULTS::requireWritable).doesNotThrowAnyException();
    }

    @Test
    void theDocumentedFullFileIsTheBuiltInDefaults() throws Exception {
        Path file = Path.of(getClass().getResource("/frob-defaults.json").toURI());
        assertThat(ConfigFile.read(file, FrobConfig.DEFAULTS)).isEqualTo(FrobConfig.DEFAULTS);
    }

    @Test
    void keysOverrideTheBaseFieldByField() throws Exception {
        FrobConfig c = read("""
                {"terminal": {"device_id": "T-07"}, "device_params": {"display_lc": 4},
                 "payment_timeout_seconds": 60, "channels": {"payment": "unix:/run/p.sock"}, "channel_format": "frame"}""");
        assertThat(c.terminal()).isEqualTo(new CommTest.Answer("170", "tillbridge", "frob", "T-07"));
        assertThat(c.deviceParams().displayLines()).hasValue(4);
        assertThat(c.deviceParams().displayCpl()).hasValue(16);
        assertThat(c.paymentTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.channels()).isEqualTo(Map.of(ChannelName.PAYMENT, ChannelSpec.parse("unix:/run/p.sock")));
        assertThat(c.channelFormat()).isEqualTo(ChannelFormat.FRAME);
    }

    @Test
    void mistakesAreReportedWithTheKeyAndTheRule() {
        assertThatThrownBy(() -> read("{\"version\": [\"170\"]}")).hasMessageContaining("unknown key 'version'");
        assertThatThrownBy(() -> read("{\"device_params\": {\"topology\": \"x\"}}")).hasMessageContaining("device_params: D5: topology must be decimal digits");
        assertThatThrownBy(() -> read("{\"device_params\": {\"colour\": 1}}")).hasMessageContaining("no field 'colour'");
        assertThatThrownBy(() -> read("{\"versions\": [\"17000\"]}")).hasMessageContaining("version has 5 characters");
        assertThatThrownBy(() -> read("{\"channels\": {\"printer\": \"fd:5\"}}")).hasMessageContaining("no channel 'printer'");
        assertThatThrownBy(() -> read("{\"payment_timeout_seconds\": 0}")).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> read("{\"terminal\": ")).hasMessageContaining("not JSON");
    }

    private FrobConfig read(String json) throws Exception {
        return ConfigFile.read(Files.writeString(dir.resolve("frob.json"), json), FrobConfig.DEFAULTS);
    }
}
