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

        /** The prompt's name when this is a prompt: what the box office may answer. */
        default Optional<String> asks() {
            return this instanceof Prompt p ? Optional.of(p.prompt()) : Optional.empty();
        }

        /** The S1 is about to go to {@code terminal}; {@code amount} in minor units. */
        record PaymentStarted(String terminal, String reference, long amount, String currency) implements Progress {
            public static final String KIND = "payment_started";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The terminal took the S1: from here the payment is never sent again, only asked about. */
        record PaymentSent(String reference) implements Progress {
            public static final String KIND = "payment_sent";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The terminal's own progress (S3): its status code, that code in words, and its display text. */
        record TerminalStatus(int status, String text, String message) implements Progress {
            public static final String KIND = "terminal_status";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The box office's cancel went to the terminal (P1); the terminal still decides. */
        record AbortSent() implements Progress {
            public static final String KIND = "abort_sent";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The outcome is being asked for (status query), never paid again; {@code attempt} counts from 1. */
        record Recovering(String reason, Optional<String> reference, OptionalInt attempt) implements Progress {
            public static final String KIND = "recovering";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The terminal could not be reached and nothing was sent; tried again in {@code retryInMs}. */
        record WaitingForTerminal(String terminal, String reason, int attempt, long retryInMs) implements Progress {
            public static final String KIND = "waiting_for_terminal";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** Asking about an unknown outcome stopped (deadline): the job stays {@code unknown}. */
        record RecoveryEnded(String reference, String reason) implements Progress {
            public static final String KIND = "recovery_ended";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /**
         * A question for the box office, answered through the prompt's URL: the payment's
         * {@code cancel}, or a terminal's console request ({@code console} says which: question,
         * menu, list or input; {@code min}..{@code max} characters for input).
         */
        record Prompt(String prompt, Optional<String> console, String text, List<String> answers, OptionalInt min, OptionalInt max)
                implements Progress {
            public static final String KIND = PROMPT;

            public Prompt {
                answers = List.copyOf(answers);
            }

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The terminal lent its operator console to the box office. */
        record ConsoleClaimed() implements Progress {
            public static final String KIND = "console_claimed";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The terminal took its console back. */
        record ConsoleEnded(String reason) implements Progress {
            public static final String KIND = "console_ended";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The terminal asks the till to show {@code text} for {@code seconds}. */
        record TerminalDisplay(String text, int seconds) implements Progress {
            public static final String KIND = "terminal_display";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The terminal asks the till to beep. */
        record TerminalSound(int tone, int millis) implements Progress {
            public static final String KIND = "terminal_sound";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /**
         * The terminal printed a receipt during the payment and it goes to {@code printer}; its text
         * comes with the payment's result, how the printer fared shows in the site's status.
         */
        record TerminalReceipt(String title, String printer) implements Progress {
            public static final String KIND = "terminal_receipt";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** The document is about to leave for {@code printer} (journaled first: it is never sent twice silently). */
        record PrintSending(String printer) implements Progress {
            public static final String KIND = "print_sending";

            @Override
            public String kind() {
                return KIND;
            }
        }

        /** What {@code printer} says of itself after the job: its state and reasons ({@code media-empty}, {@code offline}…). */
        record PrinterStatus(String printer, PrinterCondition state, List<String> reasons) implements Progress {
            public static final String KIND = "printer_state";

            public PrinterStatus {
                reasons = List.copyOf(reasons);
            }

            @Override
            public String kind() {
                return KIND;
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
