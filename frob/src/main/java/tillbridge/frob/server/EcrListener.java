package tillbridge.frob.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Problems;

/**
 * {@code --listen host:port}: frob's own TCP server, for those who run no superserver. Each
 * accepted ECR connection gets its own session (the same {@code Session} as under tcpserver) on a
 * virtual thread, with the session id {@code PID-N}, N counting connections from 1. No access
 * control, no TLS: put it on a trusted network or behind a firewall (docs/integration.md).
 */
public final class EcrListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EcrListener.class);

    /** Runs one session on an accepted connection's streams; returns how it ended. */
    @FunctionalInterface
    public interface Sessions {
        Exit run(String id, InputStream ecrIn, OutputStream ecrOut);
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    private EcrListener(ServerSocket server) {
        this.server = server;
    }

    /** Binds {@code host:port} ({@code [::1]:port} for IPv6; port 0 for any free port). */
    public static EcrListener bind(String hostPort) throws IOException {
        InetSocketAddress address = parse(hostPort);
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(address, 64);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + hostPort + ": " + Problems.describe(e), e);
        }
        return new EcrListener(s);
    }

    /** Checks and resolves {@code host:port}; an IllegalArgumentException names what is wrong. */
    public static InetSocketAddress parse(String spec) {
        String hostPort = spec.startsWith("tcp:") ? spec.substring(4) : spec; // the form the other programs also take
        int colon = hostPort.lastIndexOf(':');
        String port = colon < 0 ? "" : hostPort.substring(colon + 1);
        if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535)
            throw new IllegalArgumentException("--listen needs host:port with a port 0-65535, was '" + hostPort + "'");
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
        } catch (IOException e) {
            throw new IllegalArgumentException("--listen: unknown host '" + host + "'");
        }
    }

    /** The bound address, with the real port when 0 was asked for. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Accepts connections until the socket is closed; each runs on its own virtual thread. */
    public void serve(Sessions sessions) {
        String pid = Long.toString(ProcessHandle.current().pid());
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) return;
                log.warn("accepting a connection failed: {}", e.getMessage());
                pause();
                continue;
            }
            String id = pid + "-" + connections.incrementAndGet();
            Thread.ofVirtual().name("session-" + id).start(() -> serve(id, socket, sessions));
        }
    }

    private static void serve(String id, Socket socket, Sessions sessions) {
        MDC.put("session", id);
        String peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        long t0 = System.nanoTime();
        try (socket) {
            socket.setTcpNoDelay(true);
            log.info("connection from {} (session {}, on {})", peer, id, socket.getLocalSocketAddress());
            Exit exit = sessions.run(id, socket.getInputStream(), socket.getOutputStream());
            log.info("connection from {} ended after {} ms: {} ({})", peer, (System.nanoTime() - t0) / 1_000_000, exit, exit.code);
        } catch (IOException e) {
            log.warn("connection from {}: {}", peer, e.getMessage());
        } catch (RuntimeException e) {
            log.error("bug: session {} failed: {}", id, e.toString(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // e.g. out of descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
