package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;

import com.adyen.model.nexo.AmountsResp;
import com.adyen.model.nexo.CardData;
import com.adyen.model.nexo.CharacterStyleType;
import com.adyen.model.nexo.DeviceType;
import com.adyen.model.nexo.DisplayOutput;
import com.adyen.model.nexo.DisplayRequest;
import com.adyen.model.nexo.ErrorConditionType;
import com.adyen.model.nexo.InfoQualifyType;
import com.adyen.model.nexo.InputCommandType;
import com.adyen.model.nexo.InputData;
import com.adyen.model.nexo.InputRequest;
import com.adyen.model.nexo.MessageCategoryType;
import com.adyen.model.nexo.MessageClassType;
import com.adyen.model.nexo.MessageHeader;
import com.adyen.model.nexo.MessageType;
import com.adyen.model.nexo.OutputContent;
import com.adyen.model.nexo.OutputFormatType;
import com.adyen.model.nexo.OutputText;
import com.adyen.model.nexo.POIData;
import com.adyen.model.nexo.PaymentAcquirerData;
import com.adyen.model.nexo.PaymentInstrumentData;
import com.adyen.model.nexo.PaymentResponse;
import com.adyen.model.nexo.PaymentResult;
import com.adyen.model.nexo.PrintOutput;
import com.adyen.model.nexo.PrintRequest;
import com.adyen.model.nexo.RepeatedMessageResponse;
import com.adyen.model.nexo.RepeatedResponseMessageBody;
import com.adyen.model.nexo.Response;
import com.adyen.model.nexo.ResultType;
import com.adyen.model.nexo.SaleToPOIRequest;
import com.adyen.model.nexo.SaleToPOIResponse;
import com.adyen.model.nexo.TransactionIdentification;
import com.adyen.model.nexo.TransactionStatusResponse;
import com.adyen.model.terminal.TerminalAPIRequest;
import com.adyen.model.terminal.TerminalAPIResponse;
import com.adyen.terminal.serialization.TerminalAPIGsonBuilder;
import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import javax.xml.datatype.DatatypeFactory;
import org.junit.jupiter.api.Test;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.RequestEnvelope;
import tillbridge.nexo.model.Nexo.ResponseEnvelope;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.model.NexoJson;
import tillbridge.nexo.sim.SimPoi;
import tillbridge.protocol.message.Console;
import tillbridge.protocol.message.Printing;
import tillbridge.protocol.message.Sale;

/**
 * Our SaleToPOI JSON against Adyen's public nexo model (com.adyen.model.nexo), read and written
 * the way Adyen's Terminal API client does it: Gson from {@link TerminalAPIGsonBuilder#create()}
 * with the {@code TerminalAPIRequest} / {@code TerminalAPIResponse} wrappers
 * ({@code {"SaleToPOIRequest":…}}, {@code {"SaleToPOIResponse":…}}).
 */
class AdyenRoundTripTest {
    private static final Gson ADYEN = TerminalAPIGsonBuilder.create();
    private static final Instant NOW = Instant.parse("2025-05-01T10:00:00.123Z");
    private static final Mapping.Ids IDS = new Mapping.Ids("00ABCDEF12", "KASA-01", "POI-7");

    /** Every request nexo-proxy produces. */
    private static List<Nexo.SaleToPOIRequest> ourRequests() {
        var withCashback = new Sale.Start("S", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 500, OptionalLong.empty());
        var plain = new Sale.Start("S", "KASA-01", "PAR/2", 1200, 1200, 0, "JPY", 0, OptionalLong.empty());
        return List.of(Mapping.payment(withCashback, IDS, NOW), Mapping.payment(plain, IDS, NOW), Mapping.abort(IDS, "00ABCDEF13"),
                Mapping.transactionStatus(IDS, "00ABCDEF14"), Mapping.login(IDS, NOW), Mapping.logout(IDS));
    }

