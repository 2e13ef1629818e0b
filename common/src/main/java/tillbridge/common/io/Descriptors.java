package tillbridge.common.io;

import java.io.IOException;

/**
 * Descriptor plumbing a UCSPI program does with execline's {@code fdmove}, on top of {@link Libc}
 * (the JDK has no call for it): frob uses it for the ECR connection on descriptors 6 and 7.
 */
public final class Descriptors {
    private Descriptors() {}

    /**
     * Checks that {@code fd} was handed to the program as a stream end: a socket, a pipe, a FIFO
     * or a terminal. A descriptor number the parent did not pass is free for the JVM, which puts
     * its own files there (the jar, the runtime image); those are regular files and are refused,
     * so the program never reads, writes or closes them by mistake.
     */
    public static void requireStream(int fd, String role) throws IOException {
        Libc.FileType type = Libc.fileType(fd);
        switch (type) {
            case SOCKET, FIFO, CHARACTER_DEVICE -> {}
            default -> throw new IOException(role + ": descriptor " + fd + " is " + type.description + ", not a socket, pipe, FIFO or terminal handed to this program");
        }
    }

    /** {@code fdmove to from}: descriptor {@code from} becomes {@code to}, and {@code from} is closed. */
    public static void move(int from, int to) throws IOException {
        if (from == to) return;
        Libc.dup2(from, to);
        Libc.close(from);
    }
}
