package tillbridge.nexo;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelPeer;
import tillbridge.nexo.FrobToNexo.Session;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;
import tillbridge.nexo.model.NexoException;
import tillbridge.nexo.transport.PoiTransport;
import tillbridge.nexo.transport.PoiTransport.Answer;
import tillbridge.nexo.transport.PoiTransport.Delivered;
import tillbridge.nexo.transport.PoiTransport.Lost;
import tillbridge.nexo.transport.PoiTransport.NotSent;
import tillbridge.protocol.message.Sale;

/**
 * A connection's sales: S1 kind S becomes a PaymentRequest, P1 an AbortRequest, S1 kind C a
 * TransactionStatusRequest (docs/nexo.md). Each nexo exchange runs on its own virtual thread, so a
 * P1 or a status query is taken while a payment waits.
 */
final class SaleRequests {
    private static final Logger log = LoggerFactory.getLogger(FrobToNexo.class); // one logger tells a connection's story

    private final FrobToNexo conn;
    private final DeviceRelay device;

    SaleRequests(FrobToNexo conn, DeviceRelay device) {
        this.conn = conn;
        this.device = device;
    }

    /**
     * A PaymentRequest waiting for its response. {@code sent} opens once the request is on the
     * connection ({@code wasSent}) or has failed; an AbortRequest waits for it, so it cannot overtake
     * the payment, and is not sent at all for a payment that never went out.
     */
    record Running(ServiceIdJournal.Key key, Mapping.Ids ids, String token, Sale.Start s1, AtomicBoolean abortSent,
                   CountDownLatch sent, AtomicBoolean wasSent) {
        void markSent() {
            wasSent.set(true);
            sent.countDown();
        }
    }

    /** S1 kind S: a PaymentRequest, on a virtual thread of its own. */
    void sale(Session s, String token, Sale.Start s1) {
        if (s.payment != null) {
            log.warn("{} {}: S1 {} while a sale runs on this session", conn.name, s.id, token);
            conn.sendPacket(s, Sale.End.of(Sale.End.BUSY, "busy: a sale is running on this session"), token);
            return;
        }
        ServiceIdJournal.Key key = new ServiceIdJournal.Key(s1.ecrId(), s1.paymentId());
        if (!conn.proxy.inProgress.contains(key) && conn.proxy.journal.find(key).isPresent()) {
            // A till that retries after a crash must not pay twice: the POI is asked what became of the first request.
            log.warn("{} {}: payment {}/{} was already requested from the POI: answering its outcome, not paying again", conn.name, s.id,
                    s1.ecrId(), s1.paymentId());
            lookUp(s, token, s1);
            return;
        }
        if (!conn.proxy.inProgress.add(key)) {
            conn.sendPacket(s, Sale.End.of(Sale.End.BUSY, Text.fit("busy: payment " + s1.paymentId() + " is in progress", 80)), token);
            return;
        }
        Mapping.Ids ids = new Mapping.Ids(conn.proxy.serviceIds.next(), s1.ecrId(), conn.proxy.config.poiId());
        try {
            conn.proxy.journal.record(key, new ServiceIdJournal.Entry(ids, s1.currency(), s1.gross(), s1.cashback()));
        } catch (IOException e) {
            conn.proxy.inProgress.remove(key);
            log.error("{} {}: cannot journal payment {}/{}: {}; not sent", conn.name, s.id, s1.ecrId(), s1.paymentId(), e.toString());
            conn.sendPacket(s, Sale.End.of(Sale.End.UNAVAILABLE, "payment application not available: journal failed"), token);
            return;
        }
        s.lastEcrId = s1.ecrId();
        Running run = new Running(key, ids, token, s1, new AtomicBoolean(), new CountDownLatch(1), new AtomicBoolean());
        s.payment = run;
        conn.start("pay-" + ids.serviceId(), () -> runSale(s, run));
    }

