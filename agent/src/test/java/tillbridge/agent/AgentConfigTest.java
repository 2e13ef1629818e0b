package tillbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    static final Path F = Path.of("agent.json");

    @TempDir
    Path dir;

    private static AgentConfig.Invalid invalid(String json) {
        try {
            AgentConfig.parse(F, json);
        } catch (AgentConfig.Invalid e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void aCompleteFile() throws Exception {
        AgentConfig c = AgentConfig.parse(F, """
                {"hub": "https://hub.example.com/", "ping_seconds": 60,
                 "terminals": [{"name": "T1", "frob": "127.0.0.1:5002", "ecr_id": "KASA-01"}, {"name": "bar", "frob": "pos.local:5003"}],
                 "printers": []}""");
        assertThat(c.hub()).hasToString("https://hub.example.com");
        assertThat(c.ping().toSeconds()).isEqualTo(60);
        assertThat(c.terminals()).containsExactly(new AgentConfig.TerminalSpec("T1", "127.0.0.1", 5002, "KASA-01"),
                new AgentConfig.TerminalSpec("bar", "pos.local", 5003, "TILLBRIDGE"));
    }

    @Test
    void printersAreReadWithTheirAddressesAndAProblemNamesItsKey() throws Exception {
        AgentConfig c = AgentConfig.parse(F, """
                {"hub": "https://hub.example.com", "printers": [{"name": "tickets", "uri": "cups:Office"},
                 {"name": "bar", "uri": "socket://10.0.0.5", "paper_dots": 384}]}""");
        assertThat(c.printers()).extracting(p -> p.name() + " " + p.address().shown() + " " + p.paperDots())
                .containsExactly("tickets ipp://localhost:631/printers/Office 576", "bar socket://10.0.0.5:9100 384");
        assertThat(c.printer("bar")).isPresent();
        assertThat(invalid("{\"hub\": \"https://h\", \"printers\": [{\"name\": \"x\", \"uri\": \"lpt1\"}]}").problems())
                .singleElement().asString().startsWith("printers[0].uri: unknown printer URI 'lpt1'");
    }

    @Test
    void aTerminalsReceiptPrinterMustBeOneOfThePrinters() throws Exception {
        AgentConfig c = AgentConfig.parse(F, """
                {"hub": "https://hub.example.com", "terminals": [{"name": "T1", "frob": "127.0.0.1:5002", "receipt_printer": "bar"}],
                 "printers": [{"name": "bar", "uri": "socket://10.0.0.5"}]}""");
        assertThat(c.terminal("T1").orElseThrow().receiptPrinter()).hasValue("bar");
        assertThat(invalid("""
                {"hub": "https://h", "terminals": [{"name": "T1", "frob": "127.0.0.1:5002", "receipt_printer": "kitchen"}],
                 "printers": [{"name": "bar", "uri": "socket://10.0.0.5"}]}""").problems())
                .containsExactly("terminals[0].receipt_printer: no printer named 'kitchen' in printers (have: bar)");
    }

    @Test
    void defaults() throws Exception {
        AgentConfig c = AgentConfig.parse(F, "{\"hub\": \"http://127.0.0.1:8443\"}");
        assertThat(c.ping().toSeconds()).isEqualTo(120);
        assertThat(c.terminals()).isEmpty();
    }

    @Test
    void everyProblemNamesItsKeyAndRule() {
        AgentConfig.Invalid e = invalid("""
                {"hub": "ftp://x", "ping_seconds": 2, "colour": "red",
                 "terminals": [{"name": "T 1", "frob": "nohost"}, {"name": "A", "frob": "h:70000", "ecr_id": "much-too-long-ecr-id-here"},
                               {"name": "A", "frob": "h:1", "extra": 1}, 5],
                 "printers": {}}""");
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "colour: unknown key (allowed: hub, ping_seconds, printers, proxy, recovery_deadline_seconds, start_deadline_seconds, terminals, trust_store, ui_listen)",
                "hub: must be an absolute https:// URL such as https://hub.example.com, was 'ftp://x'",
                "ping_seconds: needs a whole number 5..300, was '2'",
                "terminals[0].name: required, 1-32 characters of A-Z a-z 0-9 _ . -, was \"T 1\"",
                "terminals[0].frob: required, HOST:PORT of frob (or the terminal) with a port 1..65535, was \"nohost\"",
                "terminals[1].frob: required, HOST:PORT of frob (or the terminal) with a port 1..65535, was \"h:70000\"",
                "terminals[1].ecr_id: must be 1-20 printable ASCII characters, was \"much-too-long-ecr-id-here\"",
                "terminals[2].extra: unknown key (allowed: ecr_id, frob, name, receipt_printer)",
                "terminals[2].name: 'A' is used by an earlier terminal; names must be unique",
                "terminals[3]: must be an object {\"name\", \"frob\", \"ecr_id\"}",
                "printers: must be an array of objects {\"name\", \"uri\"}");
        assertThat(e.getMessage()).startsWith("agent.json: ");
    }

    @Test
    void theDeadlinesAreWholePositiveSecondsWithDefaults() throws Exception {
        AgentConfig c = AgentConfig.parse(F, """
                {"hub": "https://hub.example.com", "start_deadline_seconds": 30, "recovery_deadline_seconds": 3600}""");
        assertThat(c.startDeadline().toSeconds()).isEqualTo(30);
        assertThat(c.recoveryDeadline().toSeconds()).isEqualTo(3600);
        AgentConfig d = AgentConfig.parse(F, """
                {"hub": "https://hub.example.com"}""");
        assertThat(d.startDeadline().toSeconds()).isEqualTo(120);
        assertThat(d.recoveryDeadline().toSeconds()).isEqualTo(86_400);
        assertThat(invalid("""
                {"hub": "https://hub.example.com", "start_deadline_seconds": -5, "recovery_deadline_seconds": "1.5"}""").problems())
                .containsExactly("start_deadline_seconds: needs a positive whole number, was '-5'",
                        "recovery_deadline_seconds: needs a positive whole number, was '1.5'");
    }

    @Test
    void plainHttpOnlyOnLoopback() throws Exception {
        assertThat(AgentConfig.hubUri("http://localhost:8443")).hasToString("http://localhost:8443");
        assertThat(AgentConfig.hubUri("http://127.0.0.1:8443/")).hasToString("http://127.0.0.1:8443");
        assertThat(AgentConfig.hubUri("http://[::1]:8443")).hasToString("http://[::1]:8443");
        assertThatThrownBy(() -> AgentConfig.hubUri("http://hub.example.com")).hasMessageContaining("must use https://");
        assertThatThrownBy(() -> AgentConfig.hubUri("http://10.0.0.1:8443")).hasMessageContaining("must use https://");
        assertThatThrownBy(() -> AgentConfig.hubUri("https://hub.example.com/?x=1")).hasMessageContaining("query");
        assertThat(invalid("{\"hub\": \"http://192.168.1.5\"}").problems()).singleElement().asString().startsWith("hub: must use https://");
    }

    @Test
    void notJsonDuplicateKeysAndMissingFile() throws Exception {
        assertThat(invalid("{\"hub\": ").problems()).singleElement().asString().startsWith("not valid JSON");
        assertThat(invalid("{\"hub\": \"https://a\", \"hub\": \"https://b\"}").problems()).singleElement().asString()
                .contains("Duplicate field 'hub'");
        assertThat(invalid("[]").problems()).containsExactly("must be one JSON object");
        assertThatThrownBy(() -> AgentConfig.load(dir)).isInstanceOf(AgentConfig.Invalid.class).hasMessageContaining("agent register");
    }

    @Test
    void registrationWritesTheHubKeepingTheRestAndTheTokenOwnerOnly() throws Exception {
        Files.writeString(dir.resolve("agent.json"), "{\"hub\": \"https://old\", \"terminals\": [{\"name\": \"T1\", \"frob\": \"h:1\"}]}");
        AgentConfig.setHub(dir, AgentConfig.hubUri("https://new.example"), Optional.empty(), Optional.empty());
        AgentConfig c = AgentConfig.load(dir);
        assertThat(c.hub()).hasToString("https://new.example");
        assertThat(c.terminals()).hasSize(1);

        Path fresh = dir.resolve("fresh");
        new Credentials("site_1", "s3cret").store(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve(Credentials.FILE)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        assertThat(Credentials.load(fresh)).isEqualTo(new Credentials("site_1", "s3cret"));
        assertThat(Credentials.load(fresh).toString()).doesNotContain("s3cret");
    }

    @Test
    void aProxyIsReadCheckedAndWrittenOwnerOnlyBecauseItMayCarryAPassword() throws Exception {
        AgentConfig c = AgentConfig.parse(F, "{\"hub\": \"https://hub.example.com\", \"proxy\": \"http://u:pw@proxy:3128\"}");
        assertThat(c.proxy()).isEqualTo(ProxySetting.url("http://u:pw@proxy:3128"));
        assertThat(AgentConfig.parse(F, "{\"hub\": \"https://h\"}").proxy()).isInstanceOf(ProxySetting.FromEnvironment.class);
        assertThat(invalid("{\"hub\": \"https://h\", \"proxy\": \"ftp://p:1\"}").problems()).singleElement().asString()
                .startsWith("proxy: the proxy must be an http:// proxy");
        assertThat(invalid("{\"hub\": \"https://h\", \"proxy\": 3128}").problems()).singleElement().asString().startsWith("proxy: must be");

        AgentConfig.setHub(dir, AgentConfig.hubUri("https://new.example"), Optional.empty(), Optional.of("http://u:pw@proxy:3128"));
        assertThat(AgentConfig.load(dir).proxy()).isEqualTo(ProxySetting.url("http://u:pw@proxy:3128"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("agent.json")))).isEqualTo("rw-------");
    }

    @Test
    void theStatusPageListensOnLoopbackByDefaultWhereConfiguredOrNowhereWhenOff() throws Exception {
        assertThat(AgentConfig.parse(F, "{\"hub\": \"https://h\"}").uiListen()).contains(AgentConfig.UI_LISTEN_DEFAULT);
        assertThat(AgentConfig.UI_LISTEN_DEFAULT.getAddress().isLoopbackAddress()).isTrue();
        assertThat(AgentConfig.UI_LISTEN_DEFAULT.getPort()).isEqualTo(8765);
        assertThat(AgentConfig.parse(F, "{\"hub\": \"https://h\", \"ui_listen\": \"0.0.0.0:9000\"}").uiListen().orElseThrow())
                .hasToString("/0.0.0.0:9000");
        assertThat(AgentConfig.parse(F, "{\"hub\": \"https://h\", \"ui_listen\": \"off\"}").uiListen()).isEmpty();
        assertThat(invalid("{\"hub\": \"https://h\", \"ui_listen\": \"127.0.0.1:70000\"}").problems())
                .singleElement().asString().startsWith("ui_listen: \"off\", or HOST:PORT");
    }

    @Test
    void anAgentNotRegisteredYetFindsItsStatusPageAddressWithoutAHub() throws Exception {
        assertThat(AgentConfig.uiListen(dir)).contains(AgentConfig.UI_LISTEN_DEFAULT);
        Files.writeString(dir.resolve("agent.json"), "{\"ui_listen\": \"127.0.0.1:9001\", \"terminals\": []}");
        assertThat(AgentConfig.uiListen(dir).orElseThrow().getPort()).isEqualTo(9001);
    }
}
