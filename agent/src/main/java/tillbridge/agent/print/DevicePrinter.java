package tillbridge.agent.print;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A receipt printer behind a device file ({@code /dev/usb/lp0}), fed ESC/POS. A device file gives
 * no status back here: the job is done once the device has taken every byte.
 */
public final class DevicePrinter implements Printer {
    private final String name;
    private final PrinterAddress.Device address;
    private final EscPos.Layout layout;

    DevicePrinter(String name, PrinterAddress.Device address, EscPos.Layout layout) {
        this.name = name;
        this.address = address;
        this.layout = layout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PrintOutcome print(PrintJob job) {
        return EscPos.renderThen(job, layout, bytes -> send(job, bytes));
    }

    private PrintOutcome send(PrintJob job, byte[] bytes) {
        OutputStream out;
        try {
            // never CREATE: a missing device means an unplugged printer, not a file to make
            out = Files.newOutputStream(address.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (NoSuchFileException e) {
            return new PrintOutcome.Failed("offline: device " + address.path() + " is not there (printer unplugged or off?)");
        } catch (AccessDeniedException e) {
            return new PrintOutcome.Failed("offline: no permission to write " + address.path());
        } catch (IOException e) {
            return new PrintOutcome.Failed("offline: " + address.path() + " cannot be opened (" + e.getMessage() + ")");
        }
        try (out) {
            for (int i = 0; i < job.copies(); i++) out.write(bytes);
        } catch (IOException e) {
            return new PrintOutcome.Unknown("writing " + address.path() + " failed (" + e.getMessage() + "); part of the document may have printed");
        }
        return new PrintOutcome.Done("wrote " + (long) bytes.length * job.copies() + " bytes to " + address.path());
    }

    @Override
    public PrinterState state() {
        if (!Files.exists(address.path())) return PrinterState.offline("device " + address.path() + " is not there");
        if (!Files.isWritable(address.path())) return PrinterState.offline("no permission to write " + address.path());
        return new PrinterState(PrinterState.Status.UNKNOWN, List.of());
    }

    /** A device file tells nothing beyond being there: what {@link #state} finds, which costs no printer I/O. */
    @Override
    public Optional<PrinterState> lastState() {
        return Optional.of(state());
    }
}
