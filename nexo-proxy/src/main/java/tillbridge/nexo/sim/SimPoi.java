package tillbridge.nexo.sim;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.nexo.Mapping;
import tillbridge.nexo.model.Nexo;
import tillbridge.nexo.model.Nexo.AmountsResp;
import tillbridge.nexo.model.Nexo.CardData;
import tillbridge.nexo.model.Nexo.DisplayOutput;
import tillbridge.nexo.model.Nexo.DisplayRequest;
import tillbridge.nexo.model.Nexo.EventNotification;
import tillbridge.nexo.model.Nexo.LoginResponse;
import tillbridge.nexo.model.Nexo.LogoutResponse;
import tillbridge.nexo.model.Nexo.MessageHeader;
import tillbridge.nexo.model.Nexo.OutputContent;
import tillbridge.nexo.model.Nexo.OutputText;
import tillbridge.nexo.model.Nexo.POIData;
import tillbridge.nexo.model.Nexo.PaymentAcquirerData;
import tillbridge.nexo.model.Nexo.PaymentInstrumentData;
import tillbridge.nexo.model.Nexo.PaymentRequest;
import tillbridge.nexo.model.Nexo.PaymentResponse;
import tillbridge.nexo.model.Nexo.PaymentResult;
import tillbridge.nexo.model.Nexo.RepeatedMessageResponse;
import tillbridge.nexo.model.Nexo.RepeatedResponseMessageBody;
import tillbridge.nexo.model.Nexo.Response;
import tillbridge.nexo.model.Nexo.ResponseEnvelope;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.Nexo.TransactionIdentification;
import tillbridge.nexo.model.Nexo.TransactionStatusResponse;
import tillbridge.nexo.model.NexoException;

/**
 * The simulated nexo payment application (POI) behind {@link NexoSim}: decides payments by the
 * amount like terminal-sim (docs/nexo.md "nexo-sim"), honours AbortRequest until authorisation,
 * answers TransactionStatusRequest from memory, accepts Login and Logout. Thread-safe.
 */
public final class SimPoi {
    private static final Logger log = LoggerFactory.getLogger(SimPoi.class);
    private static final String[][] CARDS = {{"visa", "411111******1111"}, {"mc", "555555******4444"}};

    /**
     * @param step       pause before the authorisation step of every payment
     * @param slow       extra pause for amounts ending in .99, so aborts can be tried
     * @param merchantId MerchantID in PaymentAcquirerData
     * @param deviceRequests during a TCP payment, send the Sale system a DisplayRequest for the cashier before
     *                   authorising and a PrintRequest (cashier receipt) after an approval, and wait for their answers
     */
    public record Options(Duration step, Duration slow, String merchantId, boolean deviceRequests) {
        public static Options defaults() {
            return new Options(Duration.ofMillis(300), Duration.ofSeconds(10), "M00012345", false);
        }
    }

    /** A way to send the Sale system a request of the POI's own during an exchange (TCP only). */
    public interface DeviceChannel {
        /** Sends {@code r} and returns the Sale system's response, or null when none came. */
        SaleToPOIResponse ask(SaleToPOIRequest r);
    }

    private static final class Payment {
        final MessageHeader header;
        final PaymentRequest request;
        final CountDownLatch abort = new CountDownLatch(1);
        boolean authorised; // guarded by this
        volatile SaleToPOIResponse response;

        Payment(MessageHeader header, PaymentRequest request) {
            this.header = header;
            this.request = request;
        }
    }

    private final Options options;
    private final Map<String, Payment> payments = new ConcurrentHashMap<>(); // SaleID + "/" + ServiceID
    private final AtomicReference<Payment> running = new AtomicReference<>();
    /** AbortRequests that arrived before their payment (another connection can overtake it): SaleID + "/" + ServiceID. */
    private final java.util.Set<String> earlyAborts = ConcurrentHashMap.newKeySet();
    private final List<SaleToPOIRequest> received = Collections.synchronizedList(new ArrayList<>());
    private final List<SaleToPOIResponse> deviceAnswers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong txn = new AtomicLong(100_000 + new SecureRandom().nextInt(800_000));
    private final SecureRandom random = new SecureRandom();

    public SimPoi(Options options) {
        this.options = options;
    }

    /** Every request taken so far, in order (at most 10,000 are kept). */
    public List<SaleToPOIRequest> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The Sale system's answers to the POI's own (device) requests. */
    public List<SaleToPOIResponse> deviceAnswers() {
        synchronized (deviceAnswers) {
            return List.copyOf(deviceAnswers);
        }
    }

