package tillbridge.ecr;

import java.time.Duration;
import java.util.List;
import tillbridge.common.io.Problems;
import tillbridge.protocol.link.LinkPolicy;

/**
 * Settings of one {@link EcrSession}.
 *
 * @param link link-layer timings; {@code retransmitNonIdempotentOnTimeout} stays false (S1 is
 *     written at most once) unless the peer is known to drop duplicates by token, as tillbridge's frob does
 * @param answerTimeout how long to wait for T2, T4, D5 and for the S2 answering a status query
 * @param paymentTimeout how long to wait for S2 since the last frame from the terminal (every I1 restarts it)
 * @param statusTries status queries sent to recover an interrupted payment before it is reported unknown
 * @param statusRetryDelay pause between two status queries
 * @param versions protocol versions this ECR supports, as 3-digit text ({@code 160}, {@code 170})
 */
public record EcrOptions(LinkPolicy link, Duration answerTimeout, Duration paymentTimeout, int statusTries,
                         Duration statusRetryDelay, List<String> versions) {
    public static final EcrOptions DEFAULT = new EcrOptions(
            LinkPolicy.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(180), 3, Duration.ofSeconds(2), List.of("160", "170"));

    public EcrOptions {
        if (link == null) throw new IllegalArgumentException("link policy must not be null");
        positive("answerTimeout", answerTimeout);
        positive("paymentTimeout", paymentTimeout);
        if (statusTries < 1) throw new IllegalArgumentException("statusTries must be >= 1, was " + statusTries);
        if (statusRetryDelay == null || statusRetryDelay.isNegative())
            throw new IllegalArgumentException("statusRetryDelay must be >= 0, was " + statusRetryDelay);
        versions = List.copyOf(versions);
        if (versions.isEmpty()) throw new IllegalArgumentException("versions must not be empty");
        for (String v : versions)
            if (!v.matches("[0-9]{1,4}")) throw new IllegalArgumentException("versions must be 1-4 digits, was '" + v + "'");
    }

    public EcrOptions withLink(LinkPolicy p) {
        return new EcrOptions(p, answerTimeout, paymentTimeout, statusTries, statusRetryDelay, versions);
    }

    /** Resend S1 after an ACK timeout: only for a peer that drops duplicates by token (tillbridge's frob). */
    public EcrOptions withRetransmitNonIdempotent(boolean on) {
        return withLink(link.withRetransmitNonIdempotent(on));
    }

    public EcrOptions withAnswerTimeout(Duration d) {
        return new EcrOptions(link, d, paymentTimeout, statusTries, statusRetryDelay, versions);
    }

    public EcrOptions withPaymentTimeout(Duration d) {
        return new EcrOptions(link, answerTimeout, d, statusTries, statusRetryDelay, versions);
    }

    public EcrOptions withStatusTries(int n, Duration delay) {
        return new EcrOptions(link, answerTimeout, paymentTimeout, n, delay, versions);
    }

    public EcrOptions withVersions(List<String> v) {
        return new EcrOptions(link, answerTimeout, paymentTimeout, statusTries, statusRetryDelay, v);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0, was " + Problems.seconds(d));
    }
}
