package tillbridge.agent.print;

import com.hp.jipp.encoding.AttributeGroup;
import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.encoding.Resolution;
import com.hp.jipp.encoding.Tag;
import com.hp.jipp.model.JobState;
import com.hp.jipp.model.Status;
import com.hp.jipp.model.Types;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An IPP printer (ipp://, ipps://, or a local CUPS queue). A job is sent with Print-Job, its
 * {@code job-name} being the hub's job id, then followed with Get-Job-Attributes until it is
 * completed, aborted or canceled, or {@link PrintTimeouts#finish} has passed (outcome unknown).
 */
public final class IppPrinter implements Printer {
    private static final String USER = "tillbridge";
    private static final int DOCUMENT_FORMAT_NOT_SUPPORTED = 0x040A;
    /** The first wait before asking for a job's state; doubled each time up to {@link PrintTimeouts#poll}. */
    static final Duration FIRST_POLL = Duration.ofMillis(20);

    private final String name;
    private final PrinterAddress.Ipp address;
    private final PrintTimeouts timeouts;
    private final IppClient client;
    private final LastSeen last = new LastSeen();

    /** @param caFile whom an ipps:// printer's certificate must be issued by ({@link PrinterTrust}) */
    IppPrinter(String name, PrinterAddress.Ipp address, Optional<Path> caFile, PrintTimeouts timeouts) {
        this.name = name;
        this.address = address;
        this.timeouts = timeouts;
        this.client = new IppClient(address.httpUri(), timeouts.connect(), timeouts.connect(), PrinterTrust.context(caFile));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PrintOutcome print(PrintJob job) {
        IppPacket before;
        try {
            before = client.send(IppPacket.getPrinterAttributes(address.printerUri(), Types.printerState, Types.printerStateReasons,
                    Types.documentFormatSupported, Types.pwgRasterDocumentTypeSupported, Types.pwgRasterDocumentResolutionSupported).build());
        } catch (IOException e) {
            last.seen(PrinterState.offline(unreachable(e)));
            return new PrintOutcome.Failed(unreachable(e));
        }
        PrinterState state = last.seen(state(before));
        if (state.status() == PrinterState.Status.STOPPED) {
            return new PrintOutcome.Failed(state.blocker().orElse("printer stopped") + " (" + where() + ": " + String.join(", ", state.reasons()) + ")");
        }
        Payload payload;
        try {
            payload = payload(job.document(), before);
        } catch (IllegalArgumentException e) {
            return new PrintOutcome.Failed("rejected format: " + where() + " " + e.getMessage());
        }
        String format = payload.format();
        IppPacket.Builder request = IppPacket.printJob(address.printerUri())
                .putOperationAttributes(Types.requestingUserName.of(USER), Types.jobName.of(job.id()), Types.documentFormat.of(format))
                .putJobAttributes(Types.copies.of(job.copies()));
        job.media().ifPresent(m -> request.putJobAttributes(Types.media.of(m)));
        IppPacket response;
        try {
            response = client.send(request.build(), payload.bytes());
        } catch (IppClient.NotSent e) {
            return new PrintOutcome.Failed("offline: " + where() + " " + e.getMessage());
        } catch (IOException e) {
            return new PrintOutcome.Unknown("no answer from " + where() + " after the document was sent (" + e.getMessage()
                    + "); the printer may have the job '" + job.id() + "'");
        }
        int status = response.getCode();
        AttributeGroup unsupported = response.get(Tag.unsupportedAttributes);
        if (status == DOCUMENT_FORMAT_NOT_SUPPORTED || unsupported != null && unsupported.get(Types.documentFormat.getName()) != null) {
            return new PrintOutcome.Failed("rejected format: " + where() + " refused " + format + " (" + statusText(response) + ")");
        }
        if (status >= 0x100) return new PrintOutcome.Failed("refused by " + where() + ": " + statusText(response));
        Integer jobId = response.getValue(Tag.jobAttributes, Types.jobId);
        if (jobId == null) return new PrintOutcome.Unknown(where() + " accepted the job but gave no job-id");
        return follow(jobId);
    }

    /** The document as the printer gets it, and its {@code document-format}. */
    private record Payload(String format, byte[] bytes) {}

    /**
     * The document as it is when the printer lists its format; a PDF rasterised to PWG raster for
     * a printer that lists that and no PDF; otherwise refused, saying what the printer takes.
     */
    private static Payload payload(Document d, IppPacket printer) {
        String format = d.kind().mediaType();
        List<String> formats = printer.getStrings(Tag.printerAttributes, Types.documentFormatSupported);
        if (formats.contains(format)) return new Payload(format, d.content());
        if (d.kind() == Document.Kind.PDF && formats.contains(PwgRaster.MEDIA_TYPE)) {
            AttributeGroup a = printer.get(Tag.printerAttributes);
            List<Resolution> resolutions = a == null ? List.of() : a.getValues(Types.pwgRasterDocumentResolutionSupported);
            try {
                return new Payload(PwgRaster.MEDIA_TYPE,
                        PwgRaster.fromPdf(d.content(), printer.getStrings(Tag.printerAttributes, Types.pwgRasterDocumentTypeSupported), resolutions));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("takes no PDF, and PWG raster cannot be made for it: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("does not accept " + format + " (it accepts " + String.join(", ", formats) + ")");
    }

    private PrintOutcome follow(int jobId) {
        long deadline = System.nanoTime() + timeouts.finish().toNanos();
        // a receipt or a ticket is often done within milliseconds: asking soon, then less and less
        // often up to the poll interval, keeps one printer's lane from waiting a whole interval a job
        Duration wait = FIRST_POLL.compareTo(timeouts.poll()) < 0 ? FIRST_POLL : timeouts.poll();
        while (true) {
            IppPacket r;
            try {
                r = client.send(IppPacket.getJobAttributes(address.printerUri(), jobId,
                        Types.jobState, Types.jobStateReasons).putOperationAttributes(Types.requestingUserName.of(USER)).build());
            } catch (IOException e) {
                return new PrintOutcome.Unknown("lost " + where() + " while job " + jobId + " printed (" + e.getMessage() + ")");
            }
            JobState s = r.getValue(Tag.jobAttributes, Types.jobState);
            List<String> reasons = r.getStrings(Tag.jobAttributes, Types.jobStateReasons);
            if (s != null && s.getCode() == JobState.completed.getCode()) {
                return new PrintOutcome.Done("job " + jobId + " completed on " + where() + after());
            }
            if (s != null && s.getCode() == JobState.aborted.getCode()) {
                return new PrintOutcome.Failed(state().blocker().orElse("aborted by the printer") + " (job " + jobId + ": " + String.join(", ", reasons) + ")");
            }
            if (s != null && s.getCode() == JobState.canceled.getCode()) {
                return new PrintOutcome.Failed("canceled at the printer (job " + jobId + ")");
            }
            if (System.nanoTime() - deadline >= 0) {
                return new PrintOutcome.Unknown("job " + jobId + " still " + (s == null ? "in an unknown state" : s.getName()) + " after "
                        + timeouts.finish().toSeconds() + " s (" + String.join(", ", reasons) + ")" + after());
            }
            try {
                Thread.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(timeouts.poll()) < 0 ? wait.multipliedBy(2) : timeouts.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new PrintOutcome.Unknown("stopped waiting for job " + jobId + " on " + where());
            }
        }
    }

    /** What the printer says after the job, for the outcome's reason (a printer now out of paper). */
    private String after() {
        return state().blocker().map(b -> "; printer now: " + b).orElse("");
    }

    @Override
    public PrinterState state() {
        try {
            return last.seen(state(client.send(IppPacket.getPrinterAttributes(address.printerUri(), Types.printerState, Types.printerStateReasons).build())));
        } catch (IOException e) {
            return last.seen(PrinterState.offline(unreachable(e)));
        }
    }

    @Override
    public Optional<PrinterState> lastState() {
        return last.get();
    }

    private static PrinterState state(IppPacket p) {
        var s = p.getValue(Tag.printerAttributes, Types.printerState);
        // printer-state enum values (RFC 8011 5.4.11)
        PrinterState.Status status = s == null ? PrinterState.Status.UNKNOWN : switch (s.getCode()) {
            case 3 -> PrinterState.Status.IDLE;
            case 4 -> PrinterState.Status.PROCESSING;
            case 5 -> PrinterState.Status.STOPPED;
            default -> PrinterState.Status.UNKNOWN;
        };
        List<String> reasons = new ArrayList<>();
        for (String r : p.getStrings(Tag.printerAttributes, Types.printerStateReasons)) {
            if (!r.equals("none")) reasons.add(r.replaceFirst("-(report|warning|error)$", ""));
        }
        return new PrinterState(status, reasons);
    }

    /**
     * After a crash: what became of the job named {@code jobName} (the hub's job id), the newest if
     * several. Empty = the printer has no job by that name, so it was never received. Done,
     * failed (aborted or canceled), or unknown while it is still pending or printing.
     *
     * @throws IOException the printer did not answer: nothing is known
     */
    public Optional<PrintOutcome> findJob(String jobName) throws IOException {
        AttributeGroup found = null;
        for (String which : List.of("not-completed", "completed")) {
            IppPacket r = client.send(IppPacket.getJobs(address.printerUri(), Types.jobId, Types.jobName, Types.jobState, Types.jobStateReasons)
                    .putOperationAttributes(Types.requestingUserName.of(USER), Types.whichJobs.of(which), Types.myJobs.of(false)).build());
            if (r.getCode() >= 0x100) throw new IOException(where() + " refused Get-Jobs: " + statusText(r));
            for (AttributeGroup g : r.getAttributeGroups()) {
                if (g.getTag() != Tag.jobAttributes || !jobName.equals(g.getString(Types.jobName))) continue;
                Integer id = g.getValue(Types.jobId);
                if (found == null || id != null && id > found.getValue(Types.jobId)) found = g;
            }
        }
        if (found == null) return Optional.empty();
        int id = found.getValue(Types.jobId);
        JobState s = found.getValue(Types.jobState);
        int code = s == null ? 0 : s.getCode();
        String reasons = String.join(", ", found.getStrings(Types.jobStateReasons));
        if (code == JobState.completed.getCode()) return Optional.of(new PrintOutcome.Done("job " + id + " completed on " + where()));
        if (code == JobState.aborted.getCode() || code == JobState.canceled.getCode()) {
            return Optional.of(new PrintOutcome.Failed("job " + id + " " + s.getName() + " on " + where() + " (" + reasons + ")"));
        }
        return Optional.of(new PrintOutcome.Unknown("job " + id + " is still " + (s == null ? "unknown" : s.getName()) + " on " + where()));
    }

    private static String statusText(IppPacket r) {
        Status st = r.getStatus();
        String message = r.getString(Tag.operationAttributes, Types.statusMessage);
        return st.getName() + (message == null ? "" : " (" + message + ")");
    }

    /** Why the printer could not be asked: its certificate not trusted (naming the issuer), or it is offline. */
    private String unreachable(IOException e) {
        return PrinterTrust.cause(e).map(u -> "not trusted: " + where() + ": " + u.getMessage())
                .orElse("offline: " + where() + " does not answer (" + e.getMessage() + ")");
    }

    private String where() {
        return "printer " + name + " (" + address.printerUri() + ")";
    }
}
