package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.JobRecord.Result;
import tillbridge.agent.print.Document;
import tillbridge.agent.print.IppPrinter;
import tillbridge.agent.print.PrintJob;
import tillbridge.agent.print.PrintOutcome;
import tillbridge.agent.print.PrintTimeouts;
import tillbridge.agent.print.Printer;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.agent.print.PrinterState;

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
    private final Journal journal;
    private final AgentEvents events;
    private final PrintTimeouts timeouts;
    private final DocumentFetch.Source documents;
    private final Time time;
    private final Map<String, Printer> printers = new ConcurrentHashMap<>();
    /** Printer name → the state of its latest job and when it ended, for the status posted to the hub. */
    private final Map<String, Latest> last = new ConcurrentHashMap<>();
    private volatile Runnable changed = () -> {};

    private record Latest(Result result, java.time.Instant at) {}

    Prints(AgentConfig config, Journal journal, AgentEvents events, PrintTimeouts timeouts, DocumentFetch.Source documents, Time time) {
        this.config = config;
        this.documents = documents;
        this.time = time;
        this.journal = journal;
        this.events = events;
        this.timeouts = timeouts;
    }

    /** The printer the request names, or the only one when it names none. */
    Optional<PrinterConfig> pick(JsonNode request) {
        JsonNode name = request.path("printer");
        if (name.isTextual()) return config.printer(name.asText());
        return config.printers().size() == 1 ? Optional.of(config.printers().getFirst()) : Optional.empty();
    }

    /**
     * The result of a job whose printer {@link #pick} did not find. {@code sending}: the agent
     * stopped while sending it to a printer since taken out of agent.json, so it may have printed.
     */
    Result noPrinter(JsonNode request, boolean sending) {
        JsonNode name = request.path("printer");
        String why = config.printers().isEmpty() ? "no printer is configured in agent.json"
                : name.isTextual() ? "no printer named '" + clip(name.asText()) + "' in agent.json (have: "
                        + String.join(", ", config.printers().stream().map(PrinterConfig::name).toList()) + ")"
                : "the job names no printer and agent.json has several";
        if (sending) return result(new PrintOutcome.Unknown("the agent stopped while sending, and " + why + "; check the printout before reprinting"), null);
        return result(new PrintOutcome.Failed(why + "; nothing was sent"), null);
    }

    /** Prints a job that was never sent; the caller journals and posts the result. */
    Result print(JobRecord j, PrinterConfig p) throws IOException {
        PrintJob job;
        try {
            job = toPrint(j);
        } catch (IllegalArgumentException | IOException e) {
            return remember(p, result(new PrintOutcome.Failed(e.getMessage() + "; nothing was sent"), p.name()));
        }
        journal.printSending(j.id());
        PrintOutcome o = printer(p).print(job);
        events.jobStarted(j.id(), "print on " + p.name() + ": " + o.reason());
        return remember(p, result(o, p.name()));
    }

    /** A receipt from a terminal: printed once, not journaled (see {@link Receipts}); its outcome shows in the status. */
    PrintOutcome receipt(PrinterConfig p, PrintJob receipt) {
        PrintOutcome o = printer(p).print(receipt);
        remember(p, result(o, p.name()));
        return o;
    }

    /** A job the agent stopped while sending ({@code print_sending} journaled, no result). */
    Result recover(JobRecord j, PrinterConfig p) throws IOException {
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
            return print(j, p);
        }
        events.recovering(j.id(), "posting what the printer says", o.get().reason());
        return remember(p, result(o.get(), p.name()));
    }

    /**
     * The job's document fetched from the hub when it names one (transient failures tried again
     * until the start deadline counted from the job's acceptance), else its inline content decoded.
     */
    private PrintJob toPrint(JobRecord j) throws IOException {
        JsonNode id = j.request().path("document");
        if (!id.isTextual()) return job(j);
        try {
            return job(j, DocumentFetch.fetch(documents, id.asText(), j.last().plus(config.startDeadline()), time));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stopping while fetching document " + id.asText() + " from the hub");
        } catch (IOException e) {
            throw new IOException("could not fetch the document from the hub: " + e.getMessage(), e);
        }
    }

    /** The print request's inline content as the hub sent it, decoded; throws with a plain message when it cannot be printed. */
    static PrintJob job(JobRecord j) {
        JsonNode r = j.request();
        String encoding = r.path("encoding").asText("text");
        String content = r.path("content").asText("");
        byte[] bytes = switch (encoding) {
            case "text" -> content.getBytes(StandardCharsets.UTF_8);
            case "base64" -> {
                try {
                    yield Base64.getMimeDecoder().decode(content);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid print request: content is not base64");
                }
            }
            default -> throw new IllegalArgumentException("invalid print request: encoding must be text or base64, was '" + clip(encoding) + "'");
        };
        Document d;
        try {
            d = Document.of(r.path("content_type").asText("text/plain"), bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rejected format: " + e.getMessage());
        }
        return job(j, d);
    }

    private static PrintJob job(JobRecord j, Document d) {
        return new PrintJob(j.id(), d, j.request().path("copies").asInt(1), Optional.empty());
    }

    /**
     * A print job's result: {@code outcome} (done, failed, unknown, as the state), {@code message}
     * (the reason in plain words) and {@code printer} when one was picked.
     */
    static Result result(PrintOutcome o, String printer) {
        String state = switch (o) {
            case PrintOutcome.Done d -> "done";
            case PrintOutcome.Failed f -> "failed";
            case PrintOutcome.Unknown u -> "unknown";
        };
        ObjectNode r = JSON.createObjectNode().put("outcome", state).put("message", o.reason());
        if (printer != null) r.put("printer", printer);
        return new Result(state, r);
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
            else o.put("state", l.result().state()).put("reason", clip(l.result().result().path("message").asText(), 300)).put("at", l.at().toString());
            Printer opened = printers.get(p.name());
            Optional<PrinterState> seen = opened == null ? Optional.empty() : opened.lastState();
            seen.ifPresent(s -> {
                o.put("printer_state", s.status().name().toLowerCase(java.util.Locale.ROOT));
                ArrayNode reasons = o.putArray("printer_reasons");
                s.reasons().stream().limit(8).forEach(r -> reasons.add(clip(r, 120)));
            });
        }
        return a;
    }

    private Result remember(PrinterConfig p, Result r) {
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