    /** What a POI answers to a document it cannot take: EventNotification Reject. */
    public static ResponseEnvelope reject(String why) {
        return new ResponseEnvelope(null, SaleToPOIRequest.event(
                new MessageHeader(Nexo.PROTOCOL_VERSION, Nexo.EVENT, "Event", Nexo.NOTIFICATION, null, null, null),
                new EventNotification("Reject", "message=" + java.net.URLEncoder.encode(why, java.nio.charset.StandardCharsets.UTF_8),
                        Mapping.time(Instant.now()))));
    }

    /** Handles one request; null when nexo defines no answer (AbortRequest). {@code device} is null over HTTPS. */
    public ResponseEnvelope handle(SaleToPOIRequest r, DeviceChannel device) {
        if (r == null || r.header() == null) return reject("no MessageHeader");
        synchronized (received) {
            if (received.size() < 10_000) received.add(r);
        }
        MessageHeader h = r.header();
        if (!Nexo.REQUEST.equals(h.messageType()) || h.serviceId() == null || h.saleId() == null || h.poiId() == null)
            return reject("MessageHeader must be a Request with ServiceID, SaleID and POIID");
        log.info("<- {}Request ServiceID {} SaleID {}", h.messageCategory(), h.serviceId(), h.saleId());
        String category = h.messageCategory() == null ? "" : h.messageCategory();
        return switch (category) {
            case Nexo.PAYMENT -> r.payment() == null ? reject("PaymentRequest missing") : ResponseEnvelope.of(pay(h, r.payment(), device));
            case Nexo.ABORT -> {
                abort(r);
                yield null;
            }
            case Nexo.TRANSACTION_STATUS -> ResponseEnvelope.of(status(r));
            case Nexo.LOGIN -> ResponseEnvelope.of(SaleToPOIResponse.login(h.response(), new LoginResponse(Response.success())));
            case Nexo.LOGOUT -> ResponseEnvelope.of(SaleToPOIResponse.logout(h.response(), new LogoutResponse(Response.success())));
            default -> reject("MessageCategory " + category + " is not supported by nexo-sim");
        };
    }

    private SaleToPOIResponse pay(MessageHeader h, PaymentRequest req, DeviceChannel device) {
        Payment p = new Payment(h, req);
        if (!running.compareAndSet(null, p)) {
            log.info("   busy: another payment runs");
            return SaleToPOIResponse.payment(h.response(), new PaymentResponse(Response.failure("Busy", "message=another payment is in progress"),
                    req.saleData(), null, null));
        }
        payments.put(h.saleId() + "/" + h.serviceId(), p);
        if (earlyAborts.remove(h.saleId() + "/" + h.serviceId())) p.abort.countDown();
        SaleToPOIResponse resp;
        try {
            resp = decide(p, device);
        } finally {
            running.set(null);
        }
        p.response = resp;
        log.info("-> PaymentResponse ServiceID {}: {} {}", h.serviceId(), resp.payment().response().result(),
                resp.payment().response().errorCondition() == null ? "" : resp.payment().response().errorCondition());
        return resp;
    }

