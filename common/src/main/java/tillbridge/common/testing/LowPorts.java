package tillbridge.common.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test servers, below the ephemeral range (32768-60999 here), so a test server never
 * takes a port the kernel is about to hand to an outgoing connection. In common's main code, not
 * its tests, so that the harnesses in bench (which may not depend on test jars) share it too.
 */
public final class LowPorts {
    static final int FROM = 20_000;
    static final int TO = 32_000;
    private static final int TRIES = 100;

    private LowPorts() {}

    /**
     * Something that binds to {@code port} (a socket, a server), failing with a {@link BindException}
     * (or an IOException caused by one) when it is taken; {@code E} is whatever else it may throw.
     */
    @FunctionalInterface
    public interface Binder<T, E extends Exception> {
        T bind(int port) throws IOException, E;
    }

    /** Binds with {@code binder} on a random low port, trying another while the port is taken. */
    public static <T, E extends Exception> T bind(Binder<T, E> binder) throws IOException, E {
        for (int i = 0; i < TRIES; i++) {
            try {
                return binder.bind(ThreadLocalRandom.current().nextInt(FROM, TO));
            } catch (IOException e) {
                if (!(e instanceof BindException || e.getCause() instanceof BindException)) throw e;
                // another test has it (servers such as Jetty wrap the BindException): try another
            }
        }
        throw new BindException("no free port in " + FROM + "-" + TO + " after " + TRIES + " tries");
    }

    /** A server socket on the loopback address and a low port. */
    public static ServerSocket loopback(int backlog) throws IOException {
        return bind(port -> new ServerSocket(port, backlog, InetAddress.getLoopbackAddress()));
    }

    /**
     * A low port that was free a moment ago, for a server another process binds (racy by nature:
     * prefer {@link #bind} when the server is in this process).
     */
    public static int free() throws IOException {
        try (ServerSocket s = loopback(1)) {
            return s.getLocalPort();
        }
    }
}
