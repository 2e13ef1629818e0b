package tillbridge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import tillbridge.agent.internal.HubClient;
import tillbridge.agent.internal.HubConnection;
import tillbridge.agent.internal.Jobs;
import tillbridge.agent.internal.JobJournal;
import tillbridge.agent.internal.Reconnect;
import tillbridge.agent.internal.Time;
import tillbridge.agent.internal.Uplink;
import tillbridge.common.Version;
import tillbridge.ecr.EcrOptions;

/**
 * A running agent: the journal, recovery of what it holds, the connection to the hub and the
 * payment lanes. {@link #close} stops it; a payment still running is then recovered at the next
 * start (its S1 is never sent twice).
 */
public final class Agent implements AutoCloseable {
    public static final String VERSION = Version.NUMBER;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobJournal journal;
    private final Uplink uplink;
    private final Jobs jobs;
    private final HubConnection connection;
    private final Thread thread;
    /** Posts the status after a printer's state changed: one at a time, stopped with the agent (a restart from the page makes a new one). */
    private final ExecutorService statusPosts = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("status-post").factory());

    /**
     * @param dir            config directory (holds the journal)
     * @param holdBeforeRun  test-only pause between acknowledging a new job and running it; zero normally
     * @param ready          called once, after the first successful connection to the hub
     */
    public record Settings(Path dir, EcrOptions ecr, Duration holdBeforeRun, AgentEvents events, Runnable ready) {
        public Settings {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(ecr, "ecr");
            Objects.requireNonNull(holdBeforeRun, "holdBeforeRun");
            events = events == null ? AgentEvents.NONE : events;
            ready = ready == null ? () -> { } : ready;
        }
    }

    private Agent(JobJournal journal, Uplink uplink, Jobs jobs, HubConnection connection) {
        this.journal = journal;
        this.uplink = uplink;
        this.jobs = jobs;
        this.connection = connection;
        this.thread = Thread.ofVirtual().name("hub-connection").unstarted(connection);
    }

    public static Agent start(AgentConfig config, Credentials credentials, Settings s) throws IOException {
        JobJournal journal = JobJournal.open(s.dir(), Clock.systemUTC());
        try {
            HubClient hub = new HubClient(config.hub(), credentials.token(), HubClient.http(config.trustStore(), config.proxy().forHub(config.hub(), System.getenv())));
            Uplink uplink = new Uplink(hub, journal, s.events());
            Jobs jobs = new Jobs(config, journal, uplink, s.events(), s.ecr(), s.holdBeforeRun(), Time.SYSTEM);
            AtomicBoolean readySent = new AtomicBoolean();
            Runnable onConnected = () -> {
                try {
                    hub.status(jobs.status(VERSION));
                } catch (IOException e) {
                    s.events().problem("posting the agent status", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (readySent.compareAndSet(false, true)) s.ready().run();
            };
            HubConnection conn = new HubConnection(hub, config.ping(), jobs, new Reconnect(RandomGenerator.getDefault()), s.events(), onConnected);
            Agent a = new Agent(journal, uplink, jobs, conn);
            jobs.onPrintersChanged(a.statusPoster(hub, jobs, s.events()));
            jobs.recover();
            a.thread.start();
            return a;
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /**
     * A job made on this machine (the status page's test print or test payment, id
     * {@link Uplink#LOCAL_PREFIX}…): journaled and run as a job from the hub is, but not reported to it.
     */
    public void offerLocal(ObjectNode job) throws IOException {
        if (!Uplink.local(job.path("id").asText())) throw new IllegalArgumentException("a local job's id starts with " + Uplink.LOCAL_PREFIX);
        jobs.offer(job, 0);
    }

    /** An answer to a job's prompt, as if the box office had sent it. */
    public void answer(String jobId, String prompt, String answer) {
        jobs.answer(JSON.createObjectNode().put("job_id", jobId).put("prompt", prompt).put("answer", answer));
    }

    /** Whether a job is under way (no result yet): stopping now would leave its outcome to be asked about. */
    public boolean busy() {
        return journal.jobs().stream().anyMatch(j -> j.result().isEmpty());
    }

    /**
     * Posts the status again in the background after a printer's state changed, so the hub's site
     * status shows each printer's latest state: one post at a time, the changes made while one is
     * waiting folded into it; a failed post is only logged (the next change or reconnection posts again).
     */
    private Runnable statusPoster(HubClient hub, Jobs jobs, AgentEvents events) {
        AtomicBoolean queued = new AtomicBoolean();
        return () -> {
            if (!queued.compareAndSet(false, true)) return; // a post not yet begun will carry this change too
            statusPosts.execute(() -> {
                queued.set(false);
                try {
                    hub.status(jobs.status(VERSION));
                } catch (IOException e) {
                    events.problem("posting the agent status", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        };
    }

    @Override
    public void close() throws IOException {
        connection.close();
        statusPosts.shutdownNow();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobs.close();
        uplink.close();
        journal.close();
    }
}
