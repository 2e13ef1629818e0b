package tillbridge.protocol.flow;

/** A packet that breaks the conversation: {@code reason} says what was expected instead. */
public record Violation(Side from, String code, String reason) {
    @Override
    public String toString() {
        return code + " from " + from + " out of order: " + reason;
    }
}
