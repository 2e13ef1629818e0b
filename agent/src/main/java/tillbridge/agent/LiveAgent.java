package tillbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import tillbridge.agent.internal.Time;
import tillbridge.agent.internal.Uplink;
import tillbridge.agent.reach.Reachability;
import tillbridge.agent.ui.FanOutEvents;
import tillbridge.agent.ui.UiServer;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobState;

/**
 * The running {@link Agent} as the status page sees it: a change to agent.json from the page
 * restarts the agent's hub connection and job lanes with the new file (the page and the process
 * stay), unless a job is under way, which a restart would leave with an outcome to be asked
 * about; then the change waits for the next start, and the page says so. Test jobs run through
 * {@link Agent#offerLocal}; a test payment is aborted as soon as the terminal has taken it. The
 * configured terminals and printers are tried while no job runs ({@link Reachability}).
 */
public final class LiveAgent implements UiServer.Setup, AutoCloseable {
    /** The most a test payment may ask for, in minor units: it may complete if the terminal authorises before the abort. */
    static final long TEST_AMOUNT_MAX = 100;
    private final Path dir;
    private final Credentials credentials;
    private final Agent.Settings settings;
    private final Set<String> testPayments = ConcurrentHashMap.newKeySet();
    private AgentConfig config;
    private Agent agent;
    private Thread reach;

    private LiveAgent(Path dir, AgentConfig config, Credentials credentials, Agent.Settings given) {
        this.dir = dir;
        this.config = config;
        this.credentials = credentials;
        AtomicBoolean ready = new AtomicBoolean();
        AgentEvents abortTests = new AgentEvents() {
            @Override
            public void jobEvent(String jobId, JsonNode event) {
                // the terminal took the S1: the cancel prompt is up, and the test has shown the path works
                if (testPayments.contains(jobId) && event.path("type").asText().equals("prompt") && event.path("prompt").asText().equals("cancel")) {
                    Thread.ofVirtual().start(() -> current().answer(jobId, "cancel", "cancel"));
                }
            }

            @Override
            public void jobFinished(String jobId, JobState state, String summary) {
                testPayments.remove(jobId);
            }
        };
        this.settings = new Agent.Settings(given.dir(), given.ecr(), given.holdBeforeRun(), new FanOutEvents(given.events(), abortTests), () -> {
            if (ready.compareAndSet(false, true)) given.ready().run(); // once per process, not per restart
        });
    }

    public static LiveAgent start(AgentConfig config, Credentials credentials, Agent.Settings s) throws IOException {
        LiveAgent a = new LiveAgent(s.dir(), config, credentials, s);
        a.agent = Agent.start(config, credentials, a.settings);
        a.watch();
        return a;
    }

    /** Tries the current configuration's terminals and printers from now on (the previous round of checks stops). */
    private synchronized void watch() {
        if (reach != null) reach.interrupt();
        reach = Thread.ofVirtual().name("reachability").start(new Reachability(Reachability.of(config), () -> current().busy(), Time.SYSTEM,
                settings.events()::unreachable));
    }

    private synchronized Agent current() {
        return agent;
    }

    @Override
    public JsonNode config() throws IOException {
        ObjectNode c = AgentConfig.tree(dir);
        if (c.path("proxy").isTextual()) c.put("proxy", c.get("proxy").asText().replaceAll("(//[^:/@]*:)[^@]*@", "$1***@"));
        return c;
    }

    @Override
    public synchronized String change(JsonNode change) throws AgentConfig.Invalid, IOException {
        AgentConfig next = ConfigEdit.save(dir, change);
        if (next.equals(config)) return "saved; nothing the agent uses changed";
        if (agent.busy()) return "saved; a job is under way, so the change takes effect when the agent is restarted";
        reach.interrupt();
        agent.close();
        config = next;
        agent = Agent.start(next, credentials, settings);
        watch();
        return "saved; the agent restarted its hub connection and jobs with it";
    }

    @Override
    public String testPrint(String printer) throws IOException {
        String id = Uplink.LOCAL_PREFIX + "print-" + UUID.randomUUID();
        ObjectNode job = AgentConfig.JSON.createObjectNode().put("id", id).put("type", "print");
        job.set("request", JobJson.encode(new JobRequest.Print(new JobRequest.Inline("text/plain; charset=utf-8",
                "tillbridge test print\nprinter " + printer + "\n" + Instant.now() + "\n\n\n", Optional.empty()),
                Optional.of(printer), OptionalInt.empty(), Optional.empty())));
        current().offerLocal(job);
        return id;
    }

    @Override
    public String testPayment(String terminal, long amount, String currency) throws IOException {
        if (amount < 1 || amount > TEST_AMOUNT_MAX) {
            throw new IllegalArgumentException("amount: a test payment is 1.." + TEST_AMOUNT_MAX + " minor units (it may complete before the abort)");
        }
        if (!currency.matches("[A-Z]{3}")) throw new IllegalArgumentException("currency: three capital letters, e.g. PLN");
        String id = Uplink.LOCAL_PREFIX + "pay-" + UUID.randomUUID();
        ObjectNode job = AgentConfig.JSON.createObjectNode().put("id", id).put("type", "payment");
        job.set("request", JobJson.encode(new JobRequest.Payment(amount, currency, "test payment", Optional.of(terminal))));
        testPayments.add(id);
        current().offerLocal(job);
        return id;
    }

    @Override
    public void answer(String job, String prompt, String answer) {
        current().answer(job, prompt, answer);
    }

    @Override
    public synchronized void close() throws IOException {
        reach.interrupt();
        agent.close();
    }
}
