package tillbridge.nexo;

import static tillbridge.nexo.model.Nexo.PROTOCOL_VERSION;
import static tillbridge.nexo.model.Nexo.REQUEST;
import static tillbridge.nexo.model.Nexo.SERVICE;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tillbridge.common.Version;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.AbortRequest;
import tillbridge.nexo.model.Nexo.AmountsReq;
import tillbridge.nexo.model.Nexo.LoginRequest;
import tillbridge.nexo.model.Nexo.LogoutRequest;
import tillbridge.nexo.model.Nexo.MessageHeader;
import tillbridge.nexo.model.Nexo.MessageReference;
import tillbridge.nexo.model.Nexo.PaymentRequest;
import tillbridge.nexo.model.Nexo.PaymentResponse;
import tillbridge.nexo.model.Nexo.PaymentTransaction;
import tillbridge.nexo.model.Nexo.Response;
import tillbridge.nexo.model.Nexo.SaleData;
import tillbridge.nexo.model.Nexo.SaleSoftware;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.Nexo.TransactionIdentification;
import tillbridge.nexo.model.Nexo.TransactionStatusRequest;
import tillbridge.nexo.model.Nexo.TransactionStatusResponse;
import tillbridge.nexo.model.NexoException;
import tillbridge.protocol.message.App;
import tillbridge.protocol.message.Sale;

/**
 * ECR-EFT ⇄ nexo, the table of docs/nexo.md in code: S1 kind S → PaymentRequest, P1 →
 * AbortRequest, S1 kind C → TransactionStatusRequest, A1 → LoginRequest, session end → LogoutRequest;
 * PaymentResponse / TransactionStatusResponse → S2, LoginResponse → A2. Pure functions.
 */
public final class Mapping {
    /** nexo TimeStamp / DateTime: ISO 8601 in UTC with milliseconds, e.g. {@code 2025-05-01T10:00:00.123Z}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
    static final String ABORT_REASON = "MerchantAbort";

    private Mapping() {}

    /** The ids of one nexo exchange as the POI knows them: ServiceID, SaleID, POIID. */
    public record Ids(String serviceId, String saleId, String poiId) {}

