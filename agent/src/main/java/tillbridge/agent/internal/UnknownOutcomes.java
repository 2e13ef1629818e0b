package tillbridge.agent.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentEvents;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobResult;
import tillbridge.contract.JobState;

/**
 * Payments whose outcome is unknown (the S1 may have gone out, no answer said what happened):
 * each is asked about from its own thread, each status query taking its turn on the terminal's
 * lane between payments, until the terminal answers or the recovery deadline passes. Never pays.
 */
final class UnknownOutcomes implements AutoCloseable {
    static final Duration ASK_FIRST = Duration.ofSeconds(2);
    static final Duration ASK_MAX = Duration.ofSeconds(60);

    private final AgentConfig config;
    private final JobJournal journal;
    private final Payments payments;
    private final Uplink uplink;
    private final AgentEvents events;
    private final Time time;
    private final Function<String, ExecutorService> lane;
    private final BiConsumer<JobRecord, JobResult> settle;
    /** Job id → the thread asking the terminal about its outcome. */
    private final Map<String, Thread> asking = new ConcurrentHashMap<>();
    /** Job id → the outcome a late S2 told before the run had journaled the job unknown; its asking takes it first. */
    private final Map<String, JobResult> told = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param lane   the executor of a terminal's lane, by terminal name
     * @param settle journals a result and queues it for posting
     */
    UnknownOutcomes(AgentConfig config, JobJournal journal, Payments payments, Uplink uplink, AgentEvents events, Time time,
                    Function<String, ExecutorService> lane, BiConsumer<JobRecord, JobResult> settle) {
        this.config = config;
        this.journal = journal;
        this.payments = payments;
        this.uplink = uplink;
        this.events = events;
        this.time = time;
        this.lane = lane;
        this.settle = settle;
    }

    /**
     * Asks the terminal about a payment whose outcome is unknown, again and again ({@link Backoff}
     * from {@link #ASK_FIRST} to {@link #ASK_MAX}) until it answers or the recovery deadline passes
     * (journaled, so it survives a restart). The first unknown answer is journaled and posted as
     * the job's result; a real outcome later is posted with {@code recovered: true}. Never pays.
     */
    void keepAsking(String jobId, String why) {
        Thread t = Thread.ofVirtual().name("ask-" + jobId).unstarted(() -> {
            try {
                ask(jobId, why);
            } catch (InterruptedException | RejectedExecutionException e) {
                // the agent is stopping; the next start goes on asking
            } catch (IOException | ExecutionException e) {
                events.problem("job " + jobId + ": asking the terminal (asked again at the next start)", e);
            } finally {
                asking.remove(jobId);
            }
        });
        if (asking.putIfAbsent(jobId, t) == null) t.start();
    }

    /**
     * A late S2 of a payment that ended unknown says how it ended (ecr's PaymentListener.lateAnswer):
     * it settles the job, unless an outcome is known already. Called on the ECR session's thread,
     * so the journaling is done on a thread of its own.
     */
    void lateAnswer(String jobId, JobResult r) {
        Thread.ofVirtual().name("late-" + jobId).start(() -> {
            try {
                events.recovering(jobId, "a late S2 from the terminal", "the outcome was unknown; the terminal answered after all");
                late(jobId, r);
            } catch (RuntimeException e) {
                events.problem("job " + jobId + ": settling it from a late S2", e);
            }
        });
    }

    /** A job its run has not journaled unknown yet keeps the late outcome for its asking, which comes next, to take first. */
    private synchronized void late(String jobId, JobResult r) {
        if (journal.job(jobId).orElseThrow().result().isEmpty()) told.put(jobId, r);
        else settleIfAsking(jobId, r);
    }

    /**
     * Settles a job with an outcome while it is still asked about; one at a time, so that a late S2
     * and an answer to a status query never both settle it.
     */
    private synchronized void settleIfAsking(String jobId, JobResult r) {
        JobRecord j = journal.job(jobId).orElseThrow();
        if (Recovery.stillAsking(j)) settle.accept(j, r);
    }

    private void ask(String jobId, String why) throws IOException, InterruptedException, ExecutionException {
        JobRecord j = journal.job(jobId).orElseThrow();
        JobRecord.PaymentRef p = j.payment().orElseThrow();
        Optional<TerminalSpec> t = config.terminal(p.terminal());
        Instant until;
        if (j.asking().isPresent()) until = j.asking().get().until();
        else {
            until = time.now().plus(config.recoveryDeadline());
            journal.asking(jobId, until);
        }
        if (t.isEmpty()) {
            giveUp(j, "terminal " + p.terminal() + " is no longer in agent.json; check the terminal for payment " + p.reference());
            return;
        }
        Backoff backoff = new Backoff(ASK_FIRST, ASK_MAX, until);
        for (int attempt = 1; !closed && Recovery.stillAsking(journal.job(jobId).orElseThrow()); attempt++) {
            JobResult late = told.remove(jobId);
            if (late != null) {
                settleIfAsking(jobId, late);
                return;
            }
            int n = attempt;
            JobResult r = lane.apply(t.get().name()).submit(() -> payments.ask(j, t.get(), p, n, why)).get();
            if (r.state() != JobState.UNKNOWN) {
                settleIfAsking(jobId, r);
                return;
            }
            if (journal.job(jobId).flatMap(JobRecord::result).isEmpty()) settle.accept(j, r); // the box office learns "unknown" now
            Optional<Duration> wait = backoff.failed(time.now());
            if (wait.isEmpty()) {
                giveUp(j, "no answer from terminal " + t.get().name() + " about payment " + p.reference() + " within "
                        + config.recoveryDeadline().toSeconds() + " s (last: " + r.message() + "); check the terminal");
                return;
            }
            time.sleep(wait.get());
        }
    }

    /** Asking ends without an outcome: the result stays unknown, and says why. */
    private void giveUp(JobRecord j, String reason) throws IOException {
        JobRecord.PaymentRef p = j.payment().orElseThrow();
        if (journal.job(j.id()).flatMap(JobRecord::result).isEmpty()) settle.accept(j, Payments.unknown(reason, p));
        journal.askingEnded(j.id(), reason);
        events.jobFinished(j.id(), JobState.UNKNOWN, "stopped asking the terminal: " + reason);
        uplink.event(j.id(), new JobEvent.Progress.RecoveryEnded(p.reference(), reason));
    }

    @Override
    public void close() {
        closed = true;
        asking.values().forEach(Thread::interrupt);
    }
}
