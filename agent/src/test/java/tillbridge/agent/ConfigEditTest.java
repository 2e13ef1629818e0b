package tillbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigEditTest {
    static final String FILE = """
            {"hub": "https://hub.example.com", "ping_seconds": 60, "start_deadline_seconds": 90, "ui_listen": "127.0.0.1:8799",
             "terminals": [{"name": "T1", "frob": "127.0.0.1:5002", "receipt_printer": "bar"}],
             "printers": [{"name": "bar", "uri": "socket://10.0.0.5"}]}""";

    @TempDir
    Path dir;

    @BeforeEach
    void file() throws Exception {
        Files.writeString(AgentConfig.file(dir), FILE);
    }

    private static JsonNode json(String s) throws Exception {
        return AgentConfig.JSON.readTree(s);
    }

    private String written() throws Exception {
        return Files.readString(AgentConfig.file(dir));
    }

    @Test
    void anAddedPrinterIsWrittenPrivatelyWithTheKeysThePageDoesNotEditAsTheyWere() throws Exception {
        AgentConfig c = ConfigEdit.save(dir, json("{\"add\": \"printers\", \"entry\": {\"name\": \"kitchen\", \"uri\": \"socket://127.0.0.1:9100\"}}"));
        assertThat(c.printer("kitchen")).isPresent();
        JsonNode f = json(written());
        assertThat(f.get("start_deadline_seconds").asInt()).isEqualTo(90);
        assertThat(f.get("ui_listen").asText()).isEqualTo("127.0.0.1:8799");
        assertThat(f.get("printers")).hasSize(2);
        assertThat(f.get("ping_seconds").asInt()).isEqualTo(60);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AgentConfig.file(dir)))).isEqualTo("rw-------");
    }

    @Test
    void aChangeBreakingARuleIsRefusedWithTheSameReasonAsConfigCheckAndTheFileIsLeftAsItWas() throws Exception {
        assertThatThrownBy(() -> ConfigEdit.save(dir, json("{\"add\": \"terminals\", \"entry\": {\"name\": \"T2\", \"frob\": \"h:70000\"}}")))
                .isInstanceOfSatisfying(AgentConfig.Invalid.class, e -> assertThat(e.problems())
                        .containsExactly("terminals[1].frob: required, HOST:PORT of frob (or the terminal) with a port 1..65535, was \"h:70000\""));
        assertThat(written()).isEqualTo(FILE);
    }

    @Test
    void removingAPrinterATerminalStillPrintsReceiptsOnIsRefused() throws Exception {
        assertThatThrownBy(() -> ConfigEdit.save(dir, json("{\"remove\": \"printers\", \"name\": \"bar\"}")))
                .isInstanceOfSatisfying(AgentConfig.Invalid.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("terminals[0].receipt_printer: no printer named 'bar'"));
        assertThat(written()).isEqualTo(FILE);
    }

    @Test
    void aRemovedTerminalIsGone() throws Exception {
        AgentConfig c = ConfigEdit.save(dir, json("{\"remove\": \"terminals\", \"name\": \"T1\"}"));
        assertThat(c.terminals()).isEmpty();
        assertThatThrownBy(() -> ConfigEdit.save(dir, json("{\"remove\": \"terminals\", \"name\": \"T1\"}")))
                .hasMessage("terminals: there is none named 'T1'");
    }

    @Test
    void pingAndProxyAreSetAndAProxyIsRemovedWithNull() throws Exception {
        AgentConfig c = ConfigEdit.save(dir, json("{\"set\": {\"ping_seconds\": 30, \"proxy\": \"direct\"}}"));
        assertThat(c.ping().toSeconds()).isEqualTo(30);
        assertThat(c.proxy()).isInstanceOf(ProxySetting.Direct.class);
        ConfigEdit.save(dir, json("{\"set\": {\"proxy\": null}}"));
        assertThat(json(written()).has("proxy")).isFalse();
        assertThatThrownBy(() -> ConfigEdit.save(dir, json("{\"set\": {\"ping_seconds\": 1}}"))).isInstanceOf(AgentConfig.Invalid.class)
                .hasMessageContaining("ping_seconds: needs a whole number 5..300, was '1'");
    }

    @Test
    void onlyPingAndProxyAreSetFromThePage() throws Exception {
        assertThatThrownBy(() -> ConfigEdit.save(dir, json("{\"set\": {\"hub\": \"https://evil.example\"}}")))
                .hasMessage("hub: not set from the page (it may set ping_seconds, proxy)");
        assertThatThrownBy(() -> ConfigEdit.save(dir, json("{\"add\": \"hub\", \"entry\": {}}")))
                .hasMessage("'hub': only terminals and printers are added or removed");
        assertThat(written()).isEqualTo(FILE);
    }
}
