package tillbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;

/**
 * What happens in the agent, for logs and metrics, kept out of the code that does the work. Every method has a no-op default.
 * Nothing passed here carries a token or card data (results hold at most a masked PAN).
 */
public interface AgentEvents {
    default void connecting(String mode, String url, long lastEventId) {}

    default void connected(String mode) {}

    /** The connection ended or could not be made; the next attempt follows after {@code delay}. */
    default void disconnected(String mode, String reason, int attempt, Duration delay) {}

    default void modeChanged(String from, String to, String reason) {}

    /** The hub answered a long poll 409: a newer connection with this agent's token took over; this one pauses. */
    default void superseded(String mode, String reason) {}

    /** The connection is ended and made again at once: {@code why} (a resume from sleep, a network change). */
    default void reconnectingNow(String mode, String why) {}

    /** The network cut idle streams sooner than the pings came: the agent now asks for pings every {@code to}. */
    default void pingShortened(Duration from, Duration to, String reason) {}

    /** The hub's ping arrived on the stream (the status page shows when the hub was last heard). */
    default void pinged() {}

    /** A heartbeat after a ping could not be posted; the stream goes on. */
    default void heartbeatFailed(String reason) {}

    default void jobReceived(String jobId, String type, long eventId) {}

    default void jobDuplicate(String jobId, String stage) {}

    default void jobStarted(String jobId, String what) {}

    default void paymentSent(String jobId, String reference) {}

    default void jobFinished(String jobId, JobState state, String summary) {}

    default void recovering(String jobId, String action, String why) {}

    default void posted(String jobId, String what) {}

    /** A call to the hub failed; {@code willRetry} says whether it is tried again. */
    default void postFailed(String jobId, String what, String error, boolean willRetry) {}

    /**
     * The hub refused a job's result for good (it does not know the job, or holds another result):
     * the terminal's outcome ({@code result}: its state, outcome and reference) is in the journal
     * only, and the box office does not have it. Someone must settle it by hand.
     */
    default void resultRefused(String jobId, JobResult result, String why) {}

    default void answerIgnored(String jobId, String prompt, String why) {}

    /**
     * A job's progress event as it goes to the hub ({@code type} {@code prompt}, {@code terminal_status},
     * {@code console_ended}…): the status page shows the prompts and answers them as the box office would.
     */
    default void jobEvent(String jobId, JsonNode event) {}

    default void problem(String what, Throwable cause) {}

    /**
     * The terminals and printers that cannot be reached ({@code terminal T1 unreachable} or
     * {@code printer bar offline} to the reason in plain words), after the first check and
     * whenever that changed; empty when every one answers.
     */
    default void unreachable(Map<String, String> devices) {}

    AgentEvents NONE = new AgentEvents() {};
}