    @Test
    void everyRequestWeProduceReadsIntoAdyensModelAndComesBackUnchanged() throws NexoException {
        for (Nexo.SaleToPOIRequest ours : ourRequests()) {
            String json = NexoJson.write(new RequestEnvelope(ours));
            TerminalAPIRequest adyen = ADYEN.fromJson(json, TerminalAPIRequest.class);
            SaleToPOIRequest a = adyen.getSaleToPOIRequest();
            assertThat(a).as(json).isNotNull();
            MessageHeader h = a.getMessageHeader();
            assertThat(h.getProtocolVersion()).isEqualTo("3.0");
            assertThat(h.getMessageClass()).isEqualTo(MessageClassType.SERVICE);
            assertThat(h.getMessageType()).isEqualTo(MessageType.REQUEST);
            assertThat(h.getMessageCategory()).as(json).isNotNull();
            assertThat(h.getMessageCategory().value()).isEqualTo(ours.header().messageCategory());
            assertThat(h.getServiceID()).isEqualTo(ours.header().serviceId()).hasSizeLessThanOrEqualTo(10);
            assertThat(h.getSaleID()).isEqualTo("KASA-01");
            assertThat(h.getPOIID()).isEqualTo("POI-7");

            // and back: Adyen's JSON read by us equals what we wrote, field for field
            RequestEnvelope back = NexoJson.read(ADYEN.toJson(adyen), RequestEnvelope.class);
            assertThat(back).as(json).isEqualTo(new RequestEnvelope(ours));
        }
    }

    @Test
    void adyenSeesEveryMappedFieldOfAPaymentRequest() {
        var s1 = new Sale.Start("S", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 500, OptionalLong.empty());
        TerminalAPIRequest adyen = ADYEN.fromJson(NexoJson.write(new RequestEnvelope(Mapping.payment(s1, IDS, NOW))), TerminalAPIRequest.class);
        var p = adyen.getSaleToPOIRequest().getPaymentRequest();
        assertThat(adyen.getSaleToPOIRequest().getMessageHeader().getMessageCategory()).isEqualTo(MessageCategoryType.PAYMENT);
        assertThat(p.getSaleData().getSaleTransactionID().getTransactionID()).isEqualTo("PAR/1");
        assertThat(p.getSaleData().getSaleTransactionID().getTimeStamp().toGregorianCalendar().toInstant()).isEqualTo(NOW);
        assertThat(p.getPaymentTransaction().getAmountsReq().getCurrency()).isEqualTo("PLN");
        assertThat(p.getPaymentTransaction().getAmountsReq().getRequestedAmount()).isEqualTo(new BigDecimal("123.45"));
        assertThat(p.getPaymentTransaction().getAmountsReq().getCashBackAmount()).isEqualTo(new BigDecimal("5.00"));

        var abort = ADYEN.fromJson(NexoJson.write(new RequestEnvelope(Mapping.abort(IDS, "00ABCDEF13"))), TerminalAPIRequest.class).getSaleToPOIRequest();
        assertThat(abort.getMessageHeader().getMessageCategory()).isEqualTo(MessageCategoryType.ABORT);
        assertThat(abort.getAbortRequest().getAbortReason()).isEqualTo("MerchantAbort");
        assertThat(abort.getAbortRequest().getMessageReference().getMessageCategory()).isEqualTo(MessageCategoryType.PAYMENT);
        assertThat(abort.getAbortRequest().getMessageReference().getServiceID()).isEqualTo("00ABCDEF12");
        assertThat(abort.getAbortRequest().getMessageReference().getSaleID()).isEqualTo("KASA-01");
        assertThat(abort.getAbortRequest().getMessageReference().getPOIID()).isEqualTo("POI-7");

        var status = ADYEN.fromJson(NexoJson.write(new RequestEnvelope(Mapping.transactionStatus(IDS, "00ABCDEF14"))), TerminalAPIRequest.class).getSaleToPOIRequest();
        assertThat(status.getMessageHeader().getMessageCategory()).isEqualTo(MessageCategoryType.TRANSACTION_STATUS);
        assertThat(status.getTransactionStatusRequest().getMessageReference().getServiceID()).isEqualTo("00ABCDEF12");

        var login = ADYEN.fromJson(NexoJson.write(new RequestEnvelope(Mapping.login(IDS, NOW))), TerminalAPIRequest.class).getSaleToPOIRequest();
        assertThat(login.getMessageHeader().getMessageCategory()).isEqualTo(MessageCategoryType.LOGIN);
        assertThat(login.getLoginRequest().getDateTime().toGregorianCalendar().toInstant()).isEqualTo(NOW);
        assertThat(login.getLoginRequest().getSaleSoftware().getManufacturerID()).isEqualTo("tillbridge");
        assertThat(login.getLoginRequest().getSaleSoftware().getApplicationName()).isEqualTo("nexo-proxy");
        assertThat(login.getLoginRequest().getOperatorLanguage()).isEqualTo("en");

        var logout = ADYEN.fromJson(NexoJson.write(new RequestEnvelope(Mapping.logout(IDS))), TerminalAPIRequest.class).getSaleToPOIRequest();
        assertThat(logout.getMessageHeader().getMessageCategory()).isEqualTo(MessageCategoryType.LOGOUT);
        assertThat(logout.getLogoutRequest().isMaintenanceAllowed()).isTrue();
    }

