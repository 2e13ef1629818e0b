package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tillbridge.contract.JobResult;

/**
 * What the journal knows about one job: the request as the hub sent it and how far the agent got.
 *
 * @param payment set once "S1 about to be sent" was journaled: where and under which reference
 * @param result  set once the final state was journaled
 * @param asking  set once the agent started asking the terminal about an unknown outcome
 * @param last    time of the latest record
 * @param receipts what the terminal printed during a payment, in order, for its result
 */
public record JobRecord(String id, String type, JsonNode request, Stage stage, Optional<PaymentRef> payment,
                        Optional<JobResult> result, Optional<Asking> asking, Instant last, List<JobResult.Receipt> receipts) {
    /** Journal stages, in the order a job goes through them. */
    public enum Stage {
        /** On disk; acknowledged to the hub after this. Not started. */
        RECEIVED,
        /** A print job's "document about to be sent" is on disk: from here it is never printed again without proof it did not arrive. */
        PRINT_SENDING,
        /** "S1 about to be sent" is on disk: from here the payment must never be sent again. */
        S1_PENDING,
        /** The terminal acknowledged the S1. */
        S1_SENT,
        /** The final state is on disk, not yet accepted by the hub. */
        RESULT,
        /** The hub has the result. */
        POSTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a payment's S1 goes: terminal name, ECR id and the stable payment reference. */
    public record PaymentRef(String terminal, String ecrId, String reference) {}

    /**
     * Asking the terminal about a payment whose outcome is unknown: until when, and why it stopped
     * (empty while it goes on).
     */
    public record Asking(Instant until, Optional<String> ended) {}

    public JobRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stage, "stage");
        type = type == null ? "" : type;
        payment = payment == null ? Optional.empty() : payment;
        result = result == null ? Optional.empty() : result;
        asking = asking == null ? Optional.empty() : asking;
        receipts = receipts == null ? List.of() : List.copyOf(receipts);
    }

    public JobRecord(String id, String type, JsonNode request, Stage stage, Optional<PaymentRef> payment,
                     Optional<JobResult> result, Optional<Asking> asking, Instant last) {
        this(id, type, request, stage, payment, result, asking, last, List.of());
    }

    JobRecord at(Stage s, Instant when) {
        return new JobRecord(id, type, request, s, payment, result, asking, when, receipts);
    }

    JobRecord withPayment(PaymentRef p, Instant when) {
        return new JobRecord(id, type, request, Stage.S1_PENDING, Optional.of(p), result, asking, when, receipts);
    }

    /** The S1 provably never left: back to a job that never started, which may run again. */
    JobRecord notSent(Instant when) {
        return new JobRecord(id, type, request, Stage.RECEIVED, Optional.empty(), result, asking, when, receipts);
    }

    JobRecord withResult(JobResult r, Instant when) {
        return new JobRecord(id, type, request, Stage.RESULT, payment, Optional.of(r), asking, when, receipts);
    }

    /** A receipt the terminal printed during this payment; the stage stays. */
    JobRecord withReceipt(JobResult.Receipt p, Instant when) {
        List<JobResult.Receipt> all = new java.util.ArrayList<>(receipts);
        all.add(p);
        return new JobRecord(id, type, request, stage, payment, result, asking, when, all);
    }

    /** Asking starts or ends; the stage stays (asking goes on beside posting). */
    JobRecord withAsking(Asking a, Instant when) {
        return new JobRecord(id, type, request, stage, payment, result, Optional.of(a), when, receipts);
    }
}