    private SaleToPOIResponse decide(Payment p, DeviceChannel device) {
        MessageHeader h = p.header;
        var amounts = p.request.paymentTransaction() == null ? null : p.request.paymentTransaction().amountsReq();
        long minor;
        try {
            if (amounts == null || amounts.currency() == null) throw new NexoException("AmountsReq with Currency missing");
            minor = Mapping.requestedMinor(p.request);
        } catch (NexoException e) {
            return SaleToPOIResponse.payment(h.response(), new PaymentResponse(Response.failure("MessageFormat", "message=" + e.getMessage()), p.request.saleData(), null, null));
        }
        if (device != null && options.deviceRequests()) {
            SaleToPOIResponse shown = device.ask(SaleToPOIRequest.display(
                    new MessageHeader(Nexo.PROTOCOL_VERSION, Nexo.DEVICE, Nexo.DISPLAY, Nexo.REQUEST, "D" + h.serviceId().substring(1), h.saleId(), h.poiId()),
                    new DisplayRequest(List.of(new DisplayOutput("CashierDisplay", "Status", true, 2,
                            new OutputContent("Text", List.of(OutputText.of("PRESENT CARD"))), null)))));
            if (shown != null) deviceAnswers.add(shown);
        }
        long cents = minor % 100;
        boolean aborted = await(p, options.step());
        if (!aborted && cents == 99) aborted = await(p, options.slow());
        synchronized (p) {
            if (!aborted && p.abort.getCount() == 0) aborted = true;
            if (!aborted) p.authorised = true;
        }
        String currency = amounts.currency();
        TransactionIdentification poiTxn = new TransactionIdentification(
                "T" + txn.incrementAndGet() + "." + pspReference(), Mapping.time(Instant.now()));
        if (aborted)
            return SaleToPOIResponse.payment(h.response(), new PaymentResponse(Response.failure("Aborted", "message=cancelled by the sale system"),
                    p.request.saleData(), new POIData(poiTxn), null));
        String[] card = CARDS[random.nextInt(CARDS.length)];
        CardData cardData = new CardData(card[0], card[1]);
        String decline = minor > 100_000_000L ? "exceeds withdrawal limit" : cents == 51 ? "insufficient funds" : cents == 5 ? "do not honour" : null;
        if (decline != null)
            return SaleToPOIResponse.payment(h.response(), new PaymentResponse(
                    Response.failure("Refusal", "message=" + decline.replace(" ", "%20") + "&refusalReason=" + decline.replace(" ", "%20")),
                    p.request.saleData(), new POIData(poiTxn), new PaymentResult(new PaymentInstrumentData(cardData), null, null)));
        String approval = approvalCode();
        if (device != null && options.deviceRequests()) {
            List<OutputText> lines = List.of(new OutputText("nexo-sim", null, null, "Bold", "Centred", true),
                    OutputText.of("APPROVED " + amounts.requestedAmount().toPlainString() + " " + currency), OutputText.of(card[1]),
                    OutputText.of("approval " + approval));
            SaleToPOIResponse printed = device.ask(SaleToPOIRequest.print(
                    new MessageHeader(Nexo.PROTOCOL_VERSION, Nexo.DEVICE, Nexo.PRINT, Nexo.REQUEST, "P" + h.serviceId().substring(1), h.saleId(), h.poiId()),
                    new Nexo.PrintRequest(new Nexo.PrintOutput("CashierReceipt", "PrintEnd", new OutputContent("Text", lines)))));
            if (printed != null) deviceAnswers.add(printed);
        }
        return SaleToPOIResponse.payment(h.response(), new PaymentResponse(Response.success(), p.request.saleData(), new POIData(poiTxn),
                new PaymentResult(new PaymentInstrumentData(cardData),
                        new AmountsResp(currency, amounts.requestedAmount(), amounts.cashBackAmount()),
                        new PaymentAcquirerData("ACQSIM", options.merchantId(), approval))));
    }

    /** Waits {@code d}; true if an abort came meanwhile. */
    private static boolean await(Payment p, Duration d) {
        try {
            return p.abort.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void abort(SaleToPOIRequest r) {
        var ref = r.abort() == null ? null : r.abort().messageReference();
        if (ref == null || ref.serviceId() == null) {
            log.info("   AbortRequest without MessageReference ServiceID; ignored");
            return;
        }
        String saleId = ref.saleId() != null ? ref.saleId() : r.header().saleId();
        Payment p = payments.get(saleId + "/" + ref.serviceId());
        if (p == null) {
            log.info("   AbortRequest for payment {} before the payment itself; kept for it", ref.serviceId());
            if (earlyAborts.size() < 1000) earlyAborts.add(saleId + "/" + ref.serviceId());
            return;
        }
        synchronized (p) {
            if (p.authorised) log.info("   AbortRequest for {} too late: authorised", ref.serviceId());
            else p.abort.countDown();
        }
    }

    private SaleToPOIResponse status(SaleToPOIRequest r) {
        MessageHeader h = r.header();
        var ref = r.transactionStatus() == null ? null : r.transactionStatus().messageReference();
        Payment p;
        if (ref == null || ref.serviceId() == null) {
            p = payments.values().stream().filter(x -> x.response != null).reduce((a, b) -> b).orElse(null);
        } else {
            p = payments.get((ref.saleId() != null ? ref.saleId() : h.saleId()) + "/" + ref.serviceId());
        }
        if (p == null) return SaleToPOIResponse.transactionStatus(h.response(),
                new TransactionStatusResponse(Response.failure("NotFound", "message=no such payment"), ref, null));
        SaleToPOIResponse done = p.response;
        if (done == null) return SaleToPOIResponse.transactionStatus(h.response(),
                new TransactionStatusResponse(Response.failure("InProgress", "message=payment in progress"), ref, null));
        return SaleToPOIResponse.transactionStatus(h.response(), new TransactionStatusResponse(Response.success(), ref,
                new RepeatedMessageResponse(done.header(), new RepeatedResponseMessageBody(done.payment()))));
    }

    /** Like a PSP reference, 16 characters, but letters too, so no log mistakes it for a card number. */
    private String pspReference() {
        String chars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        StringBuilder b = new StringBuilder("SIM");
        for (int i = 0; i < 13; i++) b.append(chars.charAt(random.nextInt(chars.length())));
        return b.toString();
    }

    private String approvalCode() {
        String chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) b.append(chars.charAt(random.nextInt(chars.length())));
        return b.toString();
    }
}
