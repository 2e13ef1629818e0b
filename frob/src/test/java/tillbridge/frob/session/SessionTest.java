package tillbridge.frob.session;

import static org.assertj.core.api.Assertions.assertThat;
import static tillbridge.frob.session.SessionHarness.SESSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import tillbridge.common.io.Exit;
import tillbridge.frob.config.FrobConfig;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.Messages;

/** The runner, {@link Session}, on real streams and threads: one write for ACK and answer, failed writes, the end of the session. */
class SessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrobConfig CONFIG = FrobConfig.DEFAULTS;
    private static final Packet SALE = Packet.of("2A31", "S1", "S", "KASA-01", "PAR/1", "12345", "10037", "2308", "PLN", "0");
    private static final String US = "\u001f";

    @Test
    void answersT1WithAckThenT2FromTheConfig() {
        try (var h = SessionHarness.withoutPayment(CONFIG)) {
            h.ecrSends(Packet.of("2711", "T1"));
            assertThat(h.ecrReceives()).isEqualTo(Packet.of("2711", "T2", "170", "tillbridge", "frob", "1"));
            assertThat(h.ecrWire()).containsExactly("ACK", "T2");
        }
    }

    @Test
    void saleThatCannotBeWrittenToThePaymentChannelIsAnswered994() {
        try (var h = SessionHarness.withUnwritablePayment(CONFIG)) {
            h.ecrSends(SALE);
            assertThat(Messages.named(h.ecrReceives())).containsEntry("result", "994");
            assertThat(h.storageReceives()).as("the S2 is stored, the S1 was not forwarded").contains("\"type\":\"S2\"");
        }
    }

    @Test
    void forwardsSaleToThePaymentChannelAsTheDocumentedJson() throws IOException {
        try (var h = SessionHarness.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            JsonNode s1 = JSON.readTree(h.paymentReceives());
            assertThat(s1).isEqualTo(JSON.readTree("""
                    {"channel":"payment","session":"t-1","type":"S1","token":"2A31","fields":{"kind":"S","ecr_id":"KASA-01",\
                    "payment_id":"PAR/1","gross":12345,"net":10037,"vat":2308,"currency":"PLN","cashback":0}}"""));
            assertThat(JSON.readTree(h.storageReceives())).isEqualTo(((ObjectNode) s1.deepCopy()).put("channel", "storage"));
        }
    }

    @Test
    void paymentChannelEndAfterSaleIsAnswered995() {
        try (var h = SessionHarness.withPayment(CONFIG)) {
            h.ecrSends(SALE);
            h.paymentReceives();
            h.paymentCloses();
            Packet s2 = h.ecrReceives();
            assertThat(s2.token()).isEqualTo("2A31");
            assertThat(Messages.named(s2)).containsEntry("result", "995");
            h.ecrSends(Packet.of("2A32", "S1", "S", "KASA-01", "PAR/2", "100", "81", "19", "PLN", "0"));
            assertThat(Messages.named(h.ecrReceives())).containsEntry("result", "994");
        }
    }

    @Test
    void endOfEcrInputSendsClosedOnThePaymentChannelAndExitsOk() throws IOException {
        try (var h = SessionHarness.withPayment(CONFIG)) {
            h.ecrCloses();
            assertThat(h.exit()).isEqualTo(Exit.OK);
            JsonNode closed = JSON.readTree(h.paymentReceives());
            assertThat(closed.path("type").asText()).isEqualTo("closed");
            assertThat(closed.path("session").asText()).isEqualTo(SESSION);
        }
    }

    private static String line(String type, String token, String fields) {
        return "{\"channel\":\"payment\",\"session\":\"" + SESSION + "\",\"type\":\"" + type + "\""
                + (token.isEmpty() ? "" : ",\"token\":\"" + token + "\"") + ",\"fields\":{" + fields + "}}";
    }
}
