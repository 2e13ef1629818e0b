package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.print.PrintOutcome;
import tillbridge.agent.print.PrintTimeouts;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.contract.InvalidField;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobResult;
import tillbridge.contract.Outcome;
import tillbridge.ecr.EcrOptions;

/**
 * Jobs from the hub: journaled, acknowledged, then run on their terminal's or printer's lane (one
 * payment at a time per terminal, one print job at a time per printer, in arrival order); results journaled and posted. At start, {@link #recover}
 * resumes every journaled job as {@link Recovery} decides.
 *
 * <p>A payment whose S1 provably never left is tried again on its lane ({@link Backoff}) until its
 * start deadline (jobs behind it wait: the terminal is down for them too); a payment whose outcome
 * is unknown is asked about by {@link UnknownOutcomes} without holding up the payments behind it.
 */
public final class Jobs implements JobSink, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTHER_LANE = "";
    static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    static final Duration RETRY_MAX = Duration.ofSeconds(15);

    private final AgentConfig config;
    private final JobJournal journal;
    private final Uplink uplink;
    private final AgentEvents events;
    private final Payments payments;
    private final Prints prints;
    private final Receipts receipts;
    private final Duration holdBeforeRun;
    private final Time time;
    private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
    private final UnknownOutcomes unknown;
    private volatile boolean closed;

    /**
     * @param holdBeforeRun test-only pause between acknowledging a new job and running it, to make the
     *     "killed after accepting, before running" window deterministic; zero in production
     */
    public Jobs(AgentConfig config, JobJournal journal, Uplink uplink, AgentEvents events, EcrOptions ecr, Duration holdBeforeRun, Time time) {
        this.config = config;
        this.time = time;
        this.journal = journal;
        this.uplink = uplink;
        this.events = events;
        this.prints = new Prints(config, journal, events, PrintTimeouts.DEFAULTS, uplink::document, time, uplink::event);
        this.receipts = new Receipts(config, journal, prints, events, this::lane, uplink::event);
        this.payments = new Payments(journal, uplink, events, ecr, receipts, this::lateAnswer);
        this.unknown = new UnknownOutcomes(config, journal, payments, uplink, events, time, this::lane, this::settle);
        this.holdBeforeRun = holdBeforeRun;
    }

    /**
     * A job event from the hub: journaled first, then queued, and acknowledged once its record is
     * forced to disk. A job id already in the journal is not run again, only acknowledged again.
     * Throws when the journal cannot be written: the job is then neither acknowledged nor run, and
     * the hub re-sends it.
     */
    @Override
    public void offer(JsonNode job, long eventId) throws IOException {
        String id = job.path("id").asText("");
        if (!id.matches("[A-Za-z0-9_-]{1,100}")) throw new IOException("job event without a usable id: " + clip(job.toString()));
        String type = job.path("type").asText("");
        JsonNode request = job.path("request");
        long at = journal.receive(id, type, request);
        if (at < 0) {
            events.jobDuplicate(id, journal.job(id).map(j -> j.stage().wire()).orElse("?"));
            uplink.ack(id, () -> journal.sync(-1));
            return;
        }
        events.jobReceived(id, type, eventId);
        uplink.ack(id, () -> journal.sync(at)); // acknowledged only once it is on disk
        start(journal.job(id).orElseThrow(), true);
    }

    /**
     * A box-office answer: {@code cancel} to a payment's {@code cancel} prompt aborts it; an answer
     * to a terminal console prompt ({@link ConsoleBridge}) becomes the K0. Repeats (answers are
     * re-sent after a reconnect) find nothing waiting and are ignored.
     */
    @Override
    public void answer(JsonNode answer) {
        String job = answer.path("job_id").asText("?");
        String prompt = answer.path("prompt").asText("?");
        String text = answer.path("answer").asText("");
        if (prompt.equals(Payments.CANCEL) && text.equals(Payments.CANCEL)) {
            Optional<JobRecord> j = journal.job(job);
            if (j.isEmpty() || j.get().result().isPresent()) {
                events.answerIgnored(job, prompt, "the job is not running here");
                return;
            }
            Thread.ofVirtual().name("cancel-" + job).start(() -> payments.cancel(job));
            return;
        }
        if (!payments.answer(job, prompt, text)) events.answerIgnored(job, prompt, "no such prompt is waiting for an answer");
    }

    /** Resumes every journaled job after a start (see {@link Recovery}). */
    public void recover() {
        for (JobRecord j : journal.jobs()) {
            switch (Recovery.decide(j)) {
                case RUN -> {
                    events.recovering(j.id(), "running it now", "journaled before the agent stopped, never started");
                    uplink.ack(j.id(), () -> { });
                    start(j, false);
                }
                case ASK_PRINTER -> {
                    if (JobJson.request(j.request()) instanceof JobRequest.Print p) print(j, p, true);
                }
                case ASK_TERMINAL -> unknown.keepAsking(j.id(), "the agent stopped after journaling the S1 and before its outcome was known");
                case POST_RESULT, POST_RESULT_AND_ASK -> {
                    events.recovering(j.id(), "posting its result again", "the hub had not confirmed it");
                    uplink.result(j.id(), j.result().orElseThrow());
                    if (Recovery.stillAsking(j)) unknown.keepAsking(j.id(), "its outcome is unknown");
                }
                case NOTHING -> { }
            }
        }
    }

    private void start(JobRecord j, boolean fresh) {
        JobRequest request;
        try {
            request = JobJson.request(j.request());
        } catch (InvalidField e) {
            JobResult refused = e.field().equals("type")
                    ? Payments.failed(Outcome.NOT_SUPPORTED, "job type '" + j.type() + "' is not supported by this agent", null, null)
                    : Payments.failed(Outcome.ERROR, "invalid " + j.type() + " request: " + e.getMessage() + "; nothing was sent", null, null);
            lane(OTHER_LANE).execute(() -> finish(j, () -> refused));
            return;
        }
        switch (request) {
            case JobRequest.Payment p -> {
                Optional<TerminalSpec> t = pick(p.terminal());
                if (t.isEmpty()) {
                    String why = config.terminals().isEmpty() ? "no terminal is configured in agent.json"
                            : p.terminal().isPresent()
                            ? "no terminal named '" + clip(p.terminal().get()) + "' in agent.json (have: "
                                    + String.join(", ", config.terminals().stream().map(TerminalSpec::name).toList()) + ")"
                            : "the job names no terminal and agent.json has several";
                    lane(OTHER_LANE).execute(() -> finish(j, () -> Payments.failed(Outcome.ERROR, why + "; nothing was sent", null, null)));
                    return;
                }
                Instant accepted = j.last(); // the "received" record: the job's acceptance
                lane(t.get().name()).execute(() -> {
                    if (fresh && holdBeforeRun.isPositive()) sleep(holdBeforeRun);
                    finish(j, () -> payWhenReachable(j, p, t.get(), accepted));
                });
            }
            case JobRequest.Print p -> print(j, p, false);
        }
    }

    /**
     * Runs a print job on its printer's lane (one job at a time per printer, in arrival order);
     * {@code sending} when the agent stopped while sending it ({@link Prints#recover}).
     */
    private void print(JobRecord j, JobRequest.Print request, boolean sending) {
        Optional<PrinterConfig> p = prints.pick(request.printer());
        if (sending) events.recovering(j.id(), "asking the printer", "the agent stopped while sending it to the printer");
        lane(p.map(x -> "print:" + x.name()).orElse(OTHER_LANE)).execute(() -> finish(j, () -> p.isEmpty() ? prints.noPrinter(request.printer(), sending)
                : sending ? prints.recover(j, request, p.get()) : prints.print(j, request, p.get())));
    }

    /**
     * Pays, and while the S1 provably was not sent (terminal unreachable), waits and tries again
     * until the start deadline counted from the job's acceptance; then fails saying why.
     */
    private JobResult payWhenReachable(JobRecord j, JobRequest.Payment request, TerminalSpec t, Instant accepted) throws IOException {
        Backoff backoff = new Backoff(RETRY_FIRST, RETRY_MAX, accepted.plus(config.startDeadline()));
        for (int attempt = 1; ; attempt++) {
            Payments.Attempt a = payments.pay(j, request, t);
            if (a.notSent().isEmpty()) return a.result();
            Optional<Duration> wait = backoff.failed(time.now());
            if (wait.isEmpty() || closed) {
                return Payments.failed(Outcome.ERROR, "terminal " + t.name() + " (" + t.address() + ") unreachable for " + config.startDeadline().toSeconds()
                        + " s: " + a.notSent().get() + "; nothing was sent", t, Recovery.paymentReference(j.id()));
            }
            events.recovering(j.id(), "trying again in " + wait.get().toMillis() + " ms (attempt " + attempt + ")",
                    "terminal " + t.name() + " did not take the S1: " + a.notSent().get());
            uplink.event(j.id(), new JobEvent.Progress.WaitingForTerminal(t.name(), a.notSent().get(), attempt, wait.get().toMillis()));
            try {
                time.sleep(wait.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("agent stopping while waiting for terminal " + t.name());
            }
        }
    }

    private Optional<TerminalSpec> pick(Optional<String> name) {
        if (name.isPresent()) return config.terminal(name.get());
        return config.terminals().size() == 1 ? Optional.of(config.terminals().getFirst()) : Optional.empty();
    }

    @FunctionalInterface
    private interface Step {
        JobResult run() throws IOException;
    }

    /**
     * Runs the job, journals its result (forced), then queues it for posting; an unknown outcome
     * of a payment whose S1 may have gone out is then asked about ({@link UnknownOutcomes}). A step
     * that throws ends the job as {@link #broken} says, so it never stays running; only when the
     * agent is stopping is it left in the journal, for the next start to resume.
     */
    private void finish(JobRecord j, Step step) {
        JobResult r;
        try {
            r = step.run();
        } catch (IOException | RuntimeException e) {
            if (closed) {
                events.problem("job " + j.id() + " stopped with the agent (it stays in the journal and is resumed at the next start)", e);
                return;
            }
            events.problem("job " + j.id() + " could not run", e);
            r = broken(journal.job(j.id()).orElse(j), e);
        }
        settle(j, r);
        if (journal.job(j.id()).filter(Recovery::stillAsking).isPresent()) unknown.keepAsking(j.id(), "its outcome is unknown");
    }

    /**
     * The result of a job whose step threw, from how far its journal got: {@code failed} while
     * nothing can have reached the terminal or printer (it never started, or its S1 provably never
     * left); {@code unknown} once the S1 or the document may have gone out, and a payment is then
     * asked about like any other unknown outcome. A result already journaled stands.
     */
    static JobResult broken(JobRecord j, Exception e) {
        String why = "the agent could not run it (" + e + ")";
        return switch (j.stage()) {
            case RECEIVED -> j.type().equals(JobRequest.Print.TYPE) ? Prints.result(new PrintOutcome.Failed(why + "; nothing was sent"), null)
                    : Payments.failed(Outcome.ERROR, why + "; nothing was sent", null, null);
            case S1_PENDING, S1_SENT -> Payments.unknown(why + "; check the terminal for payment " + j.payment().orElseThrow().reference(),
                    j.payment().orElseThrow());
            case PRINT_SENDING -> Prints.result(new PrintOutcome.Unknown(why + "; check the printout before reprinting"), null);
            case RESULT, POSTED -> j.result().orElseThrow(); // a result journaled already stands
        };
    }

    /** A late S2 of a payment that ended unknown ({@link UnknownOutcomes#lateAnswer}). */
    private void lateAnswer(String jobId, JobResult r) {
        unknown.lateAnswer(jobId, r);
    }

    /** Journals a result (forced), with the receipts journaled for its payment, then queues it for posting. */
    void settle(JobRecord j, JobResult result) {
        JobResult r = receipts.attach(j.id(), result);
        try {
            journal.result(j.id(), r);
        } catch (IOException e) {
            events.problem("job " + j.id() + ": journaling its result " + r.state() + " failed; posting it anyway", e);
        }
        events.jobFinished(j.id(), r.state(), r.message());
        uplink.result(j.id(), r);
    }

    ExecutorService lane(String name) {
        return lanes.computeIfAbsent(name, n -> Executors.newSingleThreadExecutor(Thread.ofVirtual().name("lane-" + (n.isEmpty() ? "other" : n)).factory()));
    }

    /** The terminals as reported to the hub's status endpoint. */
    public ArrayNode terminalsStatus() {
        ArrayNode a = JSON.createArrayNode();
        for (TerminalSpec t : config.terminals()) {
            a.addObject().put("name", t.name()).put("frob", t.address()).put("ecr_id", t.ecrId());
        }
        return a;
    }

    /** {@code r} runs whenever a printer's part of {@link #status} changed (after each print job or receipt). */
    public void onPrintersChanged(Runnable r) {
        prints.onChange(r);
    }

    public ObjectNode status(String version) {
        ObjectNode o = JSON.createObjectNode().put("agent_version", version);
        o.set("terminals", terminalsStatus());
        o.set("printers", prints.status());
        return o;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /**
     * Stops taking work. A payment still under way is left alone (closing its session would make
     * it UNKNOWN): the process ends, and the next start asks the terminal about it.
     */
    @Override
    public void close() {
        closed = true;
        unknown.close();
        lanes.values().forEach(ExecutorService::shutdownNow);
        boolean idle = true;
        for (ExecutorService e : lanes.values()) {
            try {
                idle &= e.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                idle = false;
            }
        }
        if (idle) payments.close();
        else events.problem("stopping", new IllegalStateException("a payment or print job is still under way; it is recovered at the next start"));
    }
}
