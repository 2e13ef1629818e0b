package tillbridge.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

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
     * Something the agent reports while the job runs ({@code terminal_status}, {@code prompt}, …),
     * as posted: {@code data} holds its {@code type} and fields.
     */
    record Progress(String kind, ObjectNode data) implements JobEvent {
        /** The prompt kind: {@code data.prompt} names what the box office may answer. */
        public static final String PROMPT = "prompt";

        public Progress {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(data, "data");
        }

        /** The prompt's name when this is a prompt. */
        public Optional<String> prompt() {
            return kind.equals(PROMPT) ? Optional.ofNullable(data.path(PROMPT).textValue()) : Optional.empty();
        }
    }
}
