package tillbridge.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a job's event log: a state change (the hub's), a box-office answer to a prompt
 * (the hub's), or a progress event the agent posted. {@link JobJson} gives each its {@code data}.
 */
public sealed interface JobEvent permits JobEvent.State, JobEvent.Answer, JobEvent.Progress {
    /** The event's kind: the SSE event name and the log's {@code kind}. */
    String kind();

    /**
     * The job moved to {@code state}; a final state carries the result as the agent posted it.
     * {@code settled} is the state a recovered result settled ({@code unknown}), when it did.
     */
    record State(JobState state, Optional<ObjectNode> result, Optional<JobState> settled) implements JobEvent {
        public static final String KIND = "state";

        public State {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(settled, "settled");
        }

        public static State of(JobState s) {
            return new State(s, Optional.empty(), Optional.empty());
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** The box office answered {@code prompt}; the agent receives it on its stream. */
    record Answer(String prompt, String answer) implements JobEvent {
        public static final String KIND = "answer";

        public Answer {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Something the agent reports while the job runs, one record per kind; {@link ProgressJson}
     * names their fields. The first one moves the job to running.
     */
    sealed interface Progress extends JobEvent {
        /** The kind of {@link Prompt}: the one the box office may answer. */
        String PROMPT = "prompt";
        String PAYMENT_STARTED = "payment_started";
        String PAYMENT_SENT = "payment_sent";
        String TERMINAL_STATUS = "terminal_status";
        String ABORT_SENT = "abort_sent";
        String RECOVERING = "recovering";
        String WAITING_FOR_TERMINAL = "waiting_for_terminal";
        String RECOVERY_ENDED = "recovery_ended";
        String CONSOLE_CLAIMED = "console_claimed";
        String CONSOLE_ENDED = "console_ended";
        String TERMINAL_DISPLAY = "terminal_display";
        String TERMINAL_SOUND = "terminal_sound";
        String TERMINAL_RECEIPT = "terminal_receipt";
        String PRINT_SENDING = "print_sending";
        String PRINTER_STATE = "printer_state";

        /** Each kind's name in one place; the compiler asks for a new record's here. */
        @Override
        default String kind() {
            return switch (this) {
                case PaymentStarted e -> PAYMENT_STARTED;
                case PaymentSent e -> PAYMENT_SENT;
                case TerminalStatus e -> TERMINAL_STATUS;
                case AbortSent e -> ABORT_SENT;
                case Recovering e -> RECOVERING;
                case WaitingForTerminal e -> WAITING_FOR_TERMINAL;
                case RecoveryEnded e -> RECOVERY_ENDED;
                case Prompt e -> PROMPT;
                case ConsoleClaimed e -> CONSOLE_CLAIMED;
                case ConsoleEnded e -> CONSOLE_ENDED;
                case TerminalDisplay e -> TERMINAL_DISPLAY;
                case TerminalSound e -> TERMINAL_SOUND;
                case TerminalReceipt e -> TERMINAL_RECEIPT;
                case PrintSending e -> PRINT_SENDING;
                case PrinterStatus e -> PRINTER_STATE;
            };
        }

        /** The prompt's name when this is a prompt: what the box office may answer. */
        default Optional<String> asks() {
            return this instanceof Prompt p ? Optional.of(p.prompt()) : Optional.empty();
        }

        /** The S1 is about to go to {@code terminal}; {@code amount} in minor units. */
        record PaymentStarted(String terminal, String reference, long amount, String currency) implements Progress {}

        /** The terminal took the S1: from here the payment is never sent again, only asked about. */
        record PaymentSent(String reference) implements Progress {}

        /** The terminal's own progress (S3): its status code, that code in words, and its display text. */
        record TerminalStatus(int status, String text, String message) implements Progress {}

        /** The box office's cancel went to the terminal (P1); the terminal still decides. */
        record AbortSent() implements Progress {}

        /** The outcome is being asked for (status query), never paid again; {@code attempt} counts from 1. */
        record Recovering(String reason, Optional<String> reference, OptionalInt attempt) implements Progress {}

        /** The terminal could not be reached and nothing was sent; tried again in {@code retryInMs}. */
        record WaitingForTerminal(String terminal, String reason, int attempt, long retryInMs) implements Progress {}

        /** Asking about an unknown outcome stopped (deadline): the job stays {@code unknown}. */
        record RecoveryEnded(String reference, String reason) implements Progress {}

        /**
         * A question for the box office, answered through the prompt's URL: the payment's
         * {@code cancel}, or a terminal's console request ({@code console} says which: question,
         * menu, list or input; {@code min}..{@code max} characters for input).
         */
        record Prompt(String prompt, Optional<String> console, String text, List<String> answers, OptionalInt min, OptionalInt max)
                implements Progress {
            public Prompt {
                answers = List.copyOf(answers);
            }
        }

        /** The terminal lent its operator console to the box office. */
        record ConsoleClaimed() implements Progress {}

        /** The terminal took its console back. */
        record ConsoleEnded(String reason) implements Progress {}

        /** The terminal asks the till to show {@code text} for {@code seconds}. */
        record TerminalDisplay(String text, int seconds) implements Progress {}

        /** The terminal asks the till to beep. */
        record TerminalSound(int tone, int millis) implements Progress {}

        /**
         * The terminal printed a receipt during the payment and it goes to {@code printer}; its text
         * comes with the payment's result, how the printer fared shows in the site's status.
         */
        record TerminalReceipt(String title, String printer) implements Progress {}

        /** The document is about to leave for {@code printer} (journaled first: it is never sent twice silently). */
        record PrintSending(String printer) implements Progress {}

        /** What {@code printer} says of itself after the job: its state and reasons ({@code media-empty}, {@code offline}…). */
        record PrinterStatus(String printer, PrinterCondition state, List<String> reasons) implements Progress {
            public PrinterStatus {
                reasons = List.copyOf(reasons);
            }
        }
    }

    /** A printer's state as IPP names it (raw and file printers are mapped onto it). */
    enum PrinterCondition {
        IDLE, PROCESSING, STOPPED, UNKNOWN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