    private static MessageHeader adyenHeader(MessageCategoryType category, MessageType type, String serviceId) {
        MessageHeader h = new MessageHeader();
        h.setProtocolVersion("3.0");
        h.setMessageClass(MessageClassType.SERVICE);
        h.setMessageCategory(category);
        h.setMessageType(type);
        h.setServiceID(serviceId);
        h.setSaleID("KASA-01");
        h.setPOIID("POI-7");
        return h;
    }

    private static PaymentResponse adyenApproved() throws Exception {
        PaymentResponse p = new PaymentResponse();
        Response r = new Response();
        r.setResult(ResultType.SUCCESS);
        p.setResponse(r);
        POIData poi = new POIData();
        TransactionIdentification t = new TransactionIdentification();
        t.setTransactionID("8815234567890123.ABCDEF12345");
        t.setTimeStamp(DatatypeFactory.newInstance().newXMLGregorianCalendar("2025-05-01T10:00:01.000Z"));
        poi.setPOITransactionID(t);
        p.setPOIData(poi);
        PaymentResult result = new PaymentResult();
        PaymentInstrumentData pid = new PaymentInstrumentData();
        CardData card = new CardData();
        card.setPaymentBrand("mc");
        card.setMaskedPAN("541333******4444");
        pid.setCardData(card);
        result.setPaymentInstrumentData(pid);
        AmountsResp amounts = new AmountsResp();
        amounts.setCurrency("PLN");
        amounts.setAuthorizedAmount(new BigDecimal("123.45"));
        amounts.setCashBackAmount(new BigDecimal("5.00"));
        result.setAmountsResp(amounts);
        PaymentAcquirerData acq = new PaymentAcquirerData();
        acq.setAcquirerID("ACQ1");
        acq.setMerchantID("M0001");
        acq.setApprovalCode("654321");
        result.setPaymentAcquirerData(acq);
        p.setPaymentResult(result);
        return p;
    }

    @Test
    void aPaymentResponseBuiltWithAdyensClassesMapsToS2AndRoundTrips() throws Exception {
        SaleToPOIResponse a = new SaleToPOIResponse();
        a.setMessageHeader(adyenHeader(MessageCategoryType.PAYMENT, MessageType.RESPONSE, "00ABCDEF12"));
        a.setPaymentResponse(adyenApproved());
        TerminalAPIResponse wrapped = new TerminalAPIResponse();
        wrapped.setSaleToPOIResponse(a);
        String adyenJson = ADYEN.toJson(wrapped);

        ResponseEnvelope ours = NexoJson.read(adyenJson, ResponseEnvelope.class);
        var s1 = new Sale.Start("S", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 500, OptionalLong.empty());
        Nexo.SaleToPOIResponse r = Mapping.matching(ours.response(), Mapping.payment(s1, IDS, NOW).header());
        Sale.End s2 = Mapping.saleEnd(r.payment(), r.header(), s1, "CONFIGURED");
        assertThat(s2).isEqualTo(new Sale.End(java.util.OptionalInt.of(0), "", "M0001", "POI-7", "67890123.ABCDEF12345",
                OptionalLong.of(12345), OptionalLong.of(500), "mc", "approved", "541333******4444", "654321"));

        // our JSON of what we read is Adyen's JSON again: every mapped field kept
        String back = NexoJson.write(ours);
        assertThat(JsonParser.parseString(ADYEN.toJson(ADYEN.fromJson(back, TerminalAPIResponse.class)))).isEqualTo(JsonParser.parseString(adyenJson));
    }

