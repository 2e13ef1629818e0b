package tillbridge.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tillbridge.common.io.Problems;

/**
 * Opens an {@link EcrSession} to a payment terminal (or to frob in front of one).
 *
 * <pre>{@code
 * try (EcrSession t = Terminal.connect("127.0.0.1", 5002, Duration.ofSeconds(5))) {
 *     PaymentResult r = t.pay(PaymentRequest.of(1250, "PLN"), PaymentListener.NONE);
 * }
 * }</pre>
 *
 * Sessions from {@link #connect} and {@link #exec} can reopen their connection (to ask the outcome
 * of a payment whose connection dropped); a session from {@link #of} cannot.
 */
public final class Terminal {
    private Terminal() {}

    /** A TCP connection; {@code timeout} bounds the connect. */
    public static EcrSession connect(String host, int port, Duration timeout) throws IOException {
        return connect(host, port, timeout, EcrOptions.DEFAULT);
    }

    public static EcrSession connect(String host, int port, Duration timeout, EcrOptions options) throws IOException {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
        TerminalStream.Connector connector = () -> {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                s.setTcpNoDelay(true);
                return new TerminalStream(host + ":" + port, s.getInputStream(), s.getOutputStream(), s);
            } catch (IOException e) {
                s.close();
                throw new EcrException("cannot connect to " + host + ":" + port + ": " + Problems.describe(e), e);
            }
        };
        return new EcrSession(connector.open(), connector, options);
    }

    /** Runs {@code command} with {@code sh -c} and talks over its stdin/stdout; its stderr is inherited. */
    public static EcrSession exec(String command) throws IOException {
        return exec(List.of("sh", "-c", command), EcrOptions.DEFAULT);
    }

    /** Runs {@code argv} and talks over its stdin/stdout; its stderr is inherited. */
    public static EcrSession exec(List<String> argv, EcrOptions options) throws IOException {
        List<String> command = List.copyOf(argv);
        if (command.isEmpty()) throw new IllegalArgumentException("command must not be empty");
        TerminalStream.Connector connector = () -> {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                throw new EcrException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
            }
            return new TerminalStream("exec[" + p.pid() + "]", p.getInputStream(), p.getOutputStream(), () -> {
                try {
                    p.getOutputStream().close();
                } finally {
                    try {
                        if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroy();
                    } catch (InterruptedException e) {
                        p.destroy();
                        Thread.currentThread().interrupt();
                    }
                }
            });
        };
        return new EcrSession(connector.open(), connector, options);
    }

    /** Raw streams, e.g. a serial port; closing the session closes both. */
    public static EcrSession of(InputStream in, OutputStream out) {
        return of(in, out, EcrOptions.DEFAULT);
    }

    public static EcrSession of(InputStream in, OutputStream out, EcrOptions options) {
        TerminalStream c = new TerminalStream("terminal", in, out, () -> {
            try {
                out.close();
            } finally {
                in.close();
            }
        });
        return new EcrSession(c, null, options);
    }
}
