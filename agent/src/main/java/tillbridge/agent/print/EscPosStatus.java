package tillbridge.agent.print;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ESC/POS real-time status: the paper sensor query {@code DLE EOT 4} and its one-byte answer.
 *
 * <pre>
 * bit   7 6 5 4 3 2 1 0
 *       0 p p 1 n n 1 0     p p = paper end (0x60), n n = paper near end (0x0C)
 * </pre>
 */
final class EscPosStatus {
    static final byte[] PAPER_QUERY = {0x10, 0x04, 0x04};
    private static final int FIXED_MASK = 0x93;
    private static final int FIXED_BITS = 0x12;
    private static final int PAPER_END = 0x60;
    private static final int NEAR_END = 0x0C;

    private EscPosStatus() {}

    /** The state an answer byte describes, or empty when the byte is not a paper status answer. */
    static Optional<PrinterState> paper(int answer) {
        if ((answer & FIXED_MASK) != FIXED_BITS) return Optional.empty();
        List<String> reasons = new ArrayList<>();
        if ((answer & PAPER_END) != 0) reasons.add("media-empty");
        if ((answer & NEAR_END) != 0) reasons.add("media-low");
        return Optional.of(new PrinterState(reasons.contains("media-empty") ? PrinterState.Status.STOPPED : PrinterState.Status.IDLE, reasons));
    }
}
