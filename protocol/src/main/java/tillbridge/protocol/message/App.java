package tillbridge.protocol.message;

/** Starting the terminal application, spec §5: {@code A1 A2}. */
public sealed interface App extends Message {
    /** A1. */
    record Start() implements App {}

    /** A2: {@code result} 0 = accepted. */
    record Ack(int result, String message) implements App {
        public boolean accepted() {
            return result == 0;
        }
    }
}