    @Test
    void declinesAbortsAndStatusAnswersFromAdyensClassesMapToo() throws Exception {
        var s1 = new Sale.Start("S", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 0, OptionalLong.empty());
        for (var c : new Object[][] {{ErrorConditionType.REFUSAL, 5}, {ErrorConditionType.ABORTED, 17}, {ErrorConditionType.WRONG_PIN, 55},
                {ErrorConditionType.BUSY, 993}, {ErrorConditionType.UNAVAILABLE_SERVICE, 994}}) {
            PaymentResponse p = new PaymentResponse();
            Response r = new Response();
            r.setResult(ResultType.FAILURE);
            r.setErrorCondition((ErrorConditionType) c[0]);
            r.setAdditionalResponse("message=it%20says%20no");
            p.setResponse(r);
            SaleToPOIResponse a = new SaleToPOIResponse();
            a.setMessageHeader(adyenHeader(MessageCategoryType.PAYMENT, MessageType.RESPONSE, "00ABCDEF12"));
            a.setPaymentResponse(p);
            TerminalAPIResponse w = new TerminalAPIResponse();
            w.setSaleToPOIResponse(a);
            String json = ADYEN.toJson(w);
            ResponseEnvelope ours = NexoJson.read(json, ResponseEnvelope.class);
            Sale.End s2 = Mapping.saleEnd(ours.response().payment(), ours.response().header(), s1, "C");
            assertThat(s2.result()).as(json).hasValue((int) c[1]);
            assertThat(s2.message()).endsWith(": it says no");
            assertThat(JsonParser.parseString(ADYEN.toJson(ADYEN.fromJson(NexoJson.write(ours), TerminalAPIResponse.class)))).isEqualTo(JsonParser.parseString(json));
        }

        TransactionStatusResponse ts = new TransactionStatusResponse();
        Response ok = new Response();
        ok.setResult(ResultType.SUCCESS);
        ts.setResponse(ok);
        RepeatedMessageResponse rep = new RepeatedMessageResponse();
        rep.setMessageHeader(adyenHeader(MessageCategoryType.PAYMENT, MessageType.RESPONSE, "00ABCDEF12"));
        RepeatedResponseMessageBody body = new RepeatedResponseMessageBody();
        body.setPaymentResponse(adyenApproved());
        rep.setRepeatedResponseMessageBody(body);
        ts.setRepeatedMessageResponse(rep);
        SaleToPOIResponse a = new SaleToPOIResponse();
        a.setMessageHeader(adyenHeader(MessageCategoryType.TRANSACTION_STATUS, MessageType.RESPONSE, "00ABCDEF14"));
        a.setTransactionStatusResponse(ts);
        TerminalAPIResponse w = new TerminalAPIResponse();
        w.setSaleToPOIResponse(a);
        String json = ADYEN.toJson(w);
        ResponseEnvelope ours = NexoJson.read(json, ResponseEnvelope.class);
        var q = new Sale.Start("C", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 500, OptionalLong.empty());
        var r = Mapping.matching(ours.response(), Mapping.transactionStatus(IDS, "00ABCDEF14").header());
        Sale.End s2 = Mapping.statusEnd(r.transactionStatus(), IDS, q, "C");
        assertThat(s2.result()).hasValue(0);
        assertThat(s2.authCode()).isEqualTo("654321");
        assertThat(JsonParser.parseString(ADYEN.toJson(ADYEN.fromJson(NexoJson.write(ours), TerminalAPIResponse.class)))).isEqualTo(JsonParser.parseString(json));
    }

