package tillbridge.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Descriptor plumbing a UCSPI program does with execline's {@code fdmove} and s6's readiness
 * protocol, on top of {@link Libc} (the JDK has no call for either): frob, terminal-sim and
 * nexo-proxy use it.
 */
public final class Descriptors {
    private Descriptors() {}

    /**
     * Checks that {@code fd} was handed to the program as a stream end: a socket, a pipe, a FIFO
     * or a terminal. A descriptor number the parent did not pass is free for the JVM, which puts
     * its own files there (the jar, the runtime image); those are regular files and are refused,
     * so the program never reads, writes or closes them by mistake. Linux: reads {@code /proc/self/fd}.
     */
    public static void requireStream(int fd, String role) throws IOException {
        Path link = Path.of("/proc/self/fd", Integer.toString(fd));
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (NoSuchFileException e) {
            throw new IOException(role + ": descriptor " + fd + " is not open");
        }
        if (target.startsWith("socket:") || target.startsWith("pipe:")) return;
        if (Files.isRegularFile(link) || Files.isDirectory(link))
            throw new IOException(role + ": descriptor " + fd + " is " + target + ", not a socket, pipe, FIFO or terminal handed to this program");
    }

    /** {@code fdmove to from}: descriptor {@code from} becomes {@code to}, and {@code from} is closed. */
    public static void move(int from, int to) throws IOException {
        if (from == to) return;
        Libc.dup2(from, to);
        Libc.close(from);
    }

    /**
     * s6 readiness: writes one newline to {@code fd}, then closes it (s6-supervise's
     * {@code notification-fd}; the supervisor may wait for the close). Refused, untouched, unless
     * {@code fd} is a stream end ({@link #requireStream}); a write error is reported, and the
     * descriptor is closed either way.
     */
    public static void notifyReady(int fd, String role) throws IOException {
        requireStream(fd, role);
        try {
            Libc.write(fd, new byte[] {'\n'}, 0, 1);
        } finally {
            Libc.close(fd);
        }
    }
}
