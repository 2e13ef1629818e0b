package tillbridge.common.io;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket for channel peers (frob connects to terminal software), {@code unix:/path/to.sock} or {@code HOST:PORT}
 * ({@code tcp:HOST:PORT} is the same; port 0: any free port), as every program's {@code --listen} takes it. Each accepted connection is served on its own virtual thread.
 */
public final class Listener implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    private final String spec;
    private final ServerSocketChannel server;
    private final Path socketFile; // null for TCP
    private final AtomicInteger accepted = new AtomicInteger();

    private Listener(String spec, ServerSocketChannel server, Path socketFile) {
        this.spec = spec;
        this.server = server;
        this.socketFile = socketFile;
    }

    /**
     * Binds {@code spec}; IllegalArgumentException for a spec that is not one of the two forms. A
     * failure to bind names the address and what to fix: "cannot listen on tcp:127.0.0.1:7001:
     * address already in use", "... the directory /run/tb does not exist".
     */
    public static Listener bind(String spec) throws IOException {
        if (spec.startsWith("unix:") && spec.length() > 5) {
            Path path = Path.of(spec.substring(5));
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) throw new IOException("cannot listen on " + spec + ": the directory " + dir + " does not exist");
            try {
                removeStale(path);
            } catch (IOException e) {
                throw new IOException("cannot listen on " + spec + ": " + Problems.describe(e), e);
            }
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                s.bind(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                s.close();
                throw new IOException("cannot listen on " + spec + ": " + Problems.describe(e), e);
            }
            return new Listener(spec, s, path);
        }
        if (spec.startsWith("tcp:") || spec.matches("(\\[[^]]*]|[^:\\[\\]]+):[^:]*")) {
            String hostPort = spec.startsWith("tcp:") ? spec.substring(4) : spec;
            int colon = hostPort.lastIndexOf(':');
            if (colon < 1) throw new IllegalArgumentException("--listen " + spec + ": want HOST:PORT");
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--listen " + spec + ": port must be a number");
            }
            if (port < 0 || port > 65535) throw new IllegalArgumentException("--listen " + spec + ": port must be 0-65535");
            String host = hostPort.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
            ServerSocketChannel s = ServerSocketChannel.open();
            try {
                InetSocketAddress at = new InetSocketAddress(host, port);
                if (at.isUnresolved()) throw new UnknownHostException(host);
                s.bind(at);
            } catch (IOException e) {
                s.close();
                throw new IOException("cannot listen on " + spec + ": " + Problems.describe(e), e);
            }
            return new Listener(spec, s, null);
        }
        throw new IllegalArgumentException("--listen " + spec + ": want HOST:PORT or unix:/path/to.sock");
    }

    public SocketAddress address() throws IOException {
        return server.getLocalAddress();
    }

    /** Serves one accepted connection, on its own thread, until it ends. */
    @FunctionalInterface
    public interface Server {
        void serve(String name, java.io.InputStream in, java.io.OutputStream out);
    }

    /** Accepts connections on a thread of its own until {@link #close}. */
    public void start(Server server) throws IOException {
        log.info("listening on {}", address());
        Thread.ofVirtual().name("accept-" + spec).start(() -> accept(server));
    }

    private void accept(Server handler) {
        try {
            for (;;) {
                SocketChannel c = server.accept();
                String name = socketFile != null ? "unix#" + accepted.incrementAndGet() : String.valueOf(c.getRemoteAddress());
                Thread.ofVirtual().name("conn-" + name).start(() -> {
                    try (c) {
                        handler.serve(name, Channels.newInputStream(c), Channels.newOutputStream(c));
                    } catch (IOException e) {
                        log.debug("{}: close failed: {}", name, e.toString());
                    }
                });
            }
        } catch (ClosedChannelException e) {
            log.debug("{}: listener closed", spec);
        } catch (IOException e) {
            log.error("{}: accept failed, no more connections: {}", spec, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (socketFile != null) Files.deleteIfExists(socketFile);
    }

    /** Removes a socket file left by an earlier run; refuses a live socket and anything not a socket. */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
            throw new IOException(path + " exists and is not a socket; not removing it");
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
        } catch (ConnectException e) {
            log.info("removing stale socket {}", path);
            Files.delete(path);
            return;
        }
        throw new IOException("another process is listening on " + path);
    }
}