    @Test
    void whatTheSimulatorAnswersReadsIntoAdyensModel() throws Exception {
        SimPoi poi = new SimPoi(new SimPoi.Options(Duration.ZERO, Duration.ZERO, "M00012345", false));
        var s1 = new Sale.Start("S", "KASA-01", "PAR/1", 12345, 10037, 2308, "PLN", 500, OptionalLong.empty());
        var req = Mapping.payment(s1, IDS, NOW);
        ResponseEnvelope answer = poi.handle(req, null);
        TerminalAPIResponse a = ADYEN.fromJson(NexoJson.write(answer), TerminalAPIResponse.class);
        var p = a.getSaleToPOIResponse().getPaymentResponse();
        assertThat(p.getResponse().getResult()).isEqualTo(ResultType.SUCCESS);
        assertThat(p.getPaymentResult().getPaymentInstrumentData().getCardData().getMaskedPAN()).matches("\\d{6}\\*{6}\\d{4}");
        assertThat(p.getPaymentResult().getAmountsResp().getAuthorizedAmount()).isEqualTo(new BigDecimal("123.45"));
        assertThat(p.getPaymentResult().getPaymentAcquirerData().getApprovalCode()).hasSize(6);
        assertThat(p.getPOIData().getPOITransactionID().getTransactionID()).startsWith("T");

        var status = poi.handle(Mapping.transactionStatus(IDS, "00ABCDEF15"), null);
        var ts = ADYEN.fromJson(NexoJson.write(status), TerminalAPIResponse.class).getSaleToPOIResponse().getTransactionStatusResponse();
        assertThat(ts.getResponse().getResult()).isEqualTo(ResultType.SUCCESS);
        assertThat(ts.getRepeatedMessageResponse().getRepeatedResponseMessageBody().getPaymentResponse().getPaymentResult()
                .getPaymentAcquirerData().getMerchantID()).isEqualTo("M00012345");

        var reject = SimPoi.reject("bad thing");
        var r = ADYEN.fromJson(NexoJson.write(reject), TerminalAPIRequest.class).getSaleToPOIRequest().getEventNotification();
        assertThat(r.getEventToNotify().value()).isEqualTo("Reject");
        assertThat(r.getEventDetails()).isEqualTo("message=bad+thing");
    }

