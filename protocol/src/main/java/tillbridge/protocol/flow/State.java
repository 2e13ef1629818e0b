package tillbridge.protocol.flow;

import java.util.Locale;

/** Where a lane of a {@link Conversation} stands; every lane starts and ends in {@link #IDLE}. */
enum State {
    IDLE,
    /** A request sent (T1, T3, D4, S1 kind C, A1, D1, DA, B3): its answer is due. */
    ASKED,
    /** D7 sent: its D8 is due. */
    GRAPHIC_QUERY,
    /** T3 answered by T4: the side that asked chooses with T5. */
    PROPOSED,
    /** B1 sent: B2 is due. */
    PAIRING,
    /** B2 accepted the pairing: the B1 side sends B3. */
    PAIRED,
    /** S1 sent, S2 not yet. */
    OPEN,
    /** D2 or K1 sent: the ECR grants or refuses. */
    CLAIMING,
    /** D2 granted: lines or the end may follow. */
    PRINTING,
    /** A D6 awaits its D0. */
    LINE,
    /** D3 or K2 sent: its answer ends the flow. */
    ENDING,
    /** A D9 part awaits its D0. */
    PART,
    /** D9 parts stored so far: more parts or the last may follow. */
    PARTS,
    /** The last D9 part awaits its D0. */
    LAST,
    /** K1 granted: interactions or K2 may follow. */
    GRANTED,
    /** An interaction (K3-K9) awaits its K0. */
    INTERACTING;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
