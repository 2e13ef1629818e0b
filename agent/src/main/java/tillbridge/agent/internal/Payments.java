package tillbridge.agent.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.PaymentRef;
import tillbridge.contract.JobEvent.Progress;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobResult;
import tillbridge.contract.Outcome;
import tillbridge.ecr.EcrException;
import tillbridge.ecr.EcrOptions;
import tillbridge.ecr.EcrSession;
import tillbridge.ecr.PaymentListener;
import tillbridge.ecr.PaymentRequest;
import tillbridge.ecr.PaymentResult;
import tillbridge.ecr.StatusText;
import tillbridge.ecr.Terminal;
import tillbridge.protocol.message.Pan;
import tillbridge.protocol.message.Sale;

/**
 * Runs payment jobs on terminals through the {@code ecr} library, one session per terminal kept
 * open between payments (reopened when it fails). Called only from that terminal's lane thread.
 *
 * <p>Money safety: "S1 about to be sent" is journaled (forced) before {@link EcrSession#pay} is
 * called; a job that has that record is never paid again, only asked about ({@link #ask}).
 *
 * <p>Job state from the outcome: APPROVED → {@code done} (money taken); DECLINED, ABORTED, ERROR
 * → {@code failed} (no money taken); UNKNOWN → {@code unknown} (check the terminal).
 */