    @Test
    void devicRequestsFromAnAdyenPoiMapToConsoleAndPrinting() throws Exception {
        // DisplayRequest for the cashier
        DisplayRequest d = new DisplayRequest();
        DisplayOutput out = new DisplayOutput();
        out.setDevice(DeviceType.CASHIER_DISPLAY);
        out.setInfoQualify(InfoQualifyType.STATUS);
        out.setResponseRequiredFlag(true);
        out.setMinimumDisplayTime(3);
        OutputContent content = new OutputContent();
        content.setOutputFormat(OutputFormatType.TEXT);
        OutputText line = new OutputText();
        line.setText("PRESENT CARD");
        content.getOutputText().add(line);
        out.setOutputContent(content);
        d.getDisplayOutput().add(out);
        SaleToPOIRequest req = new SaleToPOIRequest();
        MessageHeader h = adyenHeader(MessageCategoryType.DISPLAY, MessageType.REQUEST, "D1");
        h.setMessageClass(MessageClassType.DEVICE);
        req.setMessageHeader(h);
        req.setDisplayRequest(d);
        TerminalAPIRequest w = new TerminalAPIRequest();
        w.setSaleToPOIRequest(req);
        String json = ADYEN.toJson(w);
        var ours = NexoJson.read(json, RequestEnvelope.class).request();
        assertThat(DeviceMapping.display(ours.display())).containsExactly(new Console.Display("PRESENT CARD", java.util.OptionalInt.of(3)));
        assertThat(JsonParser.parseString(ADYEN.toJson(ADYEN.fromJson(NexoJson.write(new RequestEnvelope(ours)), TerminalAPIRequest.class))))
                .isEqualTo(JsonParser.parseString(json));
        var answer = Nexo.SaleToPOIResponse.display(ours.header().response(), DeviceMapping.displayResponse(ours.display(), Console.Result.ok("")));
        var adyenAnswer = ADYEN.fromJson(NexoJson.write(Nexo.ResponseEnvelope.of(answer)), TerminalAPIResponse.class).getSaleToPOIResponse();
        assertThat(adyenAnswer.getDisplayResponse().getOutputResult().get(0).getResponse().getResult()).isEqualTo(ResultType.SUCCESS);
        assertThat(adyenAnswer.getMessageHeader().getMessageClass()).isEqualTo(MessageClassType.DEVICE);

        // InputRequest: a masked text entry for the cashier
        InputRequest in = new InputRequest();
        InputData data = new InputData();
        data.setDevice(DeviceType.CASHIER_INPUT);
        data.setInfoQualify(InfoQualifyType.INPUT);
        data.setInputCommand(InputCommandType.PASSWORD);
        data.setMinLength(BigInteger.valueOf(4));
        data.setMaxLength(BigInteger.valueOf(8));
        in.setInputData(data);
        DisplayOutput prompt = new DisplayOutput();
        prompt.setDevice(DeviceType.CASHIER_DISPLAY);
        prompt.setInfoQualify(InfoQualifyType.DISPLAY);
        prompt.setOutputContent(content);
        in.setDisplayOutput(prompt);
        SaleToPOIRequest ireq = new SaleToPOIRequest();
        ireq.setMessageHeader(adyenHeader(MessageCategoryType.INPUT, MessageType.REQUEST, "D2"));
        ireq.setInputRequest(in);
        TerminalAPIRequest iw = new TerminalAPIRequest();
        iw.setSaleToPOIRequest(ireq);
        var ourInput = NexoJson.read(ADYEN.toJson(iw), RequestEnvelope.class).request().input();
        assertThat(DeviceMapping.input(ourInput)).contains(new Console.Input("PRESENT CARD", 4, 8, true));
        var inputAnswer = Nexo.SaleToPOIResponse.input(new Nexo.MessageHeader("3.0", "Device", "Input", "Response", "D2", "KASA-01", "POI-7"),
                DeviceMapping.inputResponse(ourInput, Console.Result.ok("1234")));
        var adyenInput = ADYEN.fromJson(NexoJson.write(Nexo.ResponseEnvelope.of(inputAnswer)), TerminalAPIResponse.class).getSaleToPOIResponse().getInputResponse();
        assertThat(adyenInput.getInputResult().getResponse().getResult()).isEqualTo(ResultType.SUCCESS);
        assertThat(adyenInput.getInputResult().getInput().getTextInput()).isEqualTo("1234");
        assertThat(adyenInput.getInputResult().getInput().getInputCommand()).isEqualTo(InputCommandType.PASSWORD);

        // PrintRequest
        PrintRequest pr = new PrintRequest();
        PrintOutput po = new PrintOutput();
        po.setDocumentQualifier(com.adyen.model.nexo.DocumentQualifierType.CASHIER_RECEIPT);
        po.setResponseMode(com.adyen.model.nexo.ResponseModeType.PRINT_END);
        OutputContent receipt = new OutputContent();
        receipt.setOutputFormat(OutputFormatType.TEXT);
        OutputText bold = new OutputText();
        bold.setText("TOTAL 12.00 PLN");
        bold.setCharacterStyle(CharacterStyleType.BOLD);
        receipt.getOutputText().add(bold);
        po.setOutputContent(receipt);
        pr.setPrintOutput(po);
        SaleToPOIRequest preq = new SaleToPOIRequest();
        preq.setMessageHeader(adyenHeader(MessageCategoryType.PRINT, MessageType.REQUEST, "D3"));
        preq.setPrintRequest(pr);
        TerminalAPIRequest pw = new TerminalAPIRequest();
        pw.setSaleToPOIRequest(preq);
        var ourPrint = NexoJson.read(ADYEN.toJson(pw), RequestEnvelope.class).request().print();
        assertThat(DeviceMapping.print(ourPrint)).containsExactly(new Printing.Start("CashierReceipt", java.util.OptionalInt.of(1)),
                new Printing.Content("B", List.of("TOTAL 12.00 PLN")), new Printing.End(true));
        var printAnswer = Nexo.SaleToPOIResponse.print(new Nexo.MessageHeader("3.0", "Device", "Print", "Response", "D3", "KASA-01", "POI-7"),
                DeviceMapping.printResponse(ourPrint, List.of(new Printing.Answer(0, ""), new Printing.Answer(0, ""))));
        var adyenPrint = ADYEN.fromJson(NexoJson.write(Nexo.ResponseEnvelope.of(printAnswer)), TerminalAPIResponse.class).getSaleToPOIResponse().getPrintResponse();
        assertThat(adyenPrint.getResponse().getResult()).isEqualTo(ResultType.SUCCESS);
        assertThat(adyenPrint.getDocumentQualifier()).isEqualTo(com.adyen.model.nexo.DocumentQualifierType.CASHIER_RECEIPT);
    }
}
