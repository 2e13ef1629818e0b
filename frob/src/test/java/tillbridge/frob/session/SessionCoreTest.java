package tillbridge.frob.session;

import static org.assertj.core.api.Assertions.assertThat;
import static tillbridge.frob.session.EmbeddedSession.SESSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.frob.channel.ChannelName;
import tillbridge.frob.config.ConfigFile;
import tillbridge.frob.config.FrobConfig;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Messages;

/** The session's rules (local answers, the payment flow, timeouts) on a virtual clock. */
class SessionCoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrobConfig CONFIG = FrobConfig.DEFAULTS;
    private static final Packet SALE = Packet.of("2A31", "S1", "S", "KASA-01", "PAR/1", "12345", "10037", "2308", "PLN", "0");
    private static final String US = "\u001f";

    @Test
    void answersT3WithTheSupportedVersions() {
        try (var h = EmbeddedSession.withoutPayment(CONFIG)) {
            h.ecrSends(Packet.of("2712", "T3"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2712", "T4", "160" + US + "170" + US));
        }
    }

    @Test
    void answersT4WithTheHighestCommonVersion() {
        try (var h = EmbeddedSession.withoutPayment(CONFIG)) {
            h.ecrSends(Packet.of("2713", "T4", "150" + US + "160" + US + "170" + US + "180" + US));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2713", "T5", "170"));
        }
    }

    @Test
    void answersT4WithNoCommonVersionWithItsLowest() {
        try (var h = EmbeddedSession.withoutPayment(CONFIG)) {
            h.ecrSends(Packet.of("2713", "T4", "150" + US));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2713", "T5", "160"));
        }
    }

    @Test
    void answersAT4WithoutAVersionListWithItsLowest() {
        try (var h = EmbeddedSession.withoutPayment(CONFIG)) {
            h.ecrSends(Packet.of("2713", "T4"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2713", "T5", "160"));
        }
    }

    @Test
    void answersD4WithTheConfiguredDeviceParameters(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("frob.json"), "{\"device_params\": {\"display_lc\": 8, \"topology\": 1, \"bar\": true}}");
        try (var h = EmbeddedSession.withoutPayment(ConfigFile.read(file, CONFIG))) {
            h.ecrSends(Packet.of("2745", "D4"));
            Packet d5 = h.ecrReceives();
            assertThat(d5.token()).isEqualTo("2745");
            assertThat(d5.fields()).hasSize(22);
            assertThat(Messages.named(d5)).containsEntry("display_lc", "8").containsEntry("topology", "1")
                    .containsEntry("bar", "1").containsEntry("display_cpl", "16").containsEntry("printer_cpl", "");
        }
    }

    @Test
    void answersPrintAndConsoleRequestsFromTheEcrWithNotSupported() {
        try (var h = EmbeddedSession.withoutPayment(CONFIG)) {
            h.ecrSends(Packet.of("2714", "K1"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2714", "K0", "999"));
            h.ecrSends(Packet.of("2716", "D2"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2716", "D0", "999", "not supported"));
        }
    }

    @Test
    void saleWithNoPaymentChannelIsAnswered994AtOnce() {
        try (var h = EmbeddedSession.withoutPayment(CONFIG)) {
            h.ecrSends(SALE);
            Packet s2 = h.ecrReceives();
            assertThat(s2.token()).isEqualTo("2A31");
            assertThat(Messages.named(s2)).containsEntry("result", "994").containsEntry("message", "payment application not available");
        }
    }

    @Test
    void invalidSaleIsAnswered999NamingTheProblem() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(Packet.of("2A31", "S1", "S", "KASA-01", "PAR/1", "12345", "10037", "2308", "pln", "0"));
            Packet s2 = h.ecrReceives();
            assertThat(s2.token()).isEqualTo("2A31");
            assertThat(Messages.named(s2)).containsEntry("result", "999");
            assertThat(Messages.named(s2).get("message")).isEqualTo("invalid S1: currency must be 3 capital letters (ISO 4217), was pln");
            h.sync();
            assertThat(h.paymentPending()).isEmpty();
        }
    }

    @Test
    void relaysI1WithAFreshTokenAndS2WithTheSaleToken() throws IOException {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.storageReceives();
            h.paymentSends(line("I1", "", "\"status\":\"20\",\"message\":\"insert card\""));
            Packet i1 = h.ecrReceives();
            assertThat(i1.fields()).containsExactly("20", "insert card");
            assertThat(Integer.parseInt(i1.token(), 16)).isBetween(0x4E20, 0x752F);
            h.paymentSends(line("S2", "", "\"result\":\"0\",\"card_token\":\"\",\"mid\":\"M1\",\"tid\":\"T1\",\"transaction_id\":\"X1\",\"amount\":\"12345\""));
            Packet s2 = h.ecrReceives();
            assertThat(s2).as("the S2 names the S1 it answers")
                    .isEqualTo(Packet.of("2A31", "S2", "0", "", "M1", "T1", "X1", "12345", "", "", "", "", "", "PAR/1", "KASA-01"));
            assertThat(JSON.readTree(h.storageReceives()).path("type").asText()).isEqualTo("S2");
        }
    }

    @Test
    void secondSaleWhileOneIsOpenIsAnsweredBusyWithItsOwnToken() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.ecrSends(Packet.of("2A32", "S1", "S", "KASA-02", "PAR/2", "100", "81", "19", "PLN", "0"));
            Packet busy = h.ecrReceives();
            assertThat(busy.token()).isEqualTo("2A32");
            assertThat(Messages.named(busy)).containsEntry("result", "993");
            h.sync();
            assertThat(h.paymentPending()).isEmpty();
        }
    }

    @Test
    void repeatedSaleFrameIsAcknowledgedButForwardedOnce() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.ecrSends(SALE);
            h.sync();
            assertThat(h.ecrWire()).containsExactly("ACK", "ACK", "ACK", "T2");
            assertThat(h.paymentReceives()).contains("\"token\":\"2A31\"");
            assertThat(h.paymentPending()).isEmpty();
        }
    }

    @Test
    void abortIsForwardedOnlyWhileASaleIsOpen() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(Packet.of("2A30", "P1"));
            h.sync();
            assertThat(h.paymentPending()).isEmpty();
            h.ecrSends(SALE);
            h.paymentReceives();
            h.ecrSends(Packet.of("2A32", "P1"));
            assertThat(h.paymentReceives()).contains("\"type\":\"P1\"", "\"token\":\"2A32\"");
        }
    }

    @Test
    void anS2ThatDoesNotAnswerTheOpenS1IsRefusedAndTheSaleStaysOpen() throws IOException {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.storageReceives();
            h.paymentSends(line("S2", "", "\"result\":\"0\",\"card_token\":\"\",\"mid\":\"M1\",\"tid\":\"T1\",\"transaction_id\":\"X1\",\"amount\":\"1200\""));
            assertThat(JSON.readTree(h.paymentReceives()).path("fields").path("reason").asText()).contains("amount 1200", "12345");
            h.paymentSends(line("S2", "", "\"result\":\"0\",\"card_token\":\"\",\"mid\":\"M1\",\"tid\":\"T1\",\"transaction_id\":\"X1\",\"payment_id\":\"PAR/0\""));
            assertThat(JSON.readTree(h.paymentReceives()).path("fields").path("reason").asText()).contains("payment id 'PAR/0'");

            h.paymentSends(line("S2", "", "\"result\":\"0\",\"card_token\":\"\",\"mid\":\"M1\",\"tid\":\"T1\",\"transaction_id\":\"X1\",\"amount\":\"12345\""));
            assertThat(h.ecrReceives().fields()).startsWith("0", "", "M1", "T1", "X1", "12345");
        }
    }

    @Test
    void aRestartedEcrsNewSaleWithAnOldTokenIsANewSaleNotTheOldAnswer() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.paymentSends(line("S2", "", "\"result\":\"0\",\"card_token\":\"\",\"mid\":\"M1\",\"tid\":\"T1\",\"transaction_id\":\"X1\",\"amount\":\"12345\""));
            assertThat(h.ecrReceives().type()).isEqualTo("S2");

            h.ecrSends(Packet.of("2A31", "S1", "S", "KASA-01", "PAR/2", "1251", "1251", "0", "PLN", "0"));

            assertThat(h.paymentReceives()).contains("\"payment_id\":\"PAR/2\"", "\"gross\":1251");
        }
    }

    @Test
    void applicationStartIsForwardedAndItsA2Relayed() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(Packet.of("2A50", "A1"));
            assertThat(h.paymentReceives()).contains("\"type\":\"A1\"");
            h.paymentSends(line("A2", "", "\"result\":\"0\",\"message\":\"started\""));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2A50", "A2", "0", "started"));
        }
    }

    @Test
    void statusQueryIsForwardedDuringASaleAndEachS2GoesToItsOwnRequest() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.ecrSends(Packet.of("2A40", "S1", "C", "KASA-01", "PAR/0", "0", "0", "0", "PLN", "0"));
            assertThat(h.paymentReceives()).contains("\"token\":\"2A40\"", "\"kind\":\"C\"");
            h.paymentSends(line("S2", "2a40", "\"result\":\"0\""));
            assertThat(h.ecrReceives().token()).isEqualTo("2A40");
            h.paymentSends(line("S2", "", "\"result\":\"17\""));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2A31", "S2", "17", "", "", "", "", "", "", "", "", "", "", "PAR/1", "KASA-01"));
            h.ecrSends(Packet.of("2A41", "S1", "S", "KASA-01", "PAR/2", "100", "81", "19", "PLN", "0"));
            assertThat(h.paymentReceives()).contains("\"token\":\"2A41\"");
        }
    }

    @Test
    void malformedChannelJsonIsAnsweredWithAnErrorAndTheSessionGoesOn() throws IOException {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.paymentSends("{not json");
            JsonNode error = JSON.readTree(h.paymentReceives());
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("session").asText()).isEqualTo(SESSION);
            assertThat(error.path("fields").path("reason").asText()).startsWith("not JSON");
            h.paymentSends(line("S2", "2A31", "\"result\":\"0\",\"colour\":\"red\""));
            assertThat(JSON.readTree(h.paymentReceives()).path("fields").path("reason").asText()).contains("no field 'colour'");
            h.paymentSends(line("S2", "2A31", "\"result\":\"0\""));
            assertThat(h.ecrReceives().type()).isEqualTo("S2");
        }
    }

    @Test
    void answersFromTheChannelWithNoOpenRequestAreRefused() throws IOException {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.paymentSends(line("S2", "", "\"result\":\"0\""));
            assertThat(JSON.readTree(h.paymentReceives()).path("fields").path("reason").asText()).isEqualTo("S2 answers no open S1");
            h.paymentSends(line("T2", "1", "\"version\":\"170\""));
            assertThat(JSON.readTree(h.paymentReceives()).path("fields").path("reason").asText()).contains("'T2' is not taken");
            h.sync();
        }
    }

    @Test
    void silentPaymentApplicationIsAnswered995WhenThePaymentTimeoutEndsAndNotBefore() {
        try (var h = EmbeddedSession.withPayment(CONFIG.withPaymentTimeout(Duration.ofMillis(300)))) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.advance(Duration.ofMillis(299));
            assertThat(h.ecrPending()).isEmpty();
            h.advance(Duration.ofMillis(1));
            Packet s2 = h.ecrReceives();
            assertThat(s2.token()).isEqualTo("2A31");
            assertThat(Messages.named(s2)).containsEntry("result", "995");
        }
    }

    @Test
    void aLineFromThePaymentApplicationRestartsThePaymentTimeout() {
        try (var h = EmbeddedSession.withPayment(CONFIG.withPaymentTimeout(Duration.ofMillis(300)))) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.advance(Duration.ofMillis(200));
            h.paymentSends(line("I1", "", "\"status\":\"20\",\"message\":\"insert card\""));
            assertThat(h.ecrReceives().type()).isEqualTo("I1");
            h.advance(Duration.ofMillis(299));
            assertThat(h.ecrPending()).isEmpty();
            h.advance(Duration.ofMillis(1));
            assertThat(Messages.named(h.ecrReceives())).containsEntry("result", "995");
        }
    }

    @Test
    void aSaleWhoseS1CannotBeWrittenIsAnswered994AndTheNextToo() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.failWrites(ChannelName.PAYMENT);
            h.ecrSends(SALE);
            Packet s2 = h.ecrReceives();
            assertThat(s2.token()).isEqualTo("2A31");
            assertThat(Messages.named(s2)).containsEntry("result", "994");
            h.ecrSends(Packet.of("2A32", "S1", "S", "KASA-01", "PAR/2", "100", "81", "19", "PLN", "0"));
            assertThat(Messages.named(h.ecrReceives())).as("the channel is lost").containsEntry("result", "994");
        }
    }

    @Test
    void aWriteThatFailsAfterTheSaleWasForwardedIsAnswered995() {
        try (var h = EmbeddedSession.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.failWrites(ChannelName.PAYMENT);
            h.ecrSends(Packet.of("2A32", "P1"));
            assertThat(Messages.named(h.ecrReceives())).as("the payment application may have the sale").containsEntry("result", "995");
        }
    }

    private static String line(String type, String token, String fields) {
        return "{\"channel\":\"payment\",\"session\":\"" + SESSION + "\",\"type\":\"" + type + "\""
                + (token.isEmpty() ? "" : ",\"token\":\"" + token + "\"") + ",\"fields\":{" + fields + "}}";
    }
}