    public static String time(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    static MessageHeader header(String category, Ids ids) {
        return new MessageHeader(PROTOCOL_VERSION, SERVICE, category, REQUEST, ids.serviceId(), ids.saleId(), ids.poiId());
    }

    /** S1 kind S → PaymentRequest: SaleTransactionID = payment_id, SaleID = ecr_id (in {@code ids}), amounts in major units. */
    public static SaleToPOIRequest payment(Sale.Start s1, Ids ids, Instant now) {
        AmountsReq amounts = new AmountsReq(s1.currency(), Amounts.toDecimal(s1.gross(), s1.currency()),
                s1.cashback() > 0 ? Amounts.toDecimal(s1.cashback(), s1.currency()) : null);
        return SaleToPOIRequest.payment(header(Nexo.PAYMENT, ids), new PaymentRequest(
                new SaleData(new TransactionIdentification(s1.paymentId(), time(now))), new PaymentTransaction(amounts)));
    }

    /** P1 → AbortRequest referring to the running payment's ServiceID. */
    public static SaleToPOIRequest abort(Ids payment, String serviceId) {
        Ids ids = new Ids(serviceId, payment.saleId(), payment.poiId());
        return SaleToPOIRequest.abort(header(Nexo.ABORT, ids), new AbortRequest(reference(payment), ABORT_REASON));
    }

    /** S1 kind C → TransactionStatusRequest for the payment recorded under {@code payment}. */
    public static SaleToPOIRequest transactionStatus(Ids payment, String serviceId) {
        Ids ids = new Ids(serviceId, payment.saleId(), payment.poiId());
        return SaleToPOIRequest.transactionStatus(header(Nexo.TRANSACTION_STATUS, ids), new TransactionStatusRequest(reference(payment)));
    }

    /** A1 → LoginRequest. */
    public static SaleToPOIRequest login(Ids ids, Instant now) {
        return SaleToPOIRequest.login(header(Nexo.LOGIN, ids), new LoginRequest(time(now),
                new SaleSoftware("tillbridge", "nexo-proxy", Version.NUMBER, "tillbridge"), "en"));
    }

    /** The end of an ECR session that logged in → LogoutRequest. */
    public static SaleToPOIRequest logout(Ids ids) {
        return SaleToPOIRequest.logout(header(Nexo.LOGOUT, ids), new LogoutRequest(Boolean.TRUE));
    }

    static MessageReference reference(Ids payment) {
        return new MessageReference(Nexo.PAYMENT, payment.serviceId(), payment.saleId(), payment.poiId());
    }

    // ---- nexo → ECR-EFT

    /** The S2 result code for a nexo Response (table "Result codes" in docs/nexo.md). */
    public static int resultCode(Response r) {
        if (r == null || r.result() == null) return Sale.End.REJECTED;
        if (Nexo.SUCCESS.equals(r.result()) || Nexo.PARTIAL.equals(r.result())) return Sale.End.APPROVED;
        String c = r.errorCondition() == null ? "" : r.errorCondition();
        return switch (c) {
            case "Aborted", "Cancel" -> Sale.End.CANCELLED;
            case "Refusal", "InsertedCard", "" -> 5;
            case "WrongPIN" -> 55;
            case "InvalidCard" -> 14;
            case "PaymentRestriction" -> 57;
            case "NotAllowed" -> 58;
            case "UnreachableHost" -> 91;
            case "Busy", "InProgress" -> Sale.End.BUSY;
            case "DeviceOut", "UnavailableDevice", "UnavailableService", "LoggedOut" -> Sale.End.UNAVAILABLE;
            case "NotFound" -> Sale.End.NO_SUCH_TRANSACTION;
            case "MessageFormat" -> Sale.End.REJECTED;
            default -> 5;
        };
    }

    /** S2 message text: what happened, and the POI's own words (AdditionalResponse "message" or "refusalReason"). */
    static String message(Response r) {
        String head = switch (resultCode(r)) {
            case 0 -> Nexo.PARTIAL.equals(r.result()) ? "partially approved" : "approved";
            case Sale.End.CANCELLED -> "cancelled";
            case Sale.End.BUSY -> "busy";
            case Sale.End.UNAVAILABLE -> "payment application not available";
            case Sale.End.NO_SUCH_TRANSACTION -> "no such transaction";
            case Sale.End.REJECTED -> "rejected";
            default -> "declined";
        };
        if (r != null && r.errorCondition() != null) head += " (" + r.errorCondition() + ")";
        String detail = detail(r == null ? null : r.additionalResponse());
        return Text.fit(detail.isEmpty() ? head : head + ": " + detail, 80);
    }

    /** The readable part of an AdditionalResponse: Adyen sends URL-encoded key=value pairs; plain text is taken as it is. */
    static String detail(String additional) {
        if (additional == null || additional.isBlank()) return "";
        String a = additional.strip();
        if (!a.contains("=")) return a;
        Map<String, String> kv = new java.util.LinkedHashMap<>();
        for (String pair : a.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            try {
                kv.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not URL-encoded after all
            }
        }
        for (String key : new String[] {"message", "refusalReason", "errors"}) {
            String v = kv.get(key);
            if (v != null && !v.isBlank()) return v.strip();
        }
        return "";
    }

    /**
     * PaymentResponse → S2. {@code header} is the response's MessageHeader (for the POIID);
     * {@code requested} is the S1 (sale or status query) whose amounts stand in for missing ones.
     */
    public static Sale.End saleEnd(PaymentResponse p, MessageHeader header, Sale.Start requested, String defaultPoiId) throws NexoException {
        if (p == null || p.response() == null) throw new NexoException("PaymentResponse without Response");
        Response r = p.response();
        int code = resultCode(r);
        boolean approved = code == Sale.End.APPROVED;
        var result = p.paymentResult();
        var card = result == null || result.paymentInstrumentData() == null ? null : result.paymentInstrumentData().cardData();
        var acquirer = result == null ? null : result.paymentAcquirerData();
        var amounts = result == null ? null : result.amountsResp();
        String currency = amounts != null && amounts.currency() != null ? amounts.currency() : requested.currency();
        if (!currency.equals(requested.currency()))
            throw new NexoException("PaymentResponse in " + currency + " for a payment in " + requested.currency());
        long amount = approved ? requested.gross() : 0;
        long cashback = approved ? requested.cashback() : 0;
        if (amounts != null && amounts.authorizedAmount() != null) amount = Amounts.toMinor(amounts.authorizedAmount(), currency);
        if (amounts != null && amounts.cashBackAmount() != null) cashback = Amounts.toMinor(amounts.cashBackAmount(), currency);
        if (!approved) {
            amount = 0;
            cashback = 0;
        }
        String mid = acquirer == null ? "" : first(acquirer.merchantId(), acquirer.acquirerId());
        String tid = first(header == null ? null : header.poiId(), defaultPoiId);
        String txn = p.poiData() == null || p.poiData().poiTransactionId() == null ? "" : p.poiData().poiTransactionId().transactionId();
        return new Sale.End(OptionalInt.of(code), "", Text.fit(mid, 20), Text.fit(tid, 20), Text.tail(txn, 20),
                OptionalLong.of(amount), OptionalLong.of(cashback),
                card == null ? "" : Text.fit(card.paymentBrand(), 40), message(r),
                card == null ? "" : Text.maskedPan(card.maskedPan()),
                acquirer == null ? "" : Text.fit(acquirer.approvalCode(), 8));
    }

    /** TransactionStatusResponse → S2: the repeated PaymentResponse, or why there is none. */
    public static Sale.End statusEnd(TransactionStatusResponse t, Ids payment, Sale.Start query, String defaultPoiId) throws NexoException {
        if (t == null || t.response() == null) throw new NexoException("TransactionStatusResponse without Response");
        if (!t.response().succeeded()) {
            int code = resultCode(t.response());
            if ("InProgress".equals(t.response().errorCondition())) return Sale.End.of(Sale.End.BUSY, "payment in progress, ask again");
            if (code == Sale.End.NO_SUCH_TRANSACTION) return Sale.End.of(code, Text.fit("no such transaction: " + detail(t.response().additionalResponse()), 80));
            // a status that cannot be given is not a payment outcome: never report a decline from it
            if (code != Sale.End.BUSY && code != Sale.End.UNAVAILABLE) code = Sale.End.UNKNOWN;
            return Sale.End.of(code, message(t.response()));
        }
        var repeated = t.repeatedMessageResponse();
        if (repeated == null || repeated.body() == null || repeated.body().payment() == null)
            throw new NexoException("TransactionStatusResponse Success without a repeated PaymentResponse");
        MessageHeader h = repeated.header();
        if (h != null && h.serviceId() != null && !h.serviceId().equals(payment.serviceId()))
            throw new NexoException("TransactionStatusResponse repeats ServiceID " + h.serviceId() + ", asked for " + payment.serviceId());
        return saleEnd(repeated.body().payment(), h, query, defaultPoiId);
    }

    /** LoginResponse → A2. */
    public static App.Ack appAck(Nexo.LoginResponse l, String poiId) throws NexoException {
        if (l == null || l.response() == null) throw new NexoException("LoginResponse without Response");
        if (l.response().succeeded()) return new App.Ack(0, Text.fit("logged in to POI " + poiId, 100));
        int code = resultCode(l.response());
        if (code != Sale.End.BUSY && code != Sale.End.UNAVAILABLE) code = Sale.End.REJECTED;
        return new App.Ack(code, Text.fit("login refused: " + message(l.response()), 100));
    }

    /**
     * Checks that a response answers {@code request}: the same MessageCategory and ServiceID, type
     * Response. Returns the response; throws with what is wrong otherwise.
     */
    public static SaleToPOIResponse matching(SaleToPOIResponse r, MessageHeader request) throws NexoException {
        MessageHeader h = r.header();
        if (h == null) throw new NexoException("SaleToPOIResponse without MessageHeader");
        if (!Nexo.RESPONSE.equals(h.messageType())) throw new NexoException("MessageType " + h.messageType() + ", expected Response");
        if (!request.messageCategory().equals(h.messageCategory()))
            throw new NexoException("MessageCategory " + h.messageCategory() + ", expected " + request.messageCategory());
        if (h.serviceId() != null && !h.serviceId().equals(request.serviceId()))
            throw new NexoException("ServiceID " + h.serviceId() + ", expected " + request.serviceId());
        return r;
    }

    static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b == null ? "" : b;
    }

    /** For tests and the simulator: the amount of a PaymentRequest in minor units. */
    public static long requestedMinor(PaymentRequest p) throws NexoException {
        AmountsReq a = p.paymentTransaction().amountsReq();
        BigDecimal v = a.requestedAmount();
        if (v == null) throw new NexoException("PaymentRequest without RequestedAmount");
        return Amounts.toMinor(v, a.currency());
    }
}
