package tillbridge.agent.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.print.Document;
import tillbridge.agent.internal.HubClient.HubException;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobResult;

/**
 * Everything the agent tells the hub about a job, in order per job (ack, progress events, then
 * the result), each job on its own lane so a slow one holds up no other.
 *
 * <ul>
 *   <li>ack: 3 tries; if all fail the hub re-sends the job after a reconnect and it is acked again.
 *   <li>events (terminal statuses…): 5 tries a second apart, then dropped with a warning; progress
 *       is best effort.
 *   <li>result: already in the journal; tried until the hub takes it (1 s × 5, then every 5 s),
 *       then journaled as posted. A result the hub refuses for good (409 a different result, 404
 *       no such job) is reported as {@link AgentEvents#resultRefused} (an error to settle by hand)
 *       and marked posted; a 400 is left for the next start.
 * </ul>
 *
 * <p>A local job ({@link #LOCAL_PREFIX}: a test print or test payment from the status page) runs
 * as any other, but nothing about it goes to the hub, which never heard of it: its result is only
 * journaled as posted.
 */
public final class Uplink implements AutoCloseable {
    /** Job ids of the status page's test jobs; the hub's own are {@code job_…}. */
    public static final String LOCAL_PREFIX = "local-";
    private final HubClient hub;
    private final JobJournal journal;
    private final AgentEvents events;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("uplink-", 0).factory());
    private final ConcurrentHashMap<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Uplink(HubClient hub, JobJournal journal, AgentEvents events) {
        this.hub = hub;
        this.journal = journal;
        this.events = events;
    }

    /** Acknowledges the job after {@code durable} (forcing its journal record) succeeded; never without it. */
    public void ack(String jobId, Durable durable) {
        lane(jobId, () -> {
            try {
                durable.sync();
            } catch (IOException e) {
                events.problem("job " + jobId + ": forcing its journal record failed; not acknowledged (the hub sends it again)", e);
                return;
            }
            if (!local(jobId)) tries(jobId, "ack", 3, () -> hub.ack(jobId));
        });
    }

    @FunctionalInterface
    public interface Durable {
        void sync() throws IOException;
    }

    /** A progress event, best effort (see above); also shown on the status page. */
    public void event(String jobId, JobEvent.Progress event) {
        events.jobEvent(jobId, JobJson.encode(event));
        if (local(jobId)) return;
        String what = "event " + event.kind();
        lane(jobId, () -> tries(jobId, what, 5, () -> hub.event(jobId, event)));
    }

    /** Posts a journaled result after the job's pending events; returns when it is posted or given up. */
    public CompletableFuture<Void> result(String jobId, JobResult r) {
        return lane(jobId, () -> postResult(jobId, r));
    }

    /** A print job's document, fetched from the hub (the one thing the agent asks of it about a job). */
    public Document document(String id) throws IOException, InterruptedException {
        return hub.document(id);
    }

    /** Completes when everything queued so far for {@code jobId} is done. */
    public CompletableFuture<Void> drained(String jobId) {
        CompletableFuture<Void> tail = lanes.get(jobId);
        return tail == null ? CompletableFuture.completedFuture(null) : tail;
    }

    private CompletableFuture<Void> lane(String jobId, Runnable task) {
        CompletableFuture<Void> f = lanes.compute(jobId, (k, tail) ->
                (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail).thenRunAsync(task, executor).exceptionally(e -> {
                    events.problem("job " + k + ": uplink", e);
                    return null;
                }));
        f.whenComplete((v, e) -> lanes.remove(jobId, f));
        return f;
    }

    @FunctionalInterface
    private interface Call {
        void run() throws IOException, InterruptedException;
    }

    private void tries(String jobId, String what, int max, Call call) {
        for (int i = 1; i <= max && !closed; i++) {
            try {
                call.run();
                events.posted(jobId, what);
                return;
            } catch (HubException e) {
                boolean retry = i < max && retryable(e.status());
                if (!(e.status() == 0 && i == 1)) events.postFailed(jobId, what, e.getMessage(), retry);
                if (!retry) return;
                if (e.status() == 0 && i == 1) continue; // a pooled connection the hub had closed: try a fresh one at once
            } catch (IOException e) {
                events.postFailed(jobId, what, e.getMessage(), i < max);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!sleep(Duration.ofSeconds(1))) return;
        }
    }

    public static boolean local(String jobId) {
        return jobId.startsWith(LOCAL_PREFIX);
    }

    private void postResult(String jobId, JobResult r) {
        if (local(jobId)) {
            markPosted(jobId, r);
            return;
        }
        for (int attempt = 1; !closed; attempt++) {
            try {
                hub.result(jobId, r);
                journal.posted(jobId, r);
                events.posted(jobId, "result " + r.state().wire());
                return;
            } catch (HubException e) {
                if (e.status() == 409 || e.status() == 404) {
                    // posting again cannot help; settled here so each start does not post it again, and said loudly
                    events.resultRefused(jobId, r, e.getMessage());
                    markPosted(jobId, r);
                    return;
                }
                if (e.status() == 400 || e.status() == 413) {
                    events.postFailed(jobId, "result", e.getMessage() + " (posted again at the next start)", false);
                    return;
                }
                if (e.status() == 0 && attempt == 1) continue; // a pooled connection the hub had closed: try a fresh one at once
                if (attempt == 2 || attempt % 12 == 0) events.postFailed(jobId, "result", e.getMessage(), true);
            } catch (IOException e) {
                events.problem("job " + jobId + ": journaling 'posted'", e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!sleep(Duration.ofSeconds(attempt <= 5 ? 1 : 5))) return;
        }
    }

    private void markPosted(String jobId, JobResult r) {
        try {
            journal.posted(jobId, r);
        } catch (IOException e) {
            events.problem("job " + jobId + ": journaling 'posted'", e);
        }
    }

    /** 5xx, no answer, 401 (a token may be restored), 429: worth another try. */
    private static boolean retryable(int status) {
        return status == 0 || status == 401 || status == 429 || status >= 500;
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
