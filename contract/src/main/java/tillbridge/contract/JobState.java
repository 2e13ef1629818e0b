package tillbridge.contract;

import java.util.Arrays;
import java.util.Locale;

/** Where a job is, as the hub keeps it and both sides name it on the wire (lower case). */
public enum JobState {
    QUEUED, DELIVERED, ACCEPTED, RUNNING, DONE, FAILED, UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == UNKNOWN;
    }

    /** Not yet acknowledged by the agent: re-sent after a reconnect. */
    public boolean unacknowledged() {
        return this == QUEUED || this == DELIVERED;
    }

    /** The state named {@code s} on the wire; throws {@link IllegalArgumentException} for anything else. */
    public static JobState ofWire(String s) {
        for (JobState v : values()) {
            if (v.wire().equals(s)) return v;
        }
        throw new IllegalArgumentException("no job state '" + s + "'; one of " + Arrays.stream(values()).map(JobState::wire).toList());
    }
}
