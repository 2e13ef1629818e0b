package tillbridge.contract;

import java.util.Locale;

/**
 * What happened to a job, in a result's {@code outcome}; it decides the job's final state.
 * Payments end {@code approved} (money taken), {@code declined}, {@code aborted}, {@code error}
 * (no money taken) or {@code unknown} (check the terminal); print jobs end {@code done},
 * {@code failed} (safe to send again) or {@code unknown} (check the printout); a job type the
 * agent cannot run ends {@code not_supported}.
 */
public enum Outcome {
    APPROVED(JobState.DONE),
    DONE(JobState.DONE),
    DECLINED(JobState.FAILED),
    ABORTED(JobState.FAILED),
    ERROR(JobState.FAILED),
    FAILED(JobState.FAILED),
    NOT_SUPPORTED(JobState.FAILED),
    UNKNOWN(JobState.UNKNOWN);

    private final JobState state;

    Outcome(JobState state) {
        this.state = state;
    }

    /** The final job state this outcome ends the job in. */
    public JobState state() {
        return state;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
