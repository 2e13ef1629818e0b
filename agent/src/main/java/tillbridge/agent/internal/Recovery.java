package tillbridge.agent.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a restarted agent does with each journaled job (pure; the money-safety rule in one place):
 *
 * <table>
 *   <tr><th>stage</th><th>action</th></tr>
 *   <tr><td>received</td><td>{@link Action#RUN}: it never started, run it now</td></tr>
 *   <tr><td>s1_pending, s1_sent</td><td>{@link Action#ASK_TERMINAL}: the S1 may have gone out; never send it
 *       again, ask the terminal with status queries until it answers or the recovery deadline passes</td></tr>
 *   <tr><td>result</td><td>{@link Action#POST_RESULT}, or {@link Action#POST_RESULT_AND_ASK} when it is
 *       an unknown outcome still being asked about</td></tr>
 *   <tr><td>posted</td><td>{@link Action#NOTHING}, or {@link Action#ASK_TERMINAL} when it is an unknown
 *       outcome still being asked about</td></tr>
 * </table>
 */
public final class Recovery {
    public enum Action { RUN, ASK_TERMINAL, POST_RESULT, POST_RESULT_AND_ASK, NOTHING }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Recovery() {}

    public static Action decide(JobRecord j) {
        return switch (j.stage()) {
            case RECEIVED -> Action.RUN;
            case S1_PENDING, S1_SENT -> Action.ASK_TERMINAL;
            case RESULT -> stillAsking(j) ? Action.POST_RESULT_AND_ASK : Action.POST_RESULT;
            case POSTED -> stillAsking(j) ? Action.ASK_TERMINAL : Action.NOTHING;
        };
    }

    /**
     * Whether the terminal is still to be asked about this job: its S1 may have gone out, no
     * outcome is known yet (no result, or an unknown one), and asking has not ended.
     */
    public static boolean stillAsking(JobRecord j) {
        return j.payment().isPresent() && j.result().map(r -> r.state().equals("unknown")).orElse(true)
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
