package tillbridge.contract;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A job's final result as the agent posts it: the {@link Outcome} (which decides the final
 * {@link #state}), a plain-words {@code message}, where it ran, and for payments what the terminal
 * said. Empty optionals are left out of the JSON ({@link JobJson}).
 *
 * @param recovered payments only: whether the outcome came from asking the terminal afterwards
 * @param receipts  receipts the terminal printed through the agent during the payment
 */
public record JobResult(Outcome outcome, String message, Optional<String> reference, Optional<String> terminal,
                        Optional<String> printer, Optional<Boolean> recovered, Authorisation authorisation, List<Receipt> receipts) {
    public JobResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(printer, "printer");
        Objects.requireNonNull(recovered, "recovered");
        Objects.requireNonNull(authorisation, "authorisation");
        receipts = List.copyOf(receipts);
    }

    /** An outcome and its message, nothing else yet. */
    public static JobResult of(Outcome outcome, String message) {
        return new JobResult(outcome, message, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Authorisation.NONE, List.of());
    }

    /** The final job state the outcome ends the job in. */
    public JobState state() {
        return outcome.state();
    }

    public JobResult withReference(String ref) {
        return new JobResult(outcome, message, Optional.ofNullable(ref), terminal, printer, recovered, authorisation, receipts);
    }

    public JobResult withTerminal(String name) {
        return new JobResult(outcome, message, reference, Optional.ofNullable(name), printer, recovered, authorisation, receipts);
    }

    public JobResult withPrinter(String name) {
        return new JobResult(outcome, message, reference, terminal, Optional.ofNullable(name), recovered, authorisation, receipts);
    }

    public JobResult withRecovered(boolean r) {
        return new JobResult(outcome, message, reference, terminal, printer, Optional.of(r), authorisation, receipts);
    }

    public JobResult withAuthorisation(Authorisation a) {
        return new JobResult(outcome, message, reference, terminal, printer, recovered, a, receipts);
    }

    public JobResult withReceipts(List<Receipt> r) {
        return new JobResult(outcome, message, reference, terminal, printer, recovered, authorisation, r);
    }

    /**
     * What the terminal's final answer (S2) said about a payment; every part optional, empty ones
     * left out of the JSON.
     */
    public record Authorisation(OptionalInt resultCode, Optional<String> authCode, Optional<String> maskedPan, Optional<String> method,
                                Optional<String> tid, Optional<String> mid, Optional<String> transactionId,
                                Optional<String> terminalMessage, OptionalLong amount, OptionalLong cashback) {
        public static final Authorisation NONE = new Authorisation(OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty());

        /** Empty strings count as absent, so that the JSON carries no empty fields. */
        public Authorisation {
            Objects.requireNonNull(resultCode, "resultCode");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(cashback, "cashback");
            authCode = nonEmpty(authCode);
            maskedPan = nonEmpty(maskedPan);
            method = nonEmpty(method);
            tid = nonEmpty(tid);
            mid = nonEmpty(mid);
            transactionId = nonEmpty(transactionId);
            terminalMessage = nonEmpty(terminalMessage);
        }

        private static Optional<String> nonEmpty(Optional<String> s) {
            return s == null ? Optional.empty() : s.filter(x -> !x.isEmpty());
        }
    }

    /** A receipt the terminal printed, as text lines joined by line feeds. */
    public record Receipt(String title, String text) {
        public Receipt {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
        }
    }
}
