package tillbridge.agent.print;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;

/**
 * A receipt printer on raw TCP (port 9100): the paper status is asked first ({@code DLE EOT 4});
 * a printer out of paper gets nothing, one that does not answer is printed to anyway. The job is
 * done once the printer's socket has taken every byte: raw TCP has no print confirmation.
 */
public final class SocketPrinter implements Printer {
    private final String name;
    private final PrinterAddress.Socket address;
    private final EscPos.Layout layout;
    private final PrintTimeouts timeouts;
    private final LastSeen last = new LastSeen();

    SocketPrinter(String name, PrinterAddress.Socket address, EscPos.Layout layout, PrintTimeouts timeouts) {
        this.name = name;
        this.address = address;
        this.layout = layout;
        this.timeouts = timeouts;
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
        try (Socket s = connect()) {
            Optional<String> blocker = paperStatus(s).map(last::seen).flatMap(PrinterState::blocker);
            if (blocker.isPresent()) return new PrintOutcome.Failed(blocker.get());
            try {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < job.copies(); i++) out.write(bytes);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                return new PrintOutcome.Unknown("connection to " + where() + " broke while sending (" + e.getMessage()
                        + "); part of the document may have printed");
            }
            return new PrintOutcome.Done("sent " + (long) bytes.length * job.copies() + " bytes to " + where());
        } catch (IOException e) {
            last.seen(PrinterState.offline(where() + " cannot be reached (" + e.getMessage() + ")"));
            return new PrintOutcome.Failed("offline: " + where() + " cannot be reached (" + e.getMessage() + ")");
        }
    }

    @Override
    public PrinterState state() {
        try (Socket s = connect()) {
            return last.seen(paperStatus(s).orElse(new PrinterState(PrinterState.Status.UNKNOWN, List.of("no-status-answer"))));
        } catch (IOException e) {
            return last.seen(PrinterState.offline(where() + " cannot be reached (" + e.getMessage() + ")"));
        }
    }

    @Override
    public Optional<PrinterState> lastState() {
        return last.get();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address.host(), address.port()), (int) timeouts.connect().toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The printer's paper status, or empty when it does not answer within the status wait. */
    private Optional<PrinterState> paperStatus(Socket s) throws IOException {
        s.getOutputStream().write(EscPosStatus.PAPER_QUERY);
        s.getOutputStream().flush();
        s.setSoTimeout((int) Math.max(1, timeouts.statusWait().toMillis()));
        InputStream in = s.getInputStream();
        try {
            int b = in.read();
            return b < 0 ? Optional.empty() : EscPosStatus.paper(b);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    private String where() {
        return "printer " + name + " at " + address.host() + ":" + address.port();
    }
}
