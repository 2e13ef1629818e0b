package tillbridge.agent.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import tillbridge.agent.print.PrintOutcome;
import tillbridge.contract.JobState;

/**
 * What a restarted agent does with each journaled job (pure; the money-safety rule in one place):
 *
 * <table>
 *   <tr><th>stage</th><th>action</th></tr>
 *   <tr><td>received</td><td>{@link Action#RUN}: it never started, run it now</td></tr>
 *   <tr><td>print_sending</td><td>{@link Action#ASK_PRINTER}: the document may have reached the printer; what
 *       then happens is {@link #afterPrintCrash}</td></tr>
 *   <tr><td>s1_pending, s1_sent</td><td>{@link Action#ASK_TERMINAL}: the S1 may have gone out; never send it
 *       again, ask the terminal with status queries until it answers or the recovery deadline passes</td></tr>
 *   <tr><td>result</td><td>{@link Action#POST_RESULT}, or {@link Action#POST_RESULT_AND_ASK} when it is
 *       an unknown outcome still being asked about</td></tr>
 *   <tr><td>posted</td><td>{@link Action#NOTHING}, or {@link Action#ASK_TERMINAL} when it is an unknown
 *       outcome still being asked about</td></tr>
 * </table>
 */
public final class Recovery {
    public enum Action { RUN, ASK_PRINTER, ASK_TERMINAL, POST_RESULT, POST_RESULT_AND_ASK, NOTHING }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Recovery() {}

    public static Action decide(JobRecord j) {
        return switch (j.stage()) {
            case RECEIVED -> Action.RUN;
            case PRINT_SENDING -> Action.ASK_PRINTER;
            case S1_PENDING, S1_SENT -> Action.ASK_TERMINAL;
            case RESULT -> stillAsking(j) ? Action.POST_RESULT_AND_ASK : Action.POST_RESULT;
            case POSTED -> stillAsking(j) ? Action.ASK_TERMINAL : Action.NOTHING;
        };
    }

    /** What a raw printer's job becomes after a crash while sending: it cannot be asked. */
    static final String RAW_PRINTER_UNKNOWN = "the agent stopped while sending to a raw printer; check the printout before reprinting";

    /**
     * A print job the agent stopped while sending: its outcome, or empty when it is to be sent
     * again. Only an IPP printer can be asked ({@code found} is its job looked up by job-name, the
     * hub's job id): completed is done; a job it does not have at all provably never arrived, so
     * it is sent again; any other state is unknown. A raw (socket or file) printer keeps no jobs:
     * the outcome is unknown, never a second copy printed silently.
     */
    static Optional<PrintOutcome> afterPrintCrash(boolean ipp, Optional<PrintOutcome> found) {
        if (!ipp) return Optional.of(new PrintOutcome.Unknown(RAW_PRINTER_UNKNOWN));
        if (found.isEmpty()) return Optional.empty();
        return Optional.of(switch (found.get()) {
            case PrintOutcome.Done d -> d;
            case PrintOutcome.Failed f -> new PrintOutcome.Unknown("the agent stopped while sending; " + f.reason() + "; check before reprinting");
            case PrintOutcome.Unknown u -> new PrintOutcome.Unknown("the agent stopped while sending; " + u.reason() + "; check the printout before reprinting");
        });
    }

    /**
     * Whether the terminal is still to be asked about this job: its S1 may have gone out, no
     * outcome is known yet (no result, or an unknown one), and asking has not ended.
     */
    public static boolean stillAsking(JobRecord j) {
        return j.payment().isPresent() && j.result().map(r -> r.state() == JobState.UNKNOWN).orElse(true)
                && j.asking().flatMap(JobRecord.Asking::ended).isEmpty();
    }

    /**
     * The payment reference (S1 payment id) of a job: {@code TB} and 18 Crockford base32
     * characters of the SHA-256 of the job id (90 bits). Stable, so a status query after a
     * restart finds the payment; 20 characters, the S1 limit.
     */
    public static String paymentReference(String jobId) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        StringBuilder sb = new StringBuilder(20).append("TB");
        int bit = 0;
        for (int i = 0; i < 18; i++, bit += 5) {
            int v = ((h[bit / 8] & 0xFF) << 8 | (h[bit / 8 + 1] & 0xFF)) >>> (11 - bit % 8) & 31;
            sb.append(CROCKFORD[v]);
        }
        return sb.toString();
    }
}
