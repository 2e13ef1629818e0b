package tillbridge.hub;

import java.time.Duration;

/**
 * What happens in the hub, for logs and metrics. Every method has a no-op default; never passed
 * a secret (API keys, agent tokens and registration codes stay out of events).
 */
public interface HubEvents {
    default void started(String url, String store) {}

    default void siteCreated(String tenantId, String siteId) {}

    default void codeIssued(String siteId, Duration validity) {}

    default void agentRegistered(String siteId, String agentVersion, String remote) {}

    default void streamOpened(String siteId, String remote, Duration ping, long lastEventId) {}

    default void streamClosed(String siteId, String remote, String reason) {}

    default void jobSubmitted(String tenantId, String siteId, String jobId, String type, boolean created) {}

    /** A print document was uploaded ({@code created} false: the same bytes were there already). */
    default void documentStored(String siteId, String documentId, long bytes, boolean created) {}

    /** A job or an answer was handed to an agent ({@code via} stream or poll). */
    default void delivered(String siteId, String kind, String jobId, long seq, String via) {}

    /** A job was handed to its agent for the first time (queued became delivered), {@code sinceSubmitted} after it was submitted. */
    default void firstDelivered(String siteId, String jobId, Duration sinceSubmitted, String via) {}

    default void jobUpdated(String siteId, String jobId, String state, String what) {}

    /** A request was refused with a 4xx answer. */
    default void refused(String method, String path, String remote, int status, String message) {}

    /** A request failed on our side (5xx). */
    default void failed(String method, String path, Throwable cause) {}

    HubEvents NONE = new HubEvents() {};
}
