package tillbridge.agent.print;

/**
 * What became of one print job. {@link Failed} means the printer did not print it (nothing was
 * sent, or the printer refused or aborted it): sending it again is safe. {@link Unknown} means it
 * may have printed (the connection broke after the document left, or the printer did not finish in
 * time): look it up (IPP: {@link IppPrinter#findJob}) or ask a person before sending it again.
 */
public sealed interface PrintOutcome {
    /** One plain line for logs and the box office. */
    String reason();

    /** The printer took the whole document (IPP: the job reached completed). */
    record Done(String reason) implements PrintOutcome {}

    record Failed(String reason) implements PrintOutcome {}

    record Unknown(String reason) implements PrintOutcome {}
}
