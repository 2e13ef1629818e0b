package tillbridge.frob.session;

import static org.assertj.core.api.Assertions.assertThat;
import static tillbridge.frob.session.EmbeddedSession.SESSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tillbridge.frob.config.FrobConfig;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Messages;

/** The terminal software's printing and console requests and notices, through the device channel. */
class DeviceRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrobConfig CONFIG = FrobConfig.DEFAULTS;
    private static final FrobConfig SHORT = CONFIG.withAnswerTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
    private static final String US = "\u001f";
    private static final Packet SALE = Packet.of("2A31", "S1", "S", "KASA-01", "PAR/1", "12345", "10037", "2308", "PLN", "0");

    @Test
    void receiptIsDrivenPacketByPacketAndEachD0RelayedWithTheRequestersToken() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("D2", "1", "\"title\":\"RECEIPT\",\"lines\":\"2\""));
            h.deviceSends(line("D6", "2", "\"attributes\":\"C\",\"lines\":[\"SHOP\"]"));
            h.deviceSends(line("D6", "3", "\"attributes\":\"\",\"lines\":[\"TOTAL 12.00\"]"));
            h.deviceSends(line("D3", "4", "\"cut\":\"1\""));

            Packet d2 = h.ecrReceives();
            assertThat(d2.type()).isEqualTo("D2");
            assertThat(Messages.named(d2)).containsEntry("title", "RECEIPT").containsEntry("lines", "2");
            h.sync(); // nothing else was sent before the D2 was answered
            h.ecrSends(Packet.of(d2.token(), "D0", "0"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 1 0");
            Packet d6 = h.ecrReceives();
            assertThat(d6.fields()).containsExactly("C", "SHOP" + US);
            h.ecrSends(Packet.of(d6.token(), "D0", "0"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 2 0");
            Packet second = h.ecrReceives();
            assertThat(second.type()).isEqualTo("D6");
            h.ecrSends(Packet.of(second.token(), "D0", "0"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 3 0");
            Packet d3 = h.ecrReceives();
            assertThat(d3).isEqualTo(Packet.of(d3.token(), "D3", "1"));
            h.ecrSends(Packet.of(d3.token(), "D0", "0"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 4 0");
        }
    }

    @Test
    void refusedClaimDropsThePrintoutUpToItsEndWithAnErrorForEachPacket() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("D2", "1", ""));
            h.deviceSends(line("D6", "2", "\"lines\":[\"A\"]"));
            h.deviceSends(line("D3", "3", "\"cut\":\"1\""));
            Packet d2 = h.ecrReceives();
            h.ecrSends(Packet.of(d2.token(), "D0", "999", "no printer"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 1 999");
            assertThat(reason(h.deviceReceives())).startsWith("D6 [2] dropped: the ECR refused the printout");
            assertThat(reason(h.deviceReceives())).startsWith("D3 [3] dropped");
            h.sync();
            h.deviceSends(line("D1", "5", ""));
            assertThat(h.ecrReceives().type()).as("a new flow after the refused one").isEqualTo("D1");
        }
    }

    @Test
    void refusedLineDropsTheLinesAfterItButStillEndsThePrintout() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("D2", "1", ""));
            h.deviceSends(line("D6", "2", "\"lines\":[\"TOO LONG\"]"));
            h.deviceSends(line("D6", "3", "\"lines\":[\"B\"]"));
            h.deviceSends(line("D3", "4", "\"cut\":\"0\""));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "D0", "0"));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "D0", "1", "line too long"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 1 0");
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 2 1");
            assertThat(reason(h.deviceReceives())).startsWith("D6 [3] dropped: the ECR refused a line");
            Packet d3 = h.ecrReceives();
            assertThat(d3.type()).isEqualTo("D3");
            h.ecrSends(Packet.of(d3.token(), "D0", "0"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 4 0");
        }
    }

    @Test
    void unansweredPrintRequestGivesTheTerminalSoftwareAnErrorAndAbandonsThePrintout() throws IOException {
        try (var h = EmbeddedSession.withDevice(SHORT)) {
            h.deviceSends(line("D2", "1", ""));
            h.deviceSends(line("D6", "2", "\"lines\":[\"A\"]"));
            assertThat(h.ecrReceives().type()).isEqualTo("D2");
            h.advance(Duration.ofMillis(299));
            assertThat(h.devicePending()).isEmpty();
            h.advance(Duration.ofMillis(1));
            assertThat(reason(h.deviceReceives())).isEqualTo("D2 [1]: no D0 from the ECR within 300 ms; the printing flow is abandoned");
            assertThat(reason(h.deviceReceives())).startsWith("D6 [2] dropped: the printout was abandoned");
            h.deviceSends(line("D7", "3", "\"graphic_id\":\"7\""));
            Packet d7 = h.ecrReceives();
            assertThat(d7.type()).as("the lane starts afresh").isEqualTo("D7");
            h.ecrSends(Packet.of(d7.token(), "D8", "7", "1", "384", "100"));
            assertThat(JSON.readTree(h.deviceReceives()).path("fields").path("width").asText()).isEqualTo("384");
        }
    }

    @Test
    void deviceChannelEndingWithAPrintoutOpenMakesFrobEndItWithD3() {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("D2", "1", ""));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "D0", "0"));
            h.deviceCloses();
            Packet d3 = h.ecrReceives();
            assertThat(d3.fields()).containsExactly("0");
            h.ecrSends(Packet.of(d3.token(), "D0", "0"));
            h.sync();
        }
    }

    @Test
    void consoleAnswersGoToTheUiChannelAndBackToTheRequester() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("K1", "1", ""));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "K0", "0"));
            assertThat(answer(h.deviceReceives())).isEqualTo("K0 1 0");
            assertThat(answer(h.uiReceives())).isEqualTo("K0 1 0");
            h.deviceSends(line("K4", "2", "\"text\":\"PODPIS OK?\""));
            Packet k4 = h.ecrReceives();
            assertThat(k4.fields()).containsExactly("PODPIS OK?");
            h.ecrSends(Packet.of(k4.token(), "K0", "0", "1"));
            JsonNode k0 = JSON.readTree(h.deviceReceives());
            assertThat(k0.path("token").asText()).isEqualTo("2");
            assertThat(k0.path("fields").path("output").asText()).isEqualTo("1");
            assertThat(JSON.readTree(h.uiReceives()).path("fields").path("output").asText()).isEqualTo("1");
            h.deviceSends(line("K2", "3", ""));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "K0", "0"));
            assertThat(answer(h.deviceReceives())).isEqualTo("K0 3 0");
        }
    }

    @Test
    void refusedConsoleDropsTheInteractionsUpToTheEnd() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("K1", "1", ""));
            h.deviceSends(line("K3", "2", "\"text\":\"HELLO\""));
            h.deviceSends(line("K2", "3", ""));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "K0", "999"));
            assertThat(answer(h.deviceReceives())).isEqualTo("K0 1 999");
            assertThat(reason(h.deviceReceives())).startsWith("K3 [2] dropped: the ECR refused the console");
            assertThat(reason(h.deviceReceives())).startsWith("K2 [3] dropped");
            h.sync();
        }
    }

    @Test
    void unansweredInteractionEndsTheConsoleWithFrobsOwnK2() throws IOException {
        try (var h = EmbeddedSession.withDevice(SHORT)) {
            h.deviceSends(line("K1", "1", ""));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "K0", "0"));
            h.deviceReceives();
            h.deviceSends(line("K7", "2", "\"prompt\":\"PIN\",\"min_length\":\"4\",\"max_length\":\"4\",\"masked\":\"1\""));
            assertThat(h.ecrReceives().type()).isEqualTo("K7");
            h.advance(Duration.ofMillis(300));
            assertThat(reason(h.deviceReceives())).startsWith("K7 [2]: no K0 from the ECR within");
            Packet k2 = h.ecrReceives();
            assertThat(k2.type()).isEqualTo("K2");
            h.ecrSends(Packet.of(k2.token(), "K0", "0"));
            h.sync();
            assertThat(h.devicePending()).as("frob's own K2 is answered to nobody").isEmpty();
        }
    }

    @Test
    void deviceChannelEndingWithTheConsoleOpenMakesFrobEndItWithK2() {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("K1", "1", ""));
            h.ecrSends(Packet.of(h.ecrReceives().token(), "K0", "0"));
            h.deviceCloses();
            Packet k2 = h.ecrReceives();
            assertThat(k2.fields()).containsExactly("terminal software gone");
        }
    }

    @Test
    void answerToNothingFrobAskedIsIgnored() {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.ecrSends(Packet.of("2799", "D0", "0"));
            h.ecrSends(Packet.of("279A", "K0", "0"));
            h.sync();
            assertThat(h.devicePending()).isEmpty();
        }
    }

    @Test
    void eventFromTheTerminalSoftwareGoesToTheEcrAndToStorage() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("M1", "", "\"event\":\"12\",\"text\":\"PAPER LOW\""));
            Packet m1 = h.ecrReceives();
            assertThat(m1.fields()).containsExactly("12", "PAPER LOW");
            JsonNode stored = JSON.readTree(h.storageReceives());
            assertThat(stored.path("type").asText()).isEqualTo("M1");
            assertThat(stored.path("token").asText()).isEqualTo(m1.token());
        }
    }

    @Test
    void unavailableTerminalSoftwareMakesFrobAnswerNewSales994UntilItIsBack() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("L1", "", "\"seconds\":\"600\",\"reason\":\"END OF DAY\""));
            assertThat(h.ecrReceives().fields()).containsExactly("600", "END OF DAY");
            h.ecrSends(SALE);
            Packet s2 = h.ecrReceives();
            assertThat(Messages.named(s2)).containsEntry("result", "994");
            assertThat(Messages.named(s2).get("message")).matches("terminal unavailable for (600|599) s: END OF DAY");
            h.deviceSends(line("L1", "", "\"seconds\":\"0\""));
            h.ecrReceives();
            h.ecrSends(Packet.of("2A32", "S1", "S", "KASA-01", "PAR/2", "100", "100", "0", "PLN", "0"));
            assertThat(h.paymentReceives()).contains("\"token\":\"2A32\"");
        }
    }

    @Test
    void unavailableEcrIsPassedToTheTerminalSoftware() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.ecrSends(Packet.of("2760", "L1", "30", "CASH UP"));
            JsonNode onPayment = JSON.readTree(h.paymentReceives());
            assertThat(onPayment.path("type").asText()).isEqualTo("L1");
            assertThat(onPayment.path("fields").path("seconds").asText()).isEqualTo("30");
            assertThat(JSON.readTree(h.deviceReceives()).path("fields").path("reason").asText()).isEqualTo("CASH UP");
        }
    }

    @Test
    void unicodeReceiptLinesReachTheEcrInItsCharsetAndTextItCannotPrintIsRefused() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends(line("D6", "1", "\"attributes\":\"\",\"lines\":[\"Søren\"]"));
            assertThat(reason(h.deviceReceives())).isEqualTo("field 'lines': character 'ø' (U+00F8) has no windows-1250 byte and no ASCII fallback");
            h.deviceSends(line("D2", "2", "\"title\":\"RECEIPT\""));
            h.deviceSends(line("D6", "3", "\"attributes\":\"\",\"lines\":[\"Dziękujemy, Łódź\",\"Señor\"]"));
            Packet d2 = h.ecrReceives();
            h.ecrSends(Packet.of(d2.token(), "D0", "0"));
            Packet d6 = h.ecrReceives();
            assertThat(d6.fields().get(1)).isEqualTo("Dzi\u00eakujemy, \u00a3\u00f3d\u009f" + US + "Senor" + US);
        }
    }

    @Test
    void badInputOnTheDeviceChannelIsAnsweredWithAnErrorAndTheSessionGoesOn() throws IOException {
        try (var h = EmbeddedSession.withDevice(CONFIG)) {
            h.deviceSends("{not json");
            assertThat(reason(h.deviceReceives())).startsWith("not JSON");
            h.deviceSends(line("Z9", "1", ""));
            assertThat(reason(h.deviceReceives())).contains("type 'Z9' is not taken here");
            h.deviceSends(line("K4", "2", ""));
            assertThat(reason(h.deviceReceives())).isEqualTo("K4: text must not be empty");
            h.deviceSends(line("D6", "3", "\"lines\":[\"A\"],\"colour\":\"red\""));
            assertThat(reason(h.deviceReceives())).isEqualTo("D6 has no field 'colour'");
            h.deviceSends("{\"channel\":\"device\",\"session\":\"" + SESSION + "\"}");
            assertThat(reason(h.deviceReceives())).isEqualTo("'type' is missing");
            h.deviceSends("{\"session\":\"" + SESSION + "\",\"type\":\"D1\",\"fields\":{\"x\":\"" + "x".repeat(70_000) + "\"}}");
            assertThat(reason(h.deviceReceives())).isEqualTo("line longer than 65536 characters skipped");
            h.deviceSends("{\"channel\":\"device\",\"session\":\"other\",\"type\":\"D1\"}");
            assertThat(reason(h.deviceReceives())).contains("session 'other' is not this session");
            h.deviceSends(line("D6", "4", "\"lines\":[\"A\"]"));
            assertThat(reason(h.deviceReceives())).as("a line without a printout").startsWith("D6 from EFT out of order");
            h.sync();
            h.deviceSends(line("D1", "5", ""));
            Packet d1 = h.ecrReceives();
            h.ecrSends(Packet.of(d1.token(), "D0", "0", "ready"));
            assertThat(answer(h.deviceReceives())).isEqualTo("D0 5 0");
        }
    }

    private static String line(String type, String token, String fields) {
        return "{\"channel\":\"device\",\"session\":\"" + SESSION + "\",\"type\":\"" + type + "\""
                + (token.isEmpty() ? "" : ",\"token\":\"" + token + "\"") + ",\"fields\":{" + fields + "}}";
    }

    /** "TYPE TOKEN RESULT" of an answer line. */
    private static String answer(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        return n.path("type").asText() + " " + n.path("token").asText() + " " + n.path("fields").path("result").asText();
    }

    private static String reason(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        assertThat(n.path("type").asText()).as(json).isEqualTo("error");
        return n.path("fields").path("reason").asText();
    }
}
