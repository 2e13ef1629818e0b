package tillbridge.agent.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.print.Document;
import tillbridge.agent.print.PrintJob;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.ecr.Receipt;
import tillbridge.contract.JobResult;

/**
 * Receipts a terminal prints on the ECR's printer during a payment (D2, D6…, D3): each goes to the
 * terminal's {@code receipt_printer} as plain text, on that printer's lane (the ECR session's
 * thread, which hands them over, must not wait for a printer), and its text is kept for the
 * payment's result, where the box office sees it. A receipt is not journaled: a crash while it
 * prints loses that printout, not the payment's result, which carries its text.
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
    private final Prints prints;
    private final AgentEvents events;
    private final Function<String, Executor> lanes;
    private final Map<String, List<Receipt>> byJob = new ConcurrentHashMap<>();
    private final AtomicLong numbers = new AtomicLong();

    Receipts(AgentConfig config, Prints prints, AgentEvents events, Function<String, Executor> lanes) {
        this.config = config;
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
            List<Receipt> kept = byJob.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>());
            if (kept.size() < MAX_PER_JOB) kept.add(r);
        }
        String id = (jobId == null ? "terminal-" + t.name() : jobId) + "-receipt-" + numbers.incrementAndGet();
        Document text = Document.text(String.join("\n", r.text(Receipt.WIDTH)) + "\n");
        lanes.apply("print:" + p.name()).execute(() -> {
            String outcome = prints.receipt(p, new PrintJob(id, text)).reason();
            events.jobStarted(jobId == null ? id : jobId, "receipt '" + r.title() + "' on " + p.name() + ": " + outcome);
        });
    }

    /** The result with the receipts kept for the job moved into it. */
    JobResult attach(String jobId, JobResult result) {
        List<Receipt> kept = byJob.remove(jobId);
        if (kept == null) return result;
        return result.withReceipts(kept.stream().map(r -> {
            String text = String.join("\n", r.text(Receipt.WIDTH));
            return new JobResult.Receipt(r.title(), text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…");
        }).toList());
    }
}
