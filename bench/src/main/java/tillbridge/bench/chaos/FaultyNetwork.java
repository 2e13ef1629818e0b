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
 * connection through it at once (RST, as a NAT box that forgets them), stall them (nothing forwarded
 * either way for a while, the connections left open) or leave them half-open (one direction
 * swallowed for good while the other still flows, as a NAT box that lost half of its entry).
 */
final class FaultyNetwork implements AutoCloseable {
    /** Which way bytes flow through a connection of the link. */
    enum Direction { TO_HUB, TO_AGENT }

    private final ServerSocket server;
    private final int target;
    /** both directions of every connection open through the link */
    private final Set<Pump> pumps = ConcurrentHashMap.newKeySet();
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
        for (Pump p : pumps) {
            reset(p.from);
            reset(p.to);
        }
    }

    /** Nothing is forwarded for {@code d}; the bytes wait in the relay. */
    void stall(Duration d) {
        stalledUntil = System.nanoTime() + d.toNanos();
    }

    /**
     * From now on, the connections open through the link deliver nothing in {@code direction}: their
     * bytes, and their end (FIN), are read and dropped, nothing tells either side, and the other
     * direction keeps flowing. Only the endpoints' own timeouts can find out. Connections made later
     * are whole. Returns how many connections were hit.
     */
    int halfOpen(Direction direction) {
        int hit = 0;
        for (Pump p : pumps) {
            if (p.direction == direction) {
                p.silent = true;
                hit++;
            }
        }
        return hit;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket agent = server.accept();
                Socket hub = new Socket();
                try {
                    hub.connect(new InetSocketAddress("127.0.0.1", target), 3000);
                } catch (IOException e) {
                    close(agent); // the hub is down: the agent sees its connection end
                    close(hub);
                    continue;
                }
                start(new Pump(agent, hub, Direction.TO_HUB));
                start(new Pump(hub, agent, Direction.TO_AGENT));
            } catch (IOException e) {
                // the relay is closing, or one accept failed: the loop condition tells which
            }
        }
    }

    private void start(Pump p) {
        pumps.add(p);
        Thread.ofVirtual().start(() -> {
            try {
                p.run();
            } finally {
                pumps.remove(p);
            }
        });
    }

    /** One direction of one connection. */
    private final class Pump {
        final Socket from;
        final Socket to;
        final Direction direction;
        volatile boolean silent;

        Pump(Socket from, Socket to, Direction direction) {
            this.from = from;
            this.to = to;
            this.direction = direction;
        }

        void run() {
            byte[] buf = new byte[16 * 1024];
            try {
                // the streams are not closed here: closing one closes its socket, and a silent
                // direction must leave its receiver's socket open
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    while (System.nanoTime() < stalledUntil) Thread.sleep(20);
                    if (silent) continue;
                    out.write(buf, 0, n);
                    out.flush();
                }
                if (silent) {
                    // the sender's FIN is lost with its bytes: the receiver's end stays open; the
                    // other direction closes both once it finds the sender gone
                    close(from);
                    return;
                }
            } catch (IOException | InterruptedException e) {
                // a cut, or one side gone: both ends go below
            }
            close(from);
            close(to);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing to reset
        }
        close(s);
    }

    private static void close(Socket s) {
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
