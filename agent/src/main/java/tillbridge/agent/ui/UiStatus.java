package tillbridge.agent.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tillbridge.agent.AgentEvents;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;

/**
 * What the status page shows, kept from the agent's events: at a glance the hub connection
 * (connected, or the problem in the words of the event's reason) or, while the hub is reached, the
 * first terminal or printer that is not; when the hub was last heard, the latest problem, the
 * unreachable terminals and printers, and the recent jobs with their events. Bounded: {@link #JOBS} jobs of {@link #EVENTS_PER_JOB}
 * events each. Every change is handed to the listeners as the new {@link #snapshot}.
 */
public final class UiStatus implements AgentEvents {
    static final int JOBS = 20;
    static final int EVENTS_PER_JOB = 30;
    /** Prompt ids of the terminal's operator console (the payment's own is {@code cancel}). */
    private static final String CONSOLE = "console-";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** green: connected; amber: connected a worse way, or about to connect; red: not connected. */
    public enum Light { GREEN, AMBER, RED }

    private final Clock clock;
    private final String version;
    private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();
    /** The hub connection's state. */
    private Light light = Light.AMBER;
    private String headline = "starting";
    private String detail = "";
    private String mode = "";
    /** The terminals and printers not reached, headline ("terminal T1 unreachable") to reason. */
    private Map<String, String> unreachable = Map.of();
    /** What the page showed first at the last change, and since when. */
    private Glance shown;
    private Instant since;
    private Instant lastHeard;
    private String lastProblem;
    private Instant lastProblemAt;
    private boolean registered = true;
    private final Map<String, Deque<ObjectNode>> jobEvents = new LinkedHashMap<>();
    private final Map<String, ObjectNode> jobs = new LinkedHashMap<>();
    /** Questions waiting for an answer, by job id and prompt id, oldest first. */
    private final Map<String, ObjectNode> prompts = new LinkedHashMap<>();

    public UiStatus(Clock clock, String version) {
        this.clock = clock;
        this.version = version;
        this.since = clock.instant();
        this.shown = glance();
    }

    /** What the page and the tray icon show first. */
    private record Glance(Light light, String headline, String detail) {}

    public void listen(Consumer<ObjectNode> l) {
        listeners.add(l);
    }

    public void unlisten(Consumer<ObjectNode> l) {
        listeners.remove(l);
    }

    /** The agent has no credentials yet: the page offers registration. */
    public void unregistered() {
        change(() -> {
            registered = false;
            set(Light.RED, "not registered", "enter the hub's address and the registration code from the box office", "");
        });
    }

    /** Registration went through; the agent starts. */
    public void registered(String siteId) {
        change(() -> {
            registered = true;
            set(Light.AMBER, "registered as site " + siteId, "connecting to the hub", "");
        });
    }

    @Override
    public void connecting(String mode, String url, long lastEventId) {
        change(() -> {
            if (light != Light.RED) set(Light.AMBER, "connecting to the hub", url, mode);
        });
    }

    @Override
    public void connected(String mode) {
        change(() -> {
            set(mode.equals("stream") ? Light.GREEN : Light.AMBER, "connected to the hub",
                    mode.equals("stream") ? "" : "by long poll (a proxy on the way holds the stream back)", mode);
            lastHeard = clock.instant();
        });
    }

    @Override
    public void disconnected(String mode, String reason, int attempt, Duration delay) {
        change(() -> set(Light.RED, "not connected to the hub", reason + "; trying again in " + seconds(delay) + " (attempt " + attempt + ")", mode));
    }

    @Override
    public void modeChanged(String from, String to, String reason) {
        change(() -> problem("switching from " + from + " to " + to + ": " + reason));
    }

    @Override
    public void superseded(String mode, String reason) {
        change(() -> set(Light.RED, "another agent took the connection over", reason, mode));
    }

