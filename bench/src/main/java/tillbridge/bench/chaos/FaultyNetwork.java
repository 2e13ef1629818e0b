package tillbridge.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tillbridge.common.testing.LowPorts;

/**
 * A faulty network between the agents and the hub: a TCP relay on a loopback port that can cut every
 * connection through it at once (RST, as a NAT box that forgets them) or stall them (nothing
 * forwarded either way for a while, the connections left open).
 */
final class FaultyNetwork implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long stalledUntil;

    FaultyNetwork(int target) throws IOException {
        this.target = target;
        this.server = LowPorts.loopback(50);
        Thread.ofVirtual().name("chaos-link").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every connection through the link ends with a reset; new ones are taken as before. */
    void cut() {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed: nothing to reset
            }
            close(s);
        }
    }

    /** Nothing is forwarded for {@code d}; the bytes wait in the relay. */
    void stall(Duration d) {
        stalledUntil = System.nanoTime() + d.toNanos();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket agent = server.accept();
                Socket hub = new Socket();
                open.add(agent);
                open.add(hub);
                try {
                    hub.connect(new InetSocketAddress("127.0.0.1", target), 3000);
                } catch (IOException e) {
                    close(agent); // the hub is down: the agent sees its connection end
                    close(hub);
                    continue;
                }
                Thread.ofVirtual().start(() -> pump(agent, hub));
                Thread.ofVirtual().start(() -> pump(hub, agent));
            } catch (IOException e) {
                // the relay is closing, or one accept failed: the loop condition tells which
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                while (System.nanoTime() < stalledUntil) Thread.sleep(20);
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a cut, or one side gone: both ends go below
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