    private void runSale(Session s, Running run) {
        Sale.End end;
        try {
            SaleToPOIRequest req = Mapping.payment(run.s1(), run.ids(), Instant.now());
            log.info("{} {}: -> nexo PaymentRequest ServiceID {} SaleID {} TransactionID {} {} {} to {}", conn.name, s.id, run.ids().serviceId(),
                    run.ids().saleId(), run.s1().paymentId(), req.payment().paymentTransaction().amountsReq().requestedAmount().toPlainString(),
                    run.s1().currency(), conn.proxy.poi.describe());
            PoiTransport.Outcome o = conn.proxy.poi.exchange(req, conn.proxy.config.paymentTimeout(), device.forSession(s), () -> {
                conn.sendPacket(s, new Sale.Status(Sale.Status.WAITING_FOR_CARD, "waiting for card"), "");
                run.markSent();
            });
            run.sent().countDown();
            end = switch (o) {
                case Answer a -> {
                    Sale.End e = paymentAnswer(s, a, req, run.s1());
                    if (e.result().orElse(-1) != Sale.End.UNKNOWN) conn.sendPacket(s, new Sale.Status(Sale.Status.WAITING_FOR_AUTHORISATION, "waiting for authorisation"), "");
                    yield e;
                }
                case NotSent n -> {
                    log.warn("{} {}: PaymentRequest {} not sent: {}", conn.name, s.id, run.ids().serviceId(), n.reason());
                    forget(s, run.key());
                    yield Sale.End.of(Sale.End.UNAVAILABLE, Text.fit("payment application not available: " + n.reason(), 80));
                }
                case Lost l -> {
                    log.warn("{} {}: PaymentRequest {}: {}; outcome unknown", conn.name, s.id, run.ids().serviceId(), l.reason());
                    yield Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + l.reason(), 80));
                }
                case Delivered d -> Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: no PaymentResponse");
            };
        } catch (RuntimeException e) {
            log.error("{} {}: bug while paying {}: {}", conn.name, s.id, run.ids().serviceId(), e.toString(), e);
            end = Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: internal error; ask with a status query");
        } finally {
            run.sent().countDown();
            conn.proxy.inProgress.remove(run.key());
            if (s.payment == run) s.payment = null;
        }
        log.info("{} {}: payment {}/{} (ServiceID {}): result {} {}", conn.name, s.id, run.s1().ecrId(), run.s1().paymentId(), run.ids().serviceId(),
                end.result().orElse(-1), end.message());
        if (s.closed) log.warn("{} {}: session closed; the outcome above is not sent (a status query finds it)", conn.name, s.id);
        else conn.sendPacket(s, end.answering(run.s1()), run.token());
    }

    private Sale.End paymentAnswer(Session s, Answer a, SaleToPOIRequest req, Sale.Start s1) {
        log.debug("{} {}: <- nexo {}", conn.name, s.id, ChannelPeer.preview(a.json()));
        try {
            var env = a.envelope();
            if (env.response() == null) return rejected(env.request());
            SaleToPOIResponse r = Mapping.matching(env.response(), req.header());
            if (r.payment() == null) throw new NexoException("PaymentResponse missing");
            Sale.End end = Mapping.saleEnd(r.payment(), r.header(), s1, conn.proxy.config.poiId());
            log.info("{} {}: <- nexo PaymentResponse {} {}{}", conn.name, s.id, r.payment().response().result(),
                    r.payment().response().errorCondition() == null ? "" : r.payment().response().errorCondition(),
                    end.maskedPan().isEmpty() ? "" : " card " + end.maskedPan());
            return end;
        } catch (NexoException e) {
            log.warn("{} {}: unusable answer to PaymentRequest {}: {}", conn.name, s.id, req.header().serviceId(), e.getMessage());
            return Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + e.getMessage(), 80));
        }
    }

    /** An EventNotification Reject instead of a response: the POI did not take the request. Anything else: unknown. */
    static Sale.End rejected(SaleToPOIRequest event) throws NexoException {
        if (event != null && event.event() != null && "Reject".equals(event.event().eventToNotify()))
            return Sale.End.of(Sale.End.REJECTED, Text.fit("rejected by the POI: " + Mapping.detail(event.event().eventDetails()), 80));
        throw new NexoException("answer is neither a response nor a Reject");
    }

    /** P1: an AbortRequest for the session's running payment, sent once it is out. */
    void abort(Session s) {
        Running run = s.payment;
        if (run == null) {
            log.info("{} {}: P1 with no sale running; ignored", conn.name, s.id);
            return;
        }
        if (!run.abortSent().compareAndSet(false, true)) {
            log.info("{} {}: P1 again; the AbortRequest is already out", conn.name, s.id);
            return;
        }
        conn.sendPacket(s, new Sale.Status(Sale.Status.ABORTING, "aborting"), "");
        conn.start("abort-" + run.ids().serviceId(), () -> sendAbort(s, run));
    }

    void sendAbort(Session s, Running run) {
        try {
            run.sent().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!run.wasSent().get()) {
            log.info("{} {}: payment {} was never sent; no AbortRequest", conn.name, s.id, run.ids().serviceId());
            return;
        }
        SaleToPOIRequest req = Mapping.abort(run.ids(), conn.proxy.serviceIds.next());
        log.info("{} {}: -> nexo AbortRequest ServiceID {} for payment ServiceID {}", conn.name, s.id, req.header().serviceId(), run.ids().serviceId());
        switch (conn.proxy.poi.deliver(req, conn.proxy.config.requestTimeout())) {
            case Delivered d -> log.info("{} {}: AbortRequest delivered; the PaymentResponse ends the sale", conn.name, s.id);
            case Answer a -> log.info("{} {}: AbortRequest answered", conn.name, s.id);
            case NotSent n -> log.warn("{} {}: AbortRequest not sent: {}", conn.name, s.id, n.reason());
            case Lost l -> log.warn("{} {}: AbortRequest may be lost: {}", conn.name, s.id, l.reason());
        }
    }

    /**
     * The payment never reached the POI: the till, told 994, sends it again, and that must pay, not
     * be answered as a repeat. If forgetting fails the retry is only asked about (995), never paid twice.
     */
    private void forget(Session s, ServiceIdJournal.Key key) {
        try {
            conn.proxy.journal.forget(key);
        } catch (IOException e) {
            log.error("{} {}: cannot forget unsent payment {}/{} in the journal: {}; a retry will be asked about, not paid", conn.name, s.id,
                    key.ecrId(), key.paymentId(), e.toString());
        }
    }

    /** S1 kind C: a TransactionStatusRequest for a journaled payment. */
    void statusQuery(Session s, String token, Sale.Start q) {
        ServiceIdJournal.Key key = new ServiceIdJournal.Key(q.ecrId(), q.paymentId());
        if (conn.proxy.inProgress.contains(key)) {
            conn.sendPacket(s, Sale.End.of(Sale.End.BUSY, "payment in progress, ask again").answering(q), token);
            return;
        }
        if (conn.proxy.journal.find(key).isEmpty()) {
            log.info("{} {}: status query for {}/{}: no PaymentRequest recorded", conn.name, s.id, q.ecrId(), q.paymentId());
            conn.sendPacket(s, Sale.End.of(Sale.End.NO_SUCH_TRANSACTION, "no such transaction").answering(q), token);
            return;
        }
        lookUp(s, token, q);
    }

    /**
     * Answers {@code asked} (a status query, or a sale asked again) with what the POI says of the
     * journaled payment with its ids. A sale asked again gets a sale's answer: 995 (ask later) when
     * the POI cannot tell, never a code the ECR would read as a decline.
     */
    private void lookUp(Session s, String token, Sale.Start asked) {
        ServiceIdJournal.Entry recorded = conn.proxy.journal.find(new ServiceIdJournal.Key(asked.ecrId(), asked.paymentId())).orElseThrow();
        Mapping.Ids payment = recorded.ids();
        // the ECR's status query may carry no amounts (ecr status sends 0 XXX): the recorded S1 stands in for them
        Sale.Start sent = new Sale.Start(Sale.SALE, asked.ecrId(), asked.paymentId(), recorded.gross(), recorded.gross(), 0,
                recorded.currency(), recorded.cashback(), java.util.OptionalLong.empty());
        conn.start("status-" + payment.serviceId(), () -> {
            SaleToPOIRequest req = Mapping.transactionStatus(payment, conn.proxy.serviceIds.next());
            log.info("{} {}: -> nexo TransactionStatusRequest ServiceID {} for payment ServiceID {}", conn.name, s.id, req.header().serviceId(), payment.serviceId());
            Sale.End end = switch (conn.proxy.poi.exchange(req, conn.proxy.config.requestTimeout(), device.forSession(s))) {
                case Answer a -> {
                    log.debug("{} {}: <- nexo {}", conn.name, s.id, ChannelPeer.preview(a.json()));
                    try {
                        if (a.envelope().response() == null) yield rejected(a.envelope().request());
                        SaleToPOIResponse r = Mapping.matching(a.envelope().response(), req.header());
                        yield Mapping.statusEnd(r.transactionStatus(), payment, sent, conn.proxy.config.poiId());
                    } catch (NexoException e) {
                        log.warn("{} {}: unusable TransactionStatusResponse: {}", conn.name, s.id, e.getMessage());
                        yield Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + e.getMessage(), 80));
                    }
                }
                case NotSent n -> Sale.End.of(Sale.End.UNAVAILABLE, Text.fit("payment application not available: " + n.reason(), 80));
                case Lost l -> Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + l.reason(), 80));
                case Delivered d -> Sale.End.of(Sale.End.UNKNOWN, "outcome unknown: no TransactionStatusResponse");
            };
            log.info("{} {}: status of {}/{}: result {} {}", conn.name, s.id, asked.ecrId(), asked.paymentId(), end.result().orElse(-1), end.message());
            if (!asked.isStatusQuery() && !isOutcome(end)) end = Sale.End.of(Sale.End.UNKNOWN, Text.fit("outcome unknown: " + end.message(), 80));
            conn.sendPacket(s, end.answering(asked), token);
        });
    }

    /** An S2 that says what became of a payment (not "busy", "unavailable", "no such" or "rejected"). */
    private static boolean isOutcome(Sale.End end) {
        int code = end.result().orElse(Sale.End.UNKNOWN);
        return code != Sale.End.BUSY && code != Sale.End.UNAVAILABLE && code != Sale.End.NO_SUCH_TRANSACTION
                && code != Sale.End.REJECTED && code != Sale.End.UNKNOWN;
    }
}
