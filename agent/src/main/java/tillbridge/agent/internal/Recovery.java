package tillbridge.agent.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a restarted agent does with each journaled job (pure; the money-safety rule in one place):
 *
 * <table>
 *   <tr><th>last record</th><th>action</th></tr>
 *   <tr><td>received</td><td>{@link Action#RUN}: it never started, run it now</td></tr>
 *   <tr><td>s1_pending, s1_sent</td><td>{@link Action#ASK_TERMINAL}: the S1 may have gone out; never send it
 *       again, ask the terminal with a status query (or report unknown)</td></tr>
 *   <tr><td>result</td><td>{@link Action#POST_RESULT}</td></tr>
 *   <tr><td>posted</td><td>{@link Action#NOTHING}</td></tr>
 * </table>
 */
public final class Recovery {
    public enum Action { RUN, ASK_TERMINAL, POST_RESULT, NOTHING }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Recovery() {}

    public static Action decide(JobRecord.Stage stage) {
        return switch (stage) {
            case RECEIVED -> Action.RUN;
            case S1_PENDING, S1_SENT -> Action.ASK_TERMINAL;
            case RESULT -> Action.POST_RESULT;
            case POSTED -> Action.NOTHING;
        };
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
