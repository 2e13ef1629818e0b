package tillbridge.agent.internal;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.agent.AgentEvents;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;

/** {@link AgentEvents} as log lines on stderr. */
public final class LoggingAgentEvents implements AgentEvents {
    private static final Logger LOG = LoggerFactory.getLogger("tillbridge.agent");

    @Override
    public void connecting(String mode, String url, long lastEventId) {
        LOG.debug("connecting ({}) to {}{}", mode, url, lastEventId >= 0 ? ", Last-Event-ID " + lastEventId : "");
    }

    @Override
    public void connected(String mode) {
        LOG.info("connected to the hub ({})", mode);
    }

    @Override
    public void disconnected(String mode, String reason, int attempt, Duration delay) {
        if (attempt <= 1) LOG.info("hub connection ({}) ended: {}; reconnecting in {} ms (attempt {})", mode, reason, delay.toMillis(), attempt);
        else LOG.warn("hub connection ({}) failed: {}; reconnecting in {} ms (attempt {})", mode, reason, delay.toMillis(), attempt);
    }

    @Override
    public void modeChanged(String from, String to, String reason) {
        LOG.warn("switching from {} to {}: {}", from, to, reason);
    }

    @Override
    public void reconnectingNow(String mode, String why) {
        LOG.warn("connecting to the hub again at once ({} ended): {}", mode, why);
    }

    @Override
    public void pingShortened(Duration from, Duration to, String reason) {
        LOG.warn("ping period shortened: {}", reason);
    }

    @Override
    public void superseded(String mode, String reason) {
        LOG.warn("hub connection ({}) taken over: {}", mode, reason);
    }

    @Override
    public void heartbeatFailed(String reason) {
        LOG.debug("heartbeat not taken: {}", reason);
    }

    @Override
    public void jobReceived(String jobId, String type, long eventId) {
        LOG.info("job {} ({}) received as event {}, journaled", jobId, type, eventId);
    }

    @Override
    public void jobDuplicate(String jobId, String stage) {
        LOG.info("job {} received again (journal stage {}): ignored, acknowledged again", jobId, stage);
    }

    @Override
    public void jobStarted(String jobId, String what) {
        LOG.info("job {}: {}", jobId, what);
    }

    @Override
    public void paymentSent(String jobId, String reference) {
        LOG.info("job {}: S1 {} acknowledged by the terminal", jobId, reference);
    }

    @Override
    public void jobFinished(String jobId, JobState state, String summary) {
        LOG.info("job {} {}: {}", jobId, state.wire(), summary);
    }

    @Override
    public void recovering(String jobId, String action, String why) {
        LOG.warn("job {}: {} ({})", jobId, action, why);
    }

    @Override
    public void posted(String jobId, String what) {
        LOG.debug("job {}: {} posted", jobId, what);
    }

    @Override
    public void postFailed(String jobId, String what, String error, boolean willRetry) {
        LOG.warn("job {}: posting {} failed: {}{}", jobId, what, error, willRetry ? "; will retry" : "; giving up on it");
    }

    @Override
    public void resultRefused(String jobId, JobResult r, String why) {
        LOG.error("job {}: the hub refused its result for good ({}): the terminal said {} ({}), payment reference {}; the box office "
                + "does not know it: settle it by hand (the result stays in journal.jsonl)", jobId, why, r.outcome().wire(), r.state().wire(),
                r.reference().orElse("?"));
    }

    @Override
    public void answerIgnored(String jobId, String prompt, String why) {
        LOG.info("job {}: answer to prompt {} ignored: {}", jobId, prompt, why);
    }

    @Override
    public void problem(String what, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            // an environment problem, said in one line; the trace only helps a developer
            LOG.error("{}: {}", what, cause.getMessage());
            LOG.debug("{}", what, cause);
        } else {
            LOG.error("{}: {}", what, cause.getMessage(), cause);
        }
    }

    @Override
    public void unreachable(Map<String, String> devices) {
        if (devices.isEmpty()) LOG.info("every terminal and printer answers");
        devices.forEach((down, why) -> LOG.warn("{}: {}", down, why));
    }
}
