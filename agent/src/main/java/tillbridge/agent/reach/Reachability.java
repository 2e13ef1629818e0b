package tillbridge.agent.reach;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.internal.Time;
import tillbridge.agent.print.PrinterAddress;
import tillbridge.agent.print.PrinterConfig;

/**
 * Whether the venue's terminals and printers can be reached, for the status page's at-a-glance
 * state and the log: every {@link #PERIOD} each is tried with a TCP connection that is closed at
 * once, bounded by {@link #TIMEOUT} (a device printer: its file is there and writable). Nothing is
 * said on the connection, and no check is made while a job is under way, so a payment never
 * meets it; a frob under a superserver starts for the connection and ends at its close. What is
 * not reached ({@code terminal T1 unreachable}, {@code printer bar offline}) with the reason in
 * plain words goes to the listener after the first round and after each round that changed it.
 */
public final class Reachability implements Runnable {
    /** Often enough for the page to be right within a minute, rare enough to cost a terminal nothing. */
    public static final Duration PERIOD = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /**
     * One thing to reach: what the page calls it when it cannot be reached ({@code terminal T1
     * unreachable}, {@code printer bar offline}) and how it is tried (throws with the reason).
     */
    public record Target(String down, Probe probe) {}

    @FunctionalInterface
    public interface Probe {
        void reach() throws IOException;
    }

    private final List<Target> targets;
    private final BooleanSupplier busy;
    private final Time time;
    private final Consumer<Map<String, String>> listener;

    /**
     * @param busy     true while a job is under way: the round is skipped
     * @param listener gets the ones not reached, {@link Target#down} to reason, in the targets' order
     */
    public Reachability(List<Target> targets, BooleanSupplier busy, Time time, Consumer<Map<String, String>> listener) {
        this.targets = List.copyOf(targets);
        this.busy = busy;
        this.time = time;
        this.listener = listener;
    }

    /** The configured terminals (frob's address) and printers. */
    public static List<Target> of(AgentConfig config) {
        List<Target> t = new ArrayList<>();
        for (AgentConfig.TerminalSpec s : config.terminals()) t.add(new Target("terminal " + s.name() + " unreachable", () -> connect(s.host(), s.port())));
        for (PrinterConfig p : config.printers()) {
            Probe probe = switch (p.address()) {
                case PrinterAddress.Socket s -> () -> connect(s.host(), s.port());
                case PrinterAddress.Ipp ipp -> () -> connect(ipp.httpUri().getHost(), ipp.httpUri().getPort());
                case PrinterAddress.Device d -> () -> writable(d.path());
            };
            t.add(new Target("printer " + p.name() + " offline", probe));
        }
        return t;
    }

    /** Checks every {@link #PERIOD} until interrupted. */
    @Override
    public void run() {
        Map<String, String> said = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (!busy.getAsBoolean()) {
                    Map<String, String> now = round();
                    // stopped during the round (a new configuration): its connections were cut, not refused
                    if (Thread.currentThread().isInterrupted()) return;
                    if (!now.equals(said)) listener.accept(now);
                    said = now;
                }
                time.sleep(PERIOD);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, String> round() {
        Map<String, String> unreachable = new LinkedHashMap<>();
        for (Target t : targets) {
            try {
                t.probe().reach();
            } catch (IOException e) {
                unreachable.put(t.down(), e.getMessage());
            }
        }
        return Collections.unmodifiableMap(unreachable);
    }

    static void connect(String host, int port) throws IOException {
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
        } catch (UnknownHostException e) {
            throw new IOException(where + ": no such host (DNS)", e);
        } catch (SocketTimeoutException e) {
            throw new IOException(where + ": no answer within " + TIMEOUT.toSeconds() + " s (off, or a firewall?)", e);
        } catch (IOException e) {
            throw new IOException(where + ": " + plain(e), e);
        }
    }

    static void writable(Path device) throws IOException {
        if (!Files.exists(device)) throw new IOException(device + " is not there (unplugged or off?)");
        if (!Files.isWritable(device)) throw new IOException("no permission to write " + device);
    }

    private static String plain(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Connection refused")) return "connection refused (nothing listening: off, or frob not running?)";
        if (m.contains("No route to host") || m.contains("Network is unreachable")) return "no route to it (network down?)";
        return m;
    }
}
