package tillbridge.frob.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Descriptor plumbing a UCSPI program does with execline's {@code fdmove} and s6's readiness
 * protocol, through the FFM API (the JDK has no call for either).
 */
@SuppressWarnings("restricted")
public final class Descriptors {
    private static final int EINTR = 4;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final MethodHandle DUP2 = call("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WRITE = call("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = Linker.nativeLinker().downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Descriptors() {}

    /**
     * Checks that {@code fd} was handed to frob as a stream end: a socket, a pipe, a FIFO or a
     * terminal. A descriptor number the parent did not pass is free for the JVM, which puts its
     * own files there (the jar, the runtime image); those are regular files and are refused, so
     * frob never reads, writes or closes them by mistake. Linux: reads {@code /proc/self/fd}.
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
            throw new IOException(role + ": descriptor " + fd + " is " + target + ", not a socket, pipe, FIFO or terminal handed to frob");
    }

    /** {@code fdmove to from}: descriptor {@code from} becomes {@code to}, and {@code from} is closed. */
    public static void move(int from, int to) throws IOException {
        if (from == to) return;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            for (;;) {
                int r = (int) DUP2.invokeExact(state, from, to);
                if (r >= 0) break;
                check(state, "dup2(" + from + ", " + to + ")");
            }
            int _ = (int) CLOSE.invokeExact(state, from);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("dup2 downcall", t);
        }
    }

    /**
     * s6 readiness: writes one newline to {@code fd}, then closes it (s6-supervise's
     * {@code notification-fd}). A write error is reported; the descriptor is closed either way.
     */
    public static void notifyReady(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            MemorySegment newline = arena.allocateFrom(JAVA_BYTE, (byte) '\n');
            try {
                for (;;) {
                    long n = (long) WRITE.invokeExact(state, fd, newline, 1L);
                    if (n == 1) return;
                    check(state, "write(fd " + fd + ")");
                }
            } finally {
                int _ = (int) CLOSE.invokeExact(state, fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("write downcall", t);
        }
    }

    private static void check(MemorySegment state, String what) throws IOException {
        int errno = (int) ERRNO.get(state, 0L);
        if (errno != EINTR) throw new IOException(what + ": " + strerror(errno));
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static MethodHandle call(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, CAPTURE);
    }
}
