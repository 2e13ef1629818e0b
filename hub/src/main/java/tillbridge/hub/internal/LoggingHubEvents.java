package tillbridge.hub.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.hub.HubEvents;

/** Hub events as log lines on stderr: what happened, to which site or job, and why. */
public final class LoggingHubEvents implements HubEvents {
    private static final Logger LOG = LoggerFactory.getLogger("tillbridge.hub");

    @Override
    public void started(String url, String store) {
        LOG.info("hub listening on {} with {}", url, store);
    }

    @Override
    public void siteCreated(String tenantId, String siteId) {
        LOG.info("site {} created for tenant {}", siteId, tenantId);
    }

    @Override
    public void codeIssued(String siteId, Duration validity) {
        LOG.info("registration code issued for site {} (valid {} h)", siteId, validity.toHours());
    }

    @Override
    public void agentRegistered(String siteId, String agentVersion, String remote) {
        LOG.info("agent {} registered for site {} from {}", agentVersion, siteId, remote);
    }

    @Override
    public void streamOpened(String siteId, String remote, Duration ping, long lastEventId) {
        LOG.debug("stream opened: site {} from {}, ping {} s, Last-Event-ID {}", siteId, remote, ping.toSeconds(), lastEventId < 0 ? "none" : lastEventId);
    }

    @Override
    public void streamClosed(String siteId, String remote, String reason) {
        LOG.debug("stream closed: site {} from {}: {}", siteId, remote, reason);
    }

    @Override
    public void jobSubmitted(String tenantId, String siteId, String jobId, String type, boolean created) {
        if (created) LOG.info("job {} ({}) queued for site {}", jobId, type, siteId);
        else LOG.info("job {} returned again for a repeated Idempotency-Key (site {})", jobId, siteId);
    }

    @Override
    public void documentStored(String siteId, String documentId, long bytes, boolean created) {
        LOG.info("document {} ({} bytes) {} for site {}", documentId, bytes, created ? "stored" : "uploaded again", siteId);
    }

    @Override
    public void delivered(String siteId, String kind, String jobId, long seq, String via) {
        LOG.debug("{} for job {} handed to site {} by {} as event {}", kind, jobId, siteId, via, seq);
    }

    @Override
    public void jobUpdated(String siteId, String jobId, String state, String what) {
        LOG.info("job {} of site {}: {} (state {})", jobId, siteId, what, state);
    }

    @Override
    public void refused(String method, String path, String remote, int status, String message) {
        // a 503 is the hub turning away load (a reconnect storm: thousands a second), counted in /metrics
        if (status == 503) LOG.debug("{} {} from {} refused with {}: {}", method, path, remote, status, message);
        else LOG.info("{} {} from {} refused with {}: {}", method, path, remote, status, message);
    }

    @Override
    public void failed(String method, String path, Throwable cause) {
        LOG.warn("{} {} failed: {}", method, path, cause.toString(), cause);
    }
}
