package tillbridge.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tillbridge.common.testing.LowPorts;

/**
 * A venue on loopback as the tests run it: terminal-sim listening on UNIX sockets, and
 * {@code tcpserver} spawning one frob per cash-register connection. Logs go to
 * {@code dir/terminal-sim.log} and {@code dir/frob.log}.
 */
record Venue(Process terminal, Process tcpserver, int port) implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(30);

    /**
     * @param terminalSimArgs terminal-sim options, with its {@code --listen unix:…} (and any other
     *     {@code unix:} socket it serves, waited for before frob starts)
     * @param frobArgs frob options, e.g. {@code --payment unix:…}
     */
    static Venue start(Path dir, List<String> terminalSimArgs, List<String> frobArgs) throws Exception {
        List<String> ts = new ArrayList<>(Programs.command("terminal-sim", "--step-ms", "20"));
        ts.addAll(terminalSimArgs);
        Process terminal = Programs.start(dir.resolve("terminal-sim.log"), ts);
        List<Path> sockets = terminalSimArgs.stream().filter(a -> a.startsWith("unix:")).map(a -> Path.of(a.substring(5))).toList();
        Process tcpserver = null;
        try {
            await().atMost(START).until(() -> sockets.stream().allMatch(Files::exists));
            int port = LowPorts.free();
            tcpserver = frobServer(dir, port, frobArgs);
            return new Venue(terminal, tcpserver, port);
        } catch (Exception | AssertionError e) {
            Programs.stop(tcpserver);
            Programs.stop(terminal);
            throw e;
        }
    }

    /** {@code tcpserver} on {@code port} spawning a frob with {@code frobArgs} per connection, once it listens. */
    static Process frobServer(Path dir, int port, List<String> frobArgs) throws Exception {
        List<String> c = new ArrayList<>(List.of("tcpserver", "-v", "-R", "-H", "-l", "localhost",
                "127.0.0.1", Integer.toString(port), Programs.bin("frob").toString()));
        c.addAll(frobArgs);
        Process p = Programs.start(dir.resolve("frob.log"), c);
        Programs.awaitListening(port);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        Programs.stop(tcpserver);
        Programs.stop(terminal);
    }
}
