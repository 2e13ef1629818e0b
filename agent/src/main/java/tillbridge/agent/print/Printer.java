package tillbridge.agent.print;

import java.util.Optional;

/**
 * One configured printer. {@link #print} never throws for a printer problem: whatever happens
 * is a {@link PrintOutcome} with a plain reason.
 */
public sealed interface Printer permits IppPrinter, SocketPrinter, DevicePrinter {
    String name();

    PrintOutcome print(PrintJob job);

    /** Asks the printer now (bounded by the timeouts); an unreachable printer is stopped + offline. */
    PrinterState state();

    /**
     * What the printer last said of itself while printing or being asked (IPP printer state, ESC/POS
     * paper status, device file there or not), without asking it again; empty before that.
     */
    Optional<PrinterState> lastState();

    static Printer open(PrinterConfig config, PrintTimeouts timeouts) {
        return switch (config.address()) {
            case PrinterAddress.Ipp ipp -> new IppPrinter(config.name(), ipp, config.caFile(), timeouts);
            case PrinterAddress.Socket s -> new SocketPrinter(config.name(), s, EscPos.Layout.of(config), timeouts);
            case PrinterAddress.Device d -> new DevicePrinter(config.name(), d, EscPos.Layout.of(config));
        };
    }
}
