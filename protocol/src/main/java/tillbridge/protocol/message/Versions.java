package tillbridge.protocol.message;

import java.util.List;

/** Version negotiation: {@code T3 T4 T5}. */
public sealed interface Versions extends Message {
    /** T3. */
    record Inquiry() implements Versions {}

    /**
     * T4: the versions the sender supports. A T4 without a list (frobd's own tests send one) offers
     * nothing: the answer is T5 with the version used without negotiation, the lowest one supported.
     */
    record Proposal(List<String> versions) implements Versions {
        public Proposal {
            versions = List.copyOf(versions);
        }
    }

    /** T5: the version chosen. */
    record Selection(String version) implements Versions {}
}