    @Override
    public void reconnectingNow(String mode, String why) {
        change(() -> set(Light.AMBER, "connecting to the hub again", why, mode));
    }

    @Override
    public void pingShortened(Duration from, Duration to, String reason) {
        change(() -> problem("ping period shortened: " + reason));
    }

    @Override
    public void pinged() {
        change(() -> lastHeard = clock.instant());
    }

    @Override
    public void heartbeatFailed(String reason) {
        change(() -> problem("heartbeat not taken: " + reason));
    }

    @Override
    public void jobReceived(String jobId, String type, long eventId) {
        change(() -> {
            ObjectNode j = job(jobId);
            j.put("type", type);
            j.put("state", "received");
            event(jobId, "received");
        });
    }

    @Override
    public void jobDuplicate(String jobId, String stage) {
        change(() -> event(jobId, "received again (" + stage + "): ignored"));
    }

    @Override
    public void jobStarted(String jobId, String what) {
        change(() -> {
            job(jobId).put("state", "running");
            event(jobId, what);
        });
    }

    @Override
    public void paymentSent(String jobId, String reference) {
        change(() -> event(jobId, "payment " + reference + " sent to the terminal"));
    }

    @Override
    public void jobFinished(String jobId, JobState state, String summary) {
        change(() -> {
            job(jobId).put("state", state.wire());
            prompts.values().removeIf(p -> p.path("job").asText().equals(jobId));
            event(jobId, state.wire() + (summary.isEmpty() ? "" : ": " + summary));
            // a terminal unreachable, a printer offline: said where it is seen first, not only in the job's list
            if (state != JobState.DONE) problem("job " + jobId + " " + state.wire() + (summary.isEmpty() ? "" : ": " + summary));
        });
    }

    @Override
    public void recovering(String jobId, String action, String why) {
        change(() -> {
            event(jobId, action + " (" + why + ")");
            problem("job " + jobId + ": " + action + " (" + why + ")");
        });
    }

    @Override
    public void posted(String jobId, String what) {
        change(() -> event(jobId, what + " posted to the hub"));
    }

    @Override
    public void postFailed(String jobId, String what, String error, boolean willRetry) {
        change(() -> event(jobId, "posting " + what + " failed: " + error + (willRetry ? "; will retry" : "; given up")));
    }

    @Override
    public void resultRefused(String jobId, JobResult result, String why) {
        change(() -> {
            String text = "the hub refused its result (" + why + "): the terminal said " + result.outcome().wire() + ", reference "
                    + result.reference().orElse("?")
                    + "; settle it by hand";
            event(jobId, text);
            problem("job " + jobId + ": " + text);
        });
    }

    @Override
    public void answerIgnored(String jobId, String prompt, String why) {
        change(() -> event(jobId, "answer to " + prompt + " ignored: " + why));
    }

    /**
     * A prompt (the payment's cancel, or the terminal asking the cashier through the operator
     * console) is shown until it is answered, the console session ends or the job finishes; the
     * console asks one thing at a time, so a new console prompt replaces the job's previous one.
     */
    @Override
    public void jobEvent(String jobId, JsonNode e) {
        String type = e.path("type").asText();
        if (!type.equals("prompt") && !type.equals("console_ended")) return;
        change(() -> {
            prompts.values().removeIf(p -> p.path("job").asText().equals(jobId) && p.path("prompt").asText().startsWith(CONSOLE));
            if (type.equals("console_ended")) return;
            String id = e.path("prompt").asText();
            ObjectNode p = JSON.createObjectNode().put("job", jobId).put("prompt", id).put("kind", e.path("kind").asText("question"))
                    .put("text", e.path("text").asText());
            p.set("answers", e.path("answers").isArray() ? e.get("answers").deepCopy() : JSON.createArrayNode());
            if (prompts.size() == JOBS) prompts.remove(prompts.keySet().iterator().next());
            prompts.put(jobId + "/" + id, p);
            if (id.startsWith(CONSOLE)) event(jobId, "the terminal asks: " + p.get("text").asText());
        });
    }

