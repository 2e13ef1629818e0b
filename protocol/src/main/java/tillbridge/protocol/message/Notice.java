package tillbridge.protocol.message;

/** Messages with no answer: L1 (spec §7) and M1. Both bodies are tillbridge definitions. */
public sealed interface Notice extends Message {
    /** L1: the sender is unavailable for {@code seconds}; 0 ends an earlier period (tillbridge definition). */
    record Unavailable(int seconds, String reason) implements Notice {}

    /** M1: event number {@code event} of the EFT (e.g. end of day done, paper low) and its text. */
    record Event(int event, String text) implements Notice {}
}
