package tillbridge.agent.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.print.Document;
import tillbridge.agent.print.PrintJob;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.contract.JobEvent.Progress;
import tillbridge.contract.JobResult;
import tillbridge.ecr.Receipt;

/**
 * Receipts a terminal prints on the ECR's printer during a payment (D2, D6…, D3): each goes to the
 * terminal's {@code receipt_printer} as plain text, on that printer's lane (the ECR session's
 * thread, which hands them over, must not wait for a printer), and its text is journaled with the
 * payment (forced, before the terminal hears that it printed) for the payment's result, where the
 * box office sees it, also when the agent stops before the payment ends. The printout itself is
 * not journaled: a crash while it prints loses that printout, not its text.
 */
final class Receipts {
    /**
     * At most this many receipts of at most {@link #MAX_TEXT} characters each are kept for one
     * payment's result (a terminal may print a merchant copy too): a result must stay well within
     * what the hub takes (64 KiB a request), or it could never be posted.
     */
    static final int MAX_PER_JOB = 4;
    static final int MAX_TEXT = 4000;

    private final AgentConfig config;
    private final JobJournal journal;
    private final Prints prints;
    private final AgentEvents events;
    private final Function<String, Executor> lanes;
    private final BiConsumer<String, Progress> progress;
    private final AtomicLong numbers = new AtomicLong();

    Receipts(AgentConfig config, JobJournal journal, Prints prints, AgentEvents events, Function<String, Executor> lanes,
            BiConsumer<String, Progress> progress) {
        this.progress = progress;
        this.config = config;
        this.journal = journal;
        this.prints = prints;
        this.events = events;
        this.lanes = lanes;
    }

    /** Whether the terminal's printouts are taken (it names a receipt printer of agent.json). */
    boolean wanted(TerminalSpec t) {
        return t.receiptPrinter().flatMap(config::printer).isPresent();
    }

    /** A receipt from terminal {@code t} while paying job {@code jobId} (null when no payment runs); returns at once. */
    void received(String jobId, TerminalSpec t, Receipt r) {
        PrinterConfig p = t.receiptPrinter().flatMap(config::printer).orElseThrow();
        if (jobId != null) {
            keep(jobId, r);
            progress.accept(jobId, new Progress.TerminalReceipt(r.title(), p.name()));
        }
        String id = (jobId == null ? "terminal-" + t.name() : jobId) + "-receipt-" + numbers.incrementAndGet();
        Document text = Document.text(Payments.masked(String.join("\n", r.text(Receipt.WIDTH))) + "\n");
        lanes.apply("print:" + p.name()).execute(() -> {
            String outcome = prints.receipt(p, new PrintJob(id, text)).reason();
            events.jobStarted(jobId == null ? id : jobId, "receipt '" + r.title() + "' on " + p.name() + ": " + outcome);
        });
    }

    /** Journals the receipt's text with the payment, unless it already has {@link #MAX_PER_JOB}. */
    private void keep(String jobId, Receipt r) {
        if (journal.job(jobId).map(j -> j.receipts().size() >= MAX_PER_JOB).orElse(true)) return;
        String text = Payments.masked(String.join("\n", r.text(Receipt.WIDTH)));
        try {
            journal.receipt(jobId, new JobResult.Receipt(r.title(), text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…"));
        } catch (IOException e) {
            events.problem("job " + jobId + ": journaling receipt '" + r.title() + "' (its text will be missing from the result)", e);
        }
    }

    /** The result with the receipts journaled with the job, unless it has some already. */
    JobResult attach(String jobId, JobResult result) {
        List<JobResult.Receipt> kept = journal.job(jobId).map(JobRecord::receipts).orElse(List.of());
        return kept.isEmpty() || !result.receipts().isEmpty() ? result : result.withReceipts(kept);
    }
}
