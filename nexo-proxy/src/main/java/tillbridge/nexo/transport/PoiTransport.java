package tillbridge.nexo.transport;

import java.time.Duration;
import java.util.function.Function;
import tillbridge.nexo.model.Nexo.ResponseEnvelope;
import tillbridge.nexo.model.Nexo.SaleToPOIRequest;
import tillbridge.nexo.model.Nexo.SaleToPOIResponse;

/**
 * The way to the POI: one request and its response per exchange (an HTTPS POST, or one framed TCP
 * connection). The outcome says whether the request can have reached the POI, which decides
 * between "not available" (994: nothing was sent) and "outcome unknown" (995).
 */
public interface PoiTransport extends AutoCloseable {
    /** What happened to one exchange. */
    sealed interface Outcome {}

    /** The POI answered; {@code json} is the raw answer (for logs, at most 64 KiB). */
    record Answer(ResponseEnvelope envelope, String json) implements Outcome {}

    /** Sent, and nothing to wait for (a request without a response, such as AbortRequest). */
    record Delivered() implements Outcome {}

    /** The request cannot have reached the POI (no connection, TLS refused, HTTP 4xx). */
    record NotSent(String reason) implements Outcome {}

    /** The request may have reached the POI but no usable answer came (timeout, connection lost, HTTP 5xx, unreadable answer). */
    record Lost(String reason) implements Outcome {}

    /**
     * Requests the POI sends to the Sale system during an exchange (TCP only: Display, Input, Print);
     * the answer is sent back on the same connection, null means no answer is due.
     */
    interface DeviceRequests extends Function<SaleToPOIRequest, SaleToPOIResponse> {}

    /**
     * Sends {@code request} and waits at most {@code timeout} for its response. {@code sent} runs
     * once the request has been handed to the connection (so an AbortRequest may follow it).
     */
    Outcome exchange(SaleToPOIRequest request, Duration timeout, DeviceRequests device, Runnable sent);

    default Outcome exchange(SaleToPOIRequest request, Duration timeout, DeviceRequests device) {
        return exchange(request, timeout, device, () -> {});
    }

    /** Sends a request that has no response in nexo (AbortRequest); waits at most {@code timeout} for the transport's acknowledgement. */
    Outcome deliver(SaleToPOIRequest request, Duration timeout);

    /** For logs: where the POI is. */
    String describe();

    @Override
    default void close() {}
}
