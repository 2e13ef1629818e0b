package tillbridge.agent.print;

import java.util.List;
import java.util.Optional;

/**
 * A printer's condition as it reports it: IPP {@code printer-state} and {@code printer-state-reasons}
 * keywords (severity suffixes dropped), or the same keywords derived from an ESC/POS status byte.
 *
 * @param reasons keywords such as {@code media-empty}, {@code media-jam}, {@code cover-open},
 *                {@code offline}; empty when there is nothing to report
 */
public record PrinterState(Status status, List<String> reasons) {
    public enum Status { IDLE, PROCESSING, STOPPED, UNKNOWN }

    public PrinterState {
        reasons = List.copyOf(reasons);
    }

    public static PrinterState offline(String why) {
        return new PrinterState(Status.STOPPED, List.of("offline", why));
    }

    /** The first reason that stops printing, in plain words ("out of paper"), or empty. */
    public Optional<String> blocker() {
        for (String r : reasons) {
            String plain = switch (r) {
                case "media-empty", "media-needed" -> "out of paper";
                case "media-jam" -> "paper jam";
                case "cover-open", "door-open" -> "cover open";
                case "offline" -> "offline";
                case "paused" -> "paused at the printer";
                default -> null;
            };
            if (plain != null) return Optional.of(plain);
        }
        return Optional.empty();
    }
}