final class Payments implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The prompt every payment raises; answering it {@code cancel} aborts the payment. */
    static final String CANCEL = "cancel";
    /** How long a terminal's console request waits for the box office before it is answered "timed out". */
    static final Duration CONSOLE_ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final JobJournal journal;
    private final Uplink uplink;
    private final AgentEvents events;
    private final EcrOptions options;
    private final ConcurrentHashMap<String, EcrSession> sessions = new ConcurrentHashMap<>();
    /** Payments under way: job id → its session, for cancelling. */
    private final ConcurrentHashMap<String, EcrSession> running = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    /** Terminals whose session was kept after an unknown outcome, to be checked before the next sale. */
    private final Set<String> doubted = ConcurrentHashMap.newKeySet();
    /** Terminal name → the job paying on it now, for the terminal's console requests. */
    private final ConcurrentHashMap<String, String> current = new ConcurrentHashMap<>();
    private final ConsoleBridge.Pending prompts = new ConsoleBridge.Pending();
    private final Receipts receipts;
    /** Takes a late answer of a payment that ended unknown (job id, its result); must not block. */
    private final BiConsumer<String, JobResult> lateAnswer;

    Payments(JobJournal journal, Uplink uplink, AgentEvents events, EcrOptions options, Receipts receipts, BiConsumer<String, JobResult> lateAnswer) {
        this.receipts = receipts;
        this.lateAnswer = lateAnswer;
        this.journal = journal;
        this.uplink = uplink;
        this.events = events;
        this.options = options;
    }

    /**
     * One try of a payment: its result, or, when the S1 provably never left (the terminal could
     * not be reached, or the link failed before the S1 was written), why not: then the payment may
     * be tried again.
     */
    record Attempt(JobResult result, Optional<String> notSent) {}

    /** Tries a payment whose S1 has never been sent; the caller journals and posts the result. */
    Attempt pay(JobRecord job, JobRequest.Payment req, TerminalSpec t) throws IOException {
        String ref = Recovery.paymentReference(job.id());
        PaymentRequest request;
        try {
            request = PaymentRequest.of(req.amount(), req.currency()).withEcrId(t.ecrId()).withReference(ref);
        } catch (IllegalArgumentException e) {
            return done(failed(Outcome.ERROR, "invalid payment request: " + e.getMessage() + "; nothing was sent", t, ref));
        }
        if (cancelled.remove(job.id())) return done(cancelledBeforeS1(t, ref));
        EcrSession session;
        try {
            session = forSale(t);
        } catch (IOException e) {
            String why = unreachable(e);
            return new Attempt(failed(Outcome.ERROR, "cannot reach terminal " + t.name() + " at " + t.address() + ": " + why + "; nothing was sent", t, ref),
                    Optional.of(why));
        }
        running.put(job.id(), session);
        current.put(t.name(), job.id());
        if (cancelled.remove(job.id())) {
            running.remove(job.id());
            current.remove(t.name(), job.id());
            return done(cancelledBeforeS1(t, ref));
        }
        journal.s1Pending(job.id(), new PaymentRef(t.name(), t.ecrId(), ref));
        // nothing else between "S1 about to be sent" and the S1: progress events go up once it is out
        Progress started = new Progress.PaymentStarted(t.name(), ref, request.amount(), request.currency());
        PaymentResult r;
        try {
            r = LaneListener.pay(l -> session.payAsync(request, l), new PaymentListener() {
                @Override
                public void sent(PaymentRequest p) {
                    uplink.event(job.id(), started);
                    uplink.event(job.id(), new Progress.Prompt(CANCEL, Optional.empty(), "Answer 'cancel' to abort this payment at the "
                            + "terminal (P1; a payment already authorised still completes)", List.of(CANCEL), OptionalInt.empty(), OptionalInt.empty()));
                    try {
                        journal.s1Sent(job.id());
                    } catch (IOException e) {
                        events.problem("job " + job.id() + ": journaling s1_sent", e);
                    }
                    events.paymentSent(job.id(), ref);
                    uplink.event(job.id(), new Progress.PaymentSent(ref));
                    if (cancelled.contains(job.id())) Thread.ofVirtual().start(() -> abort(job.id(), session));
                }

                @Override
                public void status(Sale.Status s) {
                    uplink.event(job.id(), new Progress.TerminalStatus(s.status(), StatusText.of(s.status()), masked(s.message())));
                }

                @Override
                public void abortSent() {
                    uplink.event(job.id(), new Progress.AbortSent());
                }

                @Override
                public void recovering(String reason) {
                    events.recovering(job.id(), "asking the terminal", reason);
                    uplink.event(job.id(), new Progress.Recovering(reason, Optional.empty(), OptionalInt.empty()));
                }

                @Override
                public void lateAnswer(PaymentResult late) {
                    lateAnswer.accept(job.id(), recovered(late, t));
                }
            }, e -> events.problem("job " + job.id() + ": payment progress", e), ref, LaneListener.STUCK);
        } finally {
            running.remove(job.id());
            cancelled.remove(job.id());
            current.remove(t.name(), job.id());
        }
        // an unknown outcome keeps its session: the S2 may still come on it (PaymentListener.lateAnswer)
        if (r.outcome() == PaymentResult.Outcome.ERROR || !session.isOpen()) discard(t);
        else if (r.outcome() == PaymentResult.Outcome.UNKNOWN) doubted.add(t.name());
        events.jobStarted(job.id(), "payment of " + request.amount() + " " + request.currency() + " on " + t.name() + " as " + ref + ": " + r.outcome());
        if (r.notSent()) journal.notSent(job.id());
        return new Attempt(result(r, t), r.notSent() ? Optional.of(r.message()) : Optional.empty());
    }

    /** Why a connection to the terminal failed, in words: "connection refused", not the exception. */
    static String unreachable(IOException e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        return switch (c) {
            case java.net.ConnectException x -> "connection refused";
            case java.net.SocketTimeoutException x -> "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
            case java.net.UnknownHostException x -> "unknown host " + x.getMessage();
            case java.net.NoRouteToHostException x -> "no route to host";
            default -> c.getMessage() == null ? "cannot connect" : c.getMessage();
        };
    }

    private static Attempt done(JobResult r) {
        return new Attempt(r, Optional.empty());
    }

    private static JobResult cancelledBeforeS1(TerminalSpec t, String ref) {
        return failed(Outcome.ABORTED, "cancelled from the box office before the S1 was sent; nothing was sent", t, ref);
    }

    /**
     * Asks the terminal once about a payment whose S1 may have gone out (status query, S1 kind C
     * with the same ECR id and reference); never pays again. {@code why} says why it is asked.
     */
    JobResult ask(JobRecord job, TerminalSpec t, PaymentRef p, int attempt, String why) {
        events.recovering(job.id(), "status query " + attempt + " for " + p.reference() + " on " + p.terminal() + ", never paying again", why);
        uplink.event(job.id(), new Progress.Recovering(why, Optional.of(p.reference()), OptionalInt.of(attempt)));
        EcrSession session;
        try {
            session = session(t);
        } catch (IOException e) {
            return unknown("cannot reach terminal " + t.name() + " to ask (" + unreachable(e) + "); check the terminal for payment " + p.reference(), p);
        }
        PaymentResult r = session.status(p.ecrId(), p.reference());
        if (!session.isOpen()) discard(t);
        else if (r.outcome() == PaymentResult.Outcome.UNKNOWN) doubted.add(t.name());
        return recovered(r, t);
    }

    /** The result of an outcome learnt after the payment was interrupted: {@code recovered} unless it is still unknown. */
    private static JobResult recovered(PaymentResult r, TerminalSpec t) {
        return result(r, t).withRecovered(r.outcome() != PaymentResult.Outcome.UNKNOWN);
    }

    /** A box-office answer to a console prompt; false when no such prompt is waiting. */
    boolean answer(String jobId, String prompt, String answer) {
        return prompts.answer(jobId, prompt, answer);
    }

    /**
     * The box office answered the {@code cancel} prompt: P1 to the payment under way (the terminal
     * still decides), or, if its S1 has not gone out yet, it is not sent at all.
     */
    void cancel(String jobId) {
        cancelled.add(jobId);
        EcrSession s = running.get(jobId);
        if (s != null) abort(jobId, s);
    }

    private void abort(String jobId, EcrSession s) {
        try {
            boolean acked = s.abort();
            events.jobStarted(jobId, "cancel from the box office: P1 " + (acked ? "acknowledged by the terminal" : "not acknowledged"));
        } catch (IOException e) {
            events.problem("job " + jobId + ": sending P1", e);
        }
    }

    /**
     * The session for a sale. A session whose last payment or query ended unknown is kept, so that
     * a late S2 can still reach it, but its link may be why (half-open): a T1 checks it before an S1
     * rides on it, and a terminal that does not answer gets a new connection.
     */
    private EcrSession forSale(TerminalSpec t) throws IOException {
        EcrSession s = session(t);
        if (!doubted.remove(t.name())) return s;
        try {
            s.test();
            return s;
        } catch (EcrException e) {
            events.problem("terminal " + t.name() + ": the connection kept after an unknown outcome does not answer; opening a new one", e);
            discard(t);
            return session(t);
        }
    }

    private EcrSession session(TerminalSpec t) throws IOException {
        EcrSession s = sessions.get(t.name());
        if (s != null && s.isOpen()) return s;
        if (s != null) s.close();
        s = Terminal.connect(t.host(), t.port(), CONNECT_TIMEOUT, options);
        s.setOperatorConsole(new ConsoleBridge(() -> Optional.ofNullable(current.get(t.name())), uplink, prompts, CONSOLE_ANSWER_TIMEOUT));
        if (receipts.wanted(t)) s.setReceiptListener(r -> receipts.received(current.get(t.name()), t, r));
        sessions.put(t.name(), s);
        return s;
    }

    private void discard(TerminalSpec t) {
        EcrSession s = sessions.remove(t.name());
        if (s != null) s.close();
    }

    static JobResult result(PaymentResult r, TerminalSpec t) {
        Outcome outcome = switch (r.outcome()) {
            case APPROVED -> Outcome.APPROVED;
            case DECLINED -> Outcome.DECLINED;
            case ABORTED -> Outcome.ABORTED;
            case ERROR -> Outcome.ERROR;
            case UNKNOWN -> Outcome.UNKNOWN;
        };
        JobResult out = JobResult.of(outcome, r.message()).withReference(r.reference()).withTerminal(t.name()).withRecovered(r.recovered());
        return r.end().map(e -> out.withAuthorisation(new JobResult.Authorisation(e.result(), Optional.ofNullable(e.authCode()),
                Optional.ofNullable(e.maskedPan()), Optional.ofNullable(e.method()), Optional.ofNullable(e.tid()), Optional.ofNullable(e.mid()),
                Optional.ofNullable(e.transactionId()), Optional.ofNullable(e.message()), e.amount(), e.cashback()))).orElse(out);
    }

    /** A payment that took no money; {@code t} and {@code ref} when known. */
    static JobResult failed(Outcome outcome, String message, TerminalSpec t, String ref) {
        return JobResult.of(outcome, message).withReference(ref).withTerminal(t == null ? null : t.name());
    }

    static JobResult unknown(String message, PaymentRef p) {
        return JobResult.of(Outcome.UNKNOWN, message).withReference(p.reference()).withTerminal(p.terminal()).withRecovered(false);
    }

    /** What a terminal says, as it may go to the box office or a log: any card number in it masked. */
    static String masked(String terminalText) {
        return Pan.maskAll(terminalText);
    }

    @Override
    public void close() {
        sessions.values().forEach(EcrSession::close);
        sessions.clear();
    }
}
