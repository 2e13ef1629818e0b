package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.AmountsResp;
import tillbridge.nexo.model.Nexo.CardData;
import tillbridge.nexo.model.Nexo.MessageHeader;
import tillbridge.nexo.model.Nexo.POIData;
import tillbridge.nexo.model.Nexo.PaymentAcquirerData;
import tillbridge.nexo.model.Nexo.PaymentInstrumentData;
import tillbridge.nexo.model.Nexo.PaymentResponse;
import tillbridge.nexo.model.Nexo.PaymentResult;
import tillbridge.nexo.model.Nexo.RepeatedMessageResponse;
import tillbridge.nexo.model.Nexo.RepeatedResponseMessageBody;
import tillbridge.nexo.model.Nexo.Response;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.Nexo.TransactionIdentification;
import tillbridge.nexo.model.Nexo.TransactionStatusResponse;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.model.NexoJson;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

class MappingTest {
    static final Instant NOW = Instant.parse("2025-05-01T10:00:00.123Z");
    static final Sale.Start S1 = new Sale.Start("S", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 500, OptionalLong.empty());
    static final Mapping.Ids IDS = new Mapping.Ids("00ABCDEF12", "KASA-01", "POI-7");

    @Test
    void saleBecomesAPaymentRequest() {
        SaleToPOIRequest r = Mapping.payment(S1, IDS, NOW);
        assertThat(r.header()).isEqualTo(new MessageHeader("3.0", "Service", "Payment", "Request", "00ABCDEF12", "KASA-01", "POI-7"));
        assertThat(r.payment().saleData().saleTransactionId()).isEqualTo(new TransactionIdentification("PAR/1", "2025-05-01T10:00:00.123Z"));
        var a = r.payment().paymentTransaction().amountsReq();
        assertThat(a.currency()).isEqualTo("PLN");
        assertThat(a.requestedAmount()).hasToString("123.45");
        assertThat(a.cashBackAmount()).hasToString("5.00");
        assertThat(NexoJson.write(new Nexo.RequestEnvelope(r))).isEqualTo("{\"SaleToPOIRequest\":{\"MessageHeader\":{\"ProtocolVersion\":\"3.0\","
                + "\"MessageClass\":\"Service\",\"MessageCategory\":\"Payment\",\"MessageType\":\"Request\",\"ServiceID\":\"00ABCDEF12\","
                + "\"SaleID\":\"KASA-01\",\"POIID\":\"POI-7\"},\"PaymentRequest\":{\"SaleData\":{\"SaleTransactionID\":{\"TransactionID\":\"PAR/1\","
                + "\"TimeStamp\":\"2025-05-01T10:00:00.123Z\"}},\"PaymentTransaction\":{\"AmountsReq\":{\"Currency\":\"PLN\","
                + "\"RequestedAmount\":123.45,\"CashBackAmount\":5.00}}}}}");
    }

    @Test
    void noCashbackMeansNoCashBackAmount() {
        var s1 = new Sale.Start("S", "KASA-01", "PAR/2", 1200, 1200, 0, "PLN", 0, OptionalLong.empty());
        assertThat(Mapping.payment(s1, IDS, NOW).payment().paymentTransaction().amountsReq().cashBackAmount()).isNull();
    }

    @Test
    void abortRefersToThePaymentsServiceId() {
        SaleToPOIRequest r = Mapping.abort(IDS, "00ABCDEF13");
        assertThat(r.header()).isEqualTo(new MessageHeader("3.0", "Service", "Abort", "Request", "00ABCDEF13", "KASA-01", "POI-7"));
        assertThat(r.abort().messageReference()).isEqualTo(new Nexo.MessageReference("Payment", "00ABCDEF12", "KASA-01", "POI-7"));
        assertThat(r.abort().abortReason()).isEqualTo("MerchantAbort");
    }

