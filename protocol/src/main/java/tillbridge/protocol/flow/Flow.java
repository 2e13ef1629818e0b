package tillbridge.protocol.flow;

/**
 * The conversation flows of docs/protocol.md ("Flows"), each one lane of a {@link Conversation}
 * (flows either side may start have a lane per side). {@link #NONE}: L1 and M1, which belong to no
 * flow and are always accepted.
 */
public enum Flow {
    PING("ping"),
    VERSIONS("version negotiation"),
    PARAMETERS("parameters"),
    KEYS("key exchange"),
    /** S1 kind S, I1, P1, S2; an S1 kind C and its S2 run in {@link #STATUS_QUERY} instead. */
    SALE("sale"),
    STATUS_QUERY("status query"),
    APP_START("application start"),
    PRINTING("printing"),
    CONSOLE("console"),
    NONE("no flow");

    private final String label;

    Flow(String label) {
        this.label = label;
    }

    /** How log lines and violations name the flow. */
    public String label() {
        return label;
    }
}