    /** The page answered a prompt: it is no longer shown (an answer that came too late is said in the job's events). */
    public void answered(String jobId, String prompt) {
        change(() -> prompts.remove(jobId + "/" + prompt));
    }

    @Override
    public void problem(String what, Throwable cause) {
        change(() -> problem(what + ": " + cause.getMessage()));
    }

    @Override
    public void unreachable(Map<String, String> devices) {
        change(() -> unreachable = new LinkedHashMap<>(devices));
    }

    /** The page's whole state as JSON (also {@code GET /status}). */
    public synchronized ObjectNode snapshot() {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", version);
        o.put("registered", registered);
        o.put("light", shown.light().name().toLowerCase(java.util.Locale.ROOT));
        o.put("headline", shown.headline());
        o.put("detail", shown.detail());
        o.put("mode", mode);
        ArrayNode down = o.putArray("unreachable");
        unreachable.forEach((what, why) -> down.addObject().put("what", what).put("why", why));
        o.put("since", since.toString());
        if (lastHeard != null) o.put("last_heard", lastHeard.toString());
        if (lastProblem != null) {
            o.put("last_problem", lastProblem);
            o.put("last_problem_at", lastProblemAt.toString());
        }
        o.putArray("prompts").addAll(prompts.values().stream().map(ObjectNode::deepCopy).toList());
        ArrayNode js = o.putArray("jobs");
        List<String> ids = new ArrayList<>(jobs.keySet());
        for (int i = ids.size() - 1; i >= 0; i--) {
            ObjectNode j = jobs.get(ids.get(i)).deepCopy();
            j.putArray("events").addAll(jobEvents.get(ids.get(i)));
            js.add(j);
        }
        return o;
    }

    private void change(Runnable r) {
        synchronized (this) {
            r.run();
            Glance g = glance();
            if (g.light() != shown.light() || !g.headline().equals(shown.headline())) since = clock.instant();
            shown = g;
        }
        publish();
    }

    /**
     * The hub connection while it is down (nothing else works then) or while no terminal or printer
     * is unreachable; else the first of those, amber, with the connection in the detail.
     */
    private Glance glance() {
        if (light == Light.RED || unreachable.isEmpty()) return new Glance(light, headline, detail);
        Map.Entry<String, String> first = unreachable.entrySet().iterator().next();
        String more = unreachable.size() > 1 ? "; " + (unreachable.size() - 1) + " more below" : "";
        return new Glance(Light.AMBER, first.getKey(), first.getValue() + more + "; hub: " + headline + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    private void publish() {
        ObjectNode s = snapshot();
        for (Consumer<ObjectNode> l : listeners) l.accept(s);
    }

    private void set(Light l, String headline, String detail, String mode) {
        this.light = l;
        this.headline = headline;
        this.detail = detail;
        this.mode = mode;
    }

    private void problem(String text) {
        lastProblem = text;
        lastProblemAt = clock.instant();
    }

    private ObjectNode job(String id) {
        ObjectNode j = jobs.get(id);
        if (j != null) return j;
        if (jobs.size() == JOBS) {
            String oldest = jobs.keySet().iterator().next();
            jobs.remove(oldest);
            jobEvents.remove(oldest);
        }
        j = JSON.createObjectNode().put("id", id).put("type", "").put("state", "");
        jobs.put(id, j);
        jobEvents.put(id, new ArrayDeque<>());
        return j;
    }

    private void event(String jobId, String text) {
        job(jobId);
        Deque<ObjectNode> ev = jobEvents.get(jobId);
        if (ev.size() == EVENTS_PER_JOB) ev.removeFirst();
        ev.addLast(JSON.createObjectNode().put("at", clock.instant().toString()).put("text", text));
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : Math.round(d.toMillis() / 1000.0) + " s";
    }
}
