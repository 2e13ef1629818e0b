package tillbridge.terminalsim;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the simulated terminal.
 *
 * @param step pause after each I1 status (default 300 ms)
 * @param slow extra wait before the authorisation step of a "slow" amount (default 10 s)
 * @param mid merchant id put in every S2
 * @param tid terminal id put in every S2
 * @param receipts print a customer receipt on the ECR's printer after each authorised sale, before its S2
 * @param answerWait how long a sale waits for the ECR's answer (D0, K0) to a print request or a console claim
 * @param operatorWait how long a sale waits for the operator's answer to a question (K4)
 */
public record Config(Duration step, Duration slow, String mid, String tid, boolean receipts, Duration answerWait, Duration operatorWait) {
    public static final Duration DEFAULT_STEP = Duration.ofMillis(300);
    public static final Duration DEFAULT_SLOW = Duration.ofSeconds(10);
    public static final String DEFAULT_MID = "M00012345";
    public static final String DEFAULT_TID = "T0001234";
    /** Longer than frob's own 10 s, so that frob's error arrives first. */
    public static final Duration DEFAULT_ANSWER_WAIT = Duration.ofSeconds(15);
    /** Longer than frob's console timeout (120 s). */
    public static final Duration DEFAULT_OPERATOR_WAIT = Duration.ofSeconds(150);

    /** No receipts, the default waits. */
    public Config(Duration step, Duration slow, String mid, String tid) {
        this(step, slow, mid, tid, false, DEFAULT_ANSWER_WAIT, DEFAULT_OPERATOR_WAIT);
    }

    public Config {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(slow, "slow");
        if (step.isNegative()) throw new IllegalArgumentException("step must be >= 0, was " + step.toMillis() + " ms");
        if (slow.isNegative()) throw new IllegalArgumentException("slow must be >= 0, was " + slow.toMillis() + " ms");
        Objects.requireNonNull(answerWait, "answerWait");
        Objects.requireNonNull(operatorWait, "operatorWait");
        mid = checkId("mid", mid);
        tid = checkId("tid", tid);
    }

    public static Config defaults() {
        return new Config(DEFAULT_STEP, DEFAULT_SLOW, DEFAULT_MID, DEFAULT_TID);
    }

    public Config withReceipts(boolean on) {
        return new Config(step, slow, mid, tid, on, answerWait, operatorWait);
    }

    public Config withWaits(Duration answer, Duration operator) {
        return new Config(step, slow, mid, tid, receipts, answer, operator);
    }

    /** S2 mid and tid are text fields of at most 20 printable ASCII characters. */
    private static String checkId(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.length() > 20 || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E))
            throw new IllegalArgumentException(name + " must be 1-20 printable ASCII characters, was '" + value + "'");
        return value;
    }
}
