package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.print.Document;
import tillbridge.agent.print.IppPrinter;
import tillbridge.agent.print.PrintJob;
import tillbridge.agent.print.PrintOutcome;
import tillbridge.agent.print.PrintTimeouts;
import tillbridge.agent.print.Printer;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.agent.print.PrinterState;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobEvent.Progress;
import tillbridge.contract.JobRequest;
import tillbridge.contract.JobResult;
import tillbridge.contract.Outcome;

/**
 * Runs print jobs on the printers of agent.json. Called only from the printer's lane thread.
 *
 * <p>"Document about to be sent" ({@code print_sending}) is journaled (forced) before any byte
 * leaves, so a restart never prints a job a second time without the printer's word that it never
 * got the first ({@link Recovery#afterPrintCrash}).
 *
 * <p>Job state from the outcome: printed → {@code done}; not printed (offline, out of paper,
 * rejected format, refused) → {@code failed}, safe to send again; may have printed →
 * {@code unknown}, check the printout first.
 */
final class Prints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentConfig config;
    private final JobJournal journal;
    private final AgentEvents events;
    private final PrintTimeouts timeouts;
    private final DocumentFetch.Source documents;
    private final Time time;
    /** Where a job's progress events go (the uplink): about to send, and what the printer said after. */
    private final BiConsumer<String, Progress> progress;
    private final Map<String, Printer> printers = new ConcurrentHashMap<>();
    /** Printer name → the state of its latest job and when it ended, for the status posted to the hub. */
    private final Map<String, Latest> last = new ConcurrentHashMap<>();
    private volatile Runnable changed = () -> {};

    private record Latest(JobResult result, java.time.Instant at) {}

    Prints(AgentConfig config, JobJournal journal, AgentEvents events, PrintTimeouts timeouts, DocumentFetch.Source documents, Time time,
            BiConsumer<String, Progress> progress) {
        this.config = config;
        this.progress = progress;
        this.documents = documents;
        this.time = time;
        this.journal = journal;
        this.events = events;
        this.timeouts = timeouts;
    }

    /** The printer the request names, or the only one when it names none. */
    Optional<PrinterConfig> pick(Optional<String> name) {
        if (name.isPresent()) return config.printer(name.get());
        return config.printers().size() == 1 ? Optional.of(config.printers().getFirst()) : Optional.empty();
    }

    /**
     * The result of a job whose printer {@link #pick} did not find. {@code sending}: the agent
     * stopped while sending it to a printer since taken out of agent.json, so it may have printed.
     */
    JobResult noPrinter(Optional<String> name, boolean sending) {
        String why = config.printers().isEmpty() ? "no printer is configured in agent.json"
                : name.isPresent() ? "no printer named '" + clip(name.get()) + "' in agent.json (have: "
                        + String.join(", ", config.printers().stream().map(PrinterConfig::name).toList()) + ")"
                : "the job names no printer and agent.json has several";
        if (sending) return result(new PrintOutcome.Unknown("the agent stopped while sending, and " + why + "; check the printout before reprinting"), null);
        return result(new PrintOutcome.Failed(why + "; nothing was sent"), null);
    }

    /** Prints a job that was never sent; the caller journals and posts the result. */
    JobResult print(JobRecord j, JobRequest.Print request, PrinterConfig p) throws IOException {
        PrintJob job;
        try {
            job = toPrint(j, request);
        } catch (IllegalArgumentException | IOException e) {
            return remember(p, result(new PrintOutcome.Failed(e.getMessage() + "; nothing was sent"), p.name()));
        }
        journal.printSending(j.id());
        progress.accept(j.id(), new Progress.PrintSending(p.name()));
        Printer printer = printer(p);
        PrintOutcome o = printer.print(job);
        events.jobStarted(j.id(), "print on " + p.name() + ": " + o.reason());
        printer.lastState().ifPresent(s -> progress.accept(j.id(), status(p.name(), s)));
        return remember(p, result(o, p.name()));
    }

    /** A receipt from a terminal: printed once, not journaled (see {@link Receipts}); its outcome shows in the status. */
    PrintOutcome receipt(PrinterConfig p, PrintJob receipt) {
        PrintOutcome o = printer(p).print(receipt);
        remember(p, result(o, p.name()));
        return o;
    }

    /** A job the agent stopped while sending ({@code print_sending} journaled, no result). */
    JobResult recover(JobRecord j, JobRequest.Print request, PrinterConfig p) throws IOException {
        Printer printer = printer(p);
        Optional<PrintOutcome> found = Optional.empty();
        if (printer instanceof IppPrinter ipp) {
            try {
                found = ipp.findJob(j.id());
            } catch (IOException e) {
                return result(new PrintOutcome.Unknown("the agent stopped while sending and cannot ask " + p.name()
                        + " about it (" + e.getMessage() + "); check the printout before reprinting"), p.name());
            }
        }
        Optional<PrintOutcome> o = Recovery.afterPrintCrash(printer instanceof IppPrinter, found);
        if (o.isEmpty()) {
            events.recovering(j.id(), "printing it again", p.name() + " has no job named " + j.id() + ": it never arrived");
            return print(j, request, p);
        }
        events.recovering(j.id(), "posting what the printer says", o.get().reason());
        return remember(p, result(o.get(), p.name()));
    }

    /**
     * The job's document fetched from the hub when it names one (transient failures tried again
     * until the start deadline counted from the job's acceptance), else its inline content decoded.
     */
    private PrintJob toPrint(JobRecord j, JobRequest.Print request) throws IOException {
        if (!(request.source() instanceof JobRequest.Stored(String id))) return job(j.id(), request);
        try {
            return job(j.id(), request, DocumentFetch.fetch(documents, id, j.last().plus(config.startDeadline()), time));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stopping while fetching document " + id + " from the hub");
        } catch (IOException e) {
            throw new IOException("could not fetch the document from the hub: " + e.getMessage(), e);
        }
    }

    /** The print request's inline content, decoded; throws with a plain message when it cannot be printed. */
    static PrintJob job(String jobId, JobRequest.Print request) {
        if (!(request.source() instanceof JobRequest.Inline inline)) throw new IllegalArgumentException("invalid print request: no inline content");
        byte[] bytes;
        try {
            bytes = inline.bytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid print request: content is not base64");
        }
        Document d;
        try {
            d = Document.of(inline.contentType(), bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rejected format: " + e.getMessage());
        }
        return job(jobId, request, d);
    }

    private static PrintJob job(String jobId, JobRequest.Print request, Document d) {
        return new PrintJob(jobId, d, request.copiesOrDefault(), Optional.empty());
    }

    /**
     * A print job's result: {@code outcome} (done, failed, unknown, as the state), {@code message}
     * (the reason in plain words) and {@code printer} when one was picked.
     */
    static JobResult result(PrintOutcome o, String printer) {
        Outcome outcome = switch (o) {
            case PrintOutcome.Done d -> Outcome.DONE;
            case PrintOutcome.Failed f -> Outcome.FAILED;
            case PrintOutcome.Unknown u -> Outcome.UNKNOWN;
        };
        return JobResult.of(outcome, o.reason()).withPrinter(printer);
    }

    /** What the printer said of itself, as a progress event: at most 8 reasons of at most 120 characters. */
    static Progress.PrinterStatus status(String printer, PrinterState s) {
        return new Progress.PrinterStatus(printer, JobEvent.PrinterCondition.valueOf(s.status().name()),
                s.reasons().stream().limit(8).map(r -> clip(r, 120)).toList());
    }

    /** Called after each job or receipt on a printer (its status has changed), on that printer's lane. */
    void onChange(Runnable r) {
        changed = r;
    }

    /**
     * The printers as reported to the hub's status endpoint: the outcome of each one's latest job
     * ({@code state}, {@code reason}, {@code at}) and what the printer last said of itself
     * ({@code printer_state} idle, processing, stopped or unknown, {@code printer_reasons}), when known.
     */
    ArrayNode status() {
        ArrayNode a = JSON.createArrayNode();
        for (PrinterConfig p : config.printers()) {
            ObjectNode o = a.addObject().put("name", p.name()).put("uri", p.address().shown());
            Latest l = last.get(p.name());
            if (l == null) o.put("state", "not used yet");
            else o.put("state", l.result().state().wire()).put("reason", clip(l.result().message(), 300)).put("at", l.at().toString());
            Printer opened = printers.get(p.name());
            Optional<PrinterState> seen = opened == null ? Optional.empty() : opened.lastState();
            seen.map(s -> status(p.name(), s)).ifPresent(s -> {
                o.put("printer_state", s.state().wire());
                s.reasons().forEach(o.putArray("printer_reasons")::add);
            });
        }
        return a;
    }

    private JobResult remember(PrinterConfig p, JobResult r) {
        last.put(p.name(), new Latest(r, time.now()));
        changed.run();
        return r;
    }

    private Printer printer(PrinterConfig p) {
        return printers.computeIfAbsent(p.name(), n -> Printer.open(p, timeouts));
    }

    private static String clip(String s) {
        return clip(s, 80);
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