    @Test
    void statusQueryBecomesATransactionStatusRequestForTheRecordedServiceId() {
        SaleToPOIRequest r = Mapping.transactionStatus(IDS, "00ABCDEF14");
        assertThat(r.header().messageCategory()).isEqualTo("TransactionStatus");
        assertThat(r.header().serviceId()).isEqualTo("00ABCDEF14");
        assertThat(r.transactionStatus().messageReference()).isEqualTo(new Nexo.MessageReference("Payment", "00ABCDEF12", "KASA-01", "POI-7"));
    }

    @Test
    void appStartIsALoginAndSessionEndALogout() {
        SaleToPOIRequest in = Mapping.login(IDS, NOW);
        assertThat(in.header().messageCategory()).isEqualTo("Login");
        assertThat(in.login().dateTime()).isEqualTo("2025-05-01T10:00:00.123Z");
        assertThat(in.login().saleSoftware().applicationName()).isEqualTo("nexo-proxy");
        assertThat(in.login().operatorLanguage()).isEqualTo("en");
        SaleToPOIRequest out = Mapping.logout(IDS);
        assertThat(out.header().messageCategory()).isEqualTo("Logout");
        assertThat(out.logout().maintenanceAllowed()).isTrue();
    }

    @Test
    void serviceIdsAreTenCharactersAndUnique() {
        ServiceIds ids = new ServiceIds();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) assertThat(seen.add(ids.next())).isTrue();
        assertThat(seen).allMatch(s -> s.matches("[0-9A-Z]{10}"));
        ServiceIds wrapping = new ServiceIds(3_656_158_440_062_975L);
        assertThat(wrapping.next()).isEqualTo("ZZZZZZZZZZ");
        assertThat(wrapping.next()).isEqualTo("0000000000");
    }

    static PaymentResponse approved() {
        return new PaymentResponse(Response.success(), null, new POIData(new TransactionIdentification("1234567.ABCDEFGHIJKLMNOP", "2025-05-01T10:00:01.000Z")),
                new PaymentResult(new PaymentInstrumentData(new CardData("visa", "411111******1111")),
                        new AmountsResp("PLN", new BigDecimal("123.45"), new BigDecimal("5.00")),
                        new PaymentAcquirerData("ACQ1", "M0001", "AB12CD")));
    }

    static final MessageHeader RESPONSE = new MessageHeader("3.0", "Service", "Payment", "Response", "00ABCDEF12", "KASA-01", "POI-7");

    @Test
    void approvedPaymentResponseBecomesAnApprovedS2() throws NexoException {
        Sale.End e = Mapping.saleEnd(approved(), RESPONSE, S1, "CONFIGURED");
        assertThat(e.result()).hasValue(0);
        assertThat(e.transactionId()).isEqualTo("567.ABCDEFGHIJKLMNOP"); // the last 20 characters
        assertThat(e.maskedPan()).isEqualTo("411111******1111");
        assertThat(e.authCode()).isEqualTo("AB12CD");
        assertThat(e.mid()).isEqualTo("M0001");
        assertThat(e.tid()).isEqualTo("POI-7");
        assertThat(e.method()).isEqualTo("visa");
        assertThat(e.amount()).hasValue(12345);
        assertThat(e.cashback()).hasValue(500);
        assertThat(e.message()).isEqualTo("approved");
        assertThat(e.cardToken()).isEmpty();
        Messages.encode("2710", e); // fits the S2 schema
    }

    @Test
    void missingPiecesFallBackToTheRequestAndTheConfiguration() throws NexoException {
        var p = new PaymentResponse(Response.success(), null, null, new PaymentResult(null, null, new PaymentAcquirerData("ACQ1", null, null)));
        Sale.End e = Mapping.saleEnd(p, new MessageHeader("3.0", "Service", "Payment", "Response", "X", "K", null), S1, "CONFIGURED");
        assertThat(e.mid()).isEqualTo("ACQ1");
        assertThat(e.tid()).isEqualTo("CONFIGURED");
        assertThat(e.amount()).hasValue(12345);
        assertThat(e.maskedPan()).isEmpty();
    }

    @Test
    void failuresBecomeDeclinesCancellationsOrErrors() throws NexoException {
        assertThat(code("Refusal")).isEqualTo(5);
        assertThat(code(null)).isEqualTo(5);
        assertThat(code("WrongPIN")).isEqualTo(55);
        assertThat(code("InvalidCard")).isEqualTo(14);
        assertThat(code("PaymentRestriction")).isEqualTo(57);
        assertThat(code("NotAllowed")).isEqualTo(58);
        assertThat(code("UnreachableHost")).isEqualTo(91);
        assertThat(code("Aborted")).isEqualTo(17);
        assertThat(code("Cancel")).isEqualTo(17);
        assertThat(code("Busy")).isEqualTo(993);
        assertThat(code("InProgress")).isEqualTo(993);
        assertThat(code("LoggedOut")).isEqualTo(994);
        assertThat(code("UnavailableService")).isEqualTo(994);
        assertThat(code("MessageFormat")).isEqualTo(999);
        assertThat(code("SomethingNew")).isEqualTo(5);
        var p = new PaymentResponse(Response.failure("Refusal", "message=insufficient%20funds&refusalReason=Not%20enough%20balance"), null, null,
                new PaymentResult(new PaymentInstrumentData(new CardData("visa", "4111111111111111")), new AmountsResp("PLN", new BigDecimal("123.45"), null), null));
        Sale.End e = Mapping.saleEnd(p, RESPONSE, S1, "C");
        assertThat(e.message()).isEqualTo("declined (Refusal): insufficient funds");
        assertThat(e.amount()).hasValue(0);
        assertThat(e.maskedPan()).isEqualTo("411111******1111"); // a POI that sends a bare number still gets masked
    }

    private static int code(String errorCondition) {
        return Mapping.resultCode(Response.failure(errorCondition, null));
    }

    @Test
    void partialApprovalReportsTheAuthorisedAmount() throws NexoException {
        var p = new PaymentResponse(new Response("Partial", null, null), null, null,
                new PaymentResult(null, new AmountsResp("PLN", new BigDecimal("100.00"), null), null));
        Sale.End e = Mapping.saleEnd(p, RESPONSE, S1, "C");
        assertThat(e.result()).hasValue(0);
        assertThat(e.amount()).hasValue(10000);
        assertThat(e.message()).isEqualTo("partially approved");
    }

    @Test
    void anAnswerThatCannotBeConvertedIsAnError() {
        var odd = new PaymentResponse(Response.success(), null, null, new PaymentResult(null, new AmountsResp("PLN", new BigDecimal("1.001"), null), null));
        assertThatThrownBy(() -> Mapping.saleEnd(odd, RESPONSE, S1, "C")).hasMessageContaining("decimals");
        var currency = new PaymentResponse(Response.success(), null, null, new PaymentResult(null, new AmountsResp("EUR", BigDecimal.ONE, null), null));
        assertThatThrownBy(() -> Mapping.saleEnd(currency, RESPONSE, S1, "C")).hasMessageContaining("EUR");
        assertThatThrownBy(() -> Mapping.saleEnd(new PaymentResponse(null, null, null, null), RESPONSE, S1, "C")).isInstanceOf(NexoException.class);
    }

    @Test
    void responsesMustAnswerTheirRequest() throws NexoException {
        MessageHeader req = Mapping.payment(S1, IDS, NOW).header();
        SaleToPOIResponse ok = SaleToPOIResponse.payment(req.response(), approved());
        assertThat(Mapping.matching(ok, req)).isSameAs(ok);
        assertThatThrownBy(() -> Mapping.matching(SaleToPOIResponse.payment(
                new MessageHeader("3.0", "Service", "Payment", "Response", "OTHER", "KASA-01", "POI-7"), approved()), req)).hasMessageContaining("ServiceID OTHER");
        assertThatThrownBy(() -> Mapping.matching(SaleToPOIResponse.payment(
                new MessageHeader("3.0", "Service", "Login", "Response", "00ABCDEF12", "KASA-01", "POI-7"), approved()), req)).hasMessageContaining("MessageCategory Login");
        assertThatThrownBy(() -> Mapping.matching(SaleToPOIResponse.payment(req, approved()), req)).hasMessageContaining("MessageType Request");
    }

    @Test
    void transactionStatusGivesTheOriginalOutcome() throws NexoException {
        var q = new Sale.Start("C", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 500, OptionalLong.empty());
        var ok = new TransactionStatusResponse(Response.success(), null, new RepeatedMessageResponse(RESPONSE, new RepeatedResponseMessageBody(approved())));
        Sale.End e = Mapping.statusEnd(ok, IDS, q, "C");
        assertThat(e.result()).hasValue(0);
        assertThat(e.maskedPan()).isEqualTo("411111******1111");
        assertThat(e.authCode()).isEqualTo("AB12CD");
        assertThat(Mapping.statusEnd(new TransactionStatusResponse(Response.failure("InProgress", null), null, null), IDS, q, "C").result()).hasValue(993);
        assertThat(Mapping.statusEnd(new TransactionStatusResponse(Response.failure("NotFound", null), null, null), IDS, q, "C").result()).hasValue(996);
        assertThat(Mapping.statusEnd(new TransactionStatusResponse(Response.failure("LoggedOut", null), null, null), IDS, q, "C").result()).hasValue(994);
        // a status that cannot be told is never turned into a decline
        assertThat(Mapping.statusEnd(new TransactionStatusResponse(Response.failure("Refusal", null), null, null), IDS, q, "C").result()).hasValue(995);
        var other = new TransactionStatusResponse(Response.success(), null, new RepeatedMessageResponse(
                new MessageHeader("3.0", "Service", "Payment", "Response", "ELSEWHERE", "KASA-01", "POI-7"), new RepeatedResponseMessageBody(approved())));
        assertThatThrownBy(() -> Mapping.statusEnd(other, IDS, q, "C")).hasMessageContaining("ELSEWHERE");
        assertThatThrownBy(() -> Mapping.statusEnd(new TransactionStatusResponse(Response.success(), null, null), IDS, q, "C")).isInstanceOf(NexoException.class);
    }

    @Test
    void loginResponseBecomesA2() throws NexoException {
        assertThat(Mapping.appAck(new Nexo.LoginResponse(Response.success()), "POI-7")).isEqualTo(new App.Ack(0, "logged in to POI POI-7"));
        assertThat(Mapping.appAck(new Nexo.LoginResponse(Response.failure("Busy", null)), "P").result()).isEqualTo(993);
        assertThat(Mapping.appAck(new Nexo.LoginResponse(Response.failure("NotAllowed", "message=no")), "P"))
                .isEqualTo(new App.Ack(999, "login refused: declined (NotAllowed): no"));
    }

    @Test
    void textForS2IsPrintableMaskedAndShort() {
        assertThat(Text.fit("caf\u00e9 4111111111111111", 80)).isEqualTo("caf? 411111******1111");
        assertThat(Text.fit("x".repeat(100), 80)).hasSize(80).endsWith("...");
        assertThat(Text.tail("ABC", 20)).isEqualTo("ABC");
        assertThat(Text.maskedPan("4111 11** **** 1111")).isEqualTo("411111******1111");
        assertThat(Text.maskedPan("41111111111111111111111")).isEmpty();
        assertThat(Text.maskedPan("4111111111111111")).isEqualTo("411111******1111");
        assertThat(Text.maskedPan("<script>")).isEmpty();
        assertThat(Mapping.detail("plain words")).isEqualTo("plain words");
        assertThat(Mapping.detail("a=b&errors=bad%20PIN")).isEqualTo("bad PIN");
        assertThat(List.of(Mapping.detail(null), Mapping.detail("x=1"))).containsOnly("");
    }
}
