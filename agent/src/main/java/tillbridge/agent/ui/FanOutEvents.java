package tillbridge.agent.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tillbridge.agent.AgentEvents;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;

/** Every event to each of several {@link AgentEvents} in turn (the log and the status page). */
public final class FanOutEvents implements AgentEvents {
    private final List<AgentEvents> all;

    public FanOutEvents(AgentEvents... all) {
        this.all = List.of(all);
    }

    @Override
    public void connecting(String mode, String url, long lastEventId) {
        all.forEach(e -> e.connecting(mode, url, lastEventId));
    }

    @Override
    public void connected(String mode) {
        all.forEach(e -> e.connected(mode));
    }

    @Override
    public void disconnected(String mode, String reason, int attempt, Duration delay) {
        all.forEach(e -> e.disconnected(mode, reason, attempt, delay));
    }

    @Override
    public void modeChanged(String from, String to, String reason) {
        all.forEach(e -> e.modeChanged(from, to, reason));
    }

    @Override
    public void superseded(String mode, String reason) {
        all.forEach(e -> e.superseded(mode, reason));
    }

    @Override
    public void reconnectingNow(String mode, String why) {
        all.forEach(e -> e.reconnectingNow(mode, why));
    }

    @Override
    public void pingShortened(Duration from, Duration to, String reason) {
        all.forEach(e -> e.pingShortened(from, to, reason));
    }

    @Override
    public void pinged() {
        all.forEach(AgentEvents::pinged);
    }

    @Override
    public void heartbeatFailed(String reason) {
        all.forEach(e -> e.heartbeatFailed(reason));
    }

    @Override
    public void jobReceived(String jobId, String type, long eventId) {
        all.forEach(e -> e.jobReceived(jobId, type, eventId));
    }

    @Override
    public void jobDuplicate(String jobId, String stage) {
        all.forEach(e -> e.jobDuplicate(jobId, stage));
    }

    @Override
    public void jobStarted(String jobId, String what) {
        all.forEach(e -> e.jobStarted(jobId, what));
    }

    @Override
    public void paymentSent(String jobId, String reference) {
        all.forEach(e -> e.paymentSent(jobId, reference));
    }

    @Override
    public void jobFinished(String jobId, JobState state, String summary) {
        all.forEach(e -> e.jobFinished(jobId, state, summary));
    }

    @Override
    public void recovering(String jobId, String action, String why) {
        all.forEach(e -> e.recovering(jobId, action, why));
    }

    @Override
    public void posted(String jobId, String what) {
        all.forEach(e -> e.posted(jobId, what));
    }

    @Override
    public void postFailed(String jobId, String what, String error, boolean willRetry) {
        all.forEach(e -> e.postFailed(jobId, what, error, willRetry));
    }

    @Override
    public void resultRefused(String jobId, JobResult result, String why) {
        all.forEach(e -> e.resultRefused(jobId, result, why));
    }

    @Override
    public void answerIgnored(String jobId, String prompt, String why) {
        all.forEach(e -> e.answerIgnored(jobId, prompt, why));
    }

    @Override
    public void jobEvent(String jobId, JsonNode event) {
        all.forEach(e -> e.jobEvent(jobId, event));
    }

    @Override
    public void problem(String what, Throwable cause) {
        all.forEach(e -> e.problem(what, cause));
    }

    @Override
    public void unreachable(Map<String, String> devices) {
        all.forEach(e -> e.unreachable(devices));
    }
}
