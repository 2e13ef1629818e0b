package tillbridge.agent.print;

import java.util.Optional;

/**
 * The state a printer last reported of itself, kept so the site status can show it without
 * asking the printer again (which may be busy printing or away).
 */
final class LastSeen {
    private volatile PrinterState last;

    /** Keeps {@code s} as the latest and returns it. */
    PrinterState seen(PrinterState s) {
        last = s;
        return s;
    }

    Optional<PrinterState> get() {
        return Optional.ofNullable(last);
    }
}
