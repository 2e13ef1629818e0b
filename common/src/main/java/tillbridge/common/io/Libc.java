package tillbridge.common.io;

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
import java.nio.file.Path;

/**
 * The few libc calls the programs need for inherited descriptors, FIFOs and s6 readiness
 * ({@link Descriptors}, {@link Readiness}), through the FFM API: the JDK cannot wrap a socket descriptor number in a
 * stream, and opening {@code /dev/fd/N} fails for sockets. Flag values are Linux's. Needs native
 * access (the jars' manifests grant it).
 */
@SuppressWarnings("restricted")
public final class Libc {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    private static final int O_ACCMODE = 3;
    private static final int O_CREAT = 0x40;
    private static final int O_APPEND = 0x400;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final MethodHandle READ = call("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE);
    private static final MethodHandle WRITE = call("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE);
    private static final MethodHandle OPEN = call("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FCNTL = call("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle DUP2 = call("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE);
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = call("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE);
    private static final MethodHandle STRERROR = call("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** 1 as the 8-byte host-order counter increment eventfd expects (x86-64 and aarch64 are little-endian). */
    private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0};

    private Libc() {}

    /** Reads at most {@code len} bytes; -1 at end of input. Blocks in native code. */
    public static int read(int fd, byte[] b, int off, int len) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(len);
            MemorySegment state = arena.allocate(STATE);
            for (;;) {
                long n = (long) READ.invokeExact(state, fd, buf, (long) len);
                if (n > 0) MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) n);
                if (n >= 0) return n == 0 ? -1 : (int) n;
                check(state, "read(fd " + fd + ")");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("read downcall", t);
        }
    }

    public static void write(int fd, byte[] b, int off, int len) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, len);
            MemorySegment state = arena.allocate(STATE);
            for (long done = 0; done < len; ) {
                long n = (long) WRITE.invokeExact(state, fd, buf.asSlice(done), (long) len - done);
                if (n >= 0) done += n;
                else check(state, "write(fd " + fd + ")");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("write downcall", t);
        }
    }

    /** Room for errno, for the calls below that reuse their native memory. */
    static MemorySegment errnoState(Arena arena) {
        return arena.allocate(STATE);
    }

    /** A non-blocking, close-on-exec eventfd(2): a counter one thread adds to and another polls. */
    static int eventFd() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            int fd = (int) EVENTFD.invokeExact(state, 0, O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) throw new IOException("eventfd: " + strerror((int) ERRNO.get(state, 0L)));
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("eventfd downcall", t);
        }
    }

    /** Adds one to an eventfd's counter. */
    static void signal(int eventFd) throws IOException {
        write(eventFd, ONE, 0, ONE.length);
    }

    /** Empties an eventfd's counter into {@code counter} (8 bytes); nothing happens when it is already zero. */
    static void drain(int eventFd, MemorySegment counter, MemorySegment state) throws IOException {
        try {
            long n = (long) READ.invokeExact(state, eventFd, counter, 8L);
            if (n < 0 && (int) ERRNO.get(state, 0L) != EAGAIN) check(state, "read(eventfd " + eventFd + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("read downcall", t);
        }
    }

    /** {@link #O_RDONLY}, {@link #O_WRONLY} or O_RDWR (2): how {@code fd} was opened. */
    public static int accessMode(int fd) throws IOException {
        return fcntl(fd, F_GETFL, 0) & O_ACCMODE;
    }

    /**
     * Opens {@code path} for appending, creating a file if there is none. Never blocks: a FIFO
     * with no reader fails at once (ENXIO) instead of waiting for one. The descriptor is then made
     * blocking again so that writes wait for a slow reader.
     */
    public static int openForAppend(Path path) throws IOException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
            if (fd < 0) throw new IOException("open " + path + ": " + strerror((int) ERRNO.get(state, 0L)));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open downcall", t);
        }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) & ~O_NONBLOCK);
        return fd;
    }

    /** Opens {@code path} for reading; a FIFO blocks here until a writer opens it. */
    public static int openForRead(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            for (;;) {
                int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), O_RDONLY | O_CLOEXEC, 0);
                if (fd >= 0) return fd;
                check(state, "open " + path);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open downcall", t);
        }
    }

    /** {@code dup2(from, to)}: descriptor {@code to} now refers to what {@code from} does. */
    public static void dup2(int from, int to) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            for (;;) {
                int r = (int) DUP2.invokeExact(state, from, to);
                if (r >= 0) return;
                check(state, "dup2(" + from + ", " + to + ")");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("dup2 downcall", t);
        }
    }

    public static void close(int fd) {
        try {
            int _ = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close downcall", t);
        }
    }

    private static int fcntl(int fd, int cmd, int arg) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            int r = (int) FCNTL.invokeExact(state, fd, cmd, arg);
            if (r < 0) throw new IOException("fcntl(fd " + fd + "): " + strerror((int) ERRNO.get(state, 0L)));
            return r;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fcntl downcall", t);
        }
    }

    /** A libc function that records errno, for the other descriptor-level classes of this package. */
    static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return call(name, fd, CAPTURE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Returns normally only for EINTR, so that the caller retries. */
    static void check(MemorySegment state, String what) throws IOException {
        int errno = (int) ERRNO.get(state, 0L);
        if (errno != EINTR) throw new IOException(what + ": " + strerror(errno));
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static MethodHandle call(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    // ---- file types (fstat), for descriptors a program is handed ----

    /** What an open descriptor refers to, from {@code fstat}'s {@code st_mode}. */
    public enum FileType {
        FIFO("a pipe or FIFO"), CHARACTER_DEVICE("a character device"), DIRECTORY("a directory"), BLOCK_DEVICE("a block device"),
        REGULAR_FILE("a regular file"), SYMBOLIC_LINK("a symbolic link"), SOCKET("a socket"), NOT_OPEN("not open");

        /** For messages: "descriptor 3 is a regular file". */
        public final String description;

        FileType(String description) {
            this.description = description;
        }
    }

    private static final int EBADF = 9;
    private static final int S_IFMT = 0170000;
    // struct stat is 144 bytes on x86_64 and 128 on aarch64; st_mode sits after st_dev, st_ino (and st_nlink on x86_64)
    private static final long STAT_SIZE = 256;
    private static final long ST_MODE_OFFSET = "aarch64".equals(System.getProperty("os.arch")) ? 16 : 24;
    private static final MethodHandle FSTAT = call("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CAPTURE);

    /** {@code fstat(fd)}: the type of what {@code fd} refers to, {@link FileType#NOT_OPEN} for a descriptor that is not open. */
    public static FileType fileType(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stat = arena.allocate(STAT_SIZE, 8);
            MemorySegment state = arena.allocate(STATE);
            int r = (int) FSTAT.invokeExact(state, fd, stat);
            if (r < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == EBADF) return FileType.NOT_OPEN;
                throw new IOException("fstat(fd " + fd + "): " + strerror(errno));
            }
            return switch (stat.get(JAVA_INT, ST_MODE_OFFSET) & S_IFMT) {
                case 0010000 -> FileType.FIFO;
                case 0020000 -> FileType.CHARACTER_DEVICE;
                case 0040000 -> FileType.DIRECTORY;
                case 0060000 -> FileType.BLOCK_DEVICE;
                case 0100000 -> FileType.REGULAR_FILE;
                case 0120000 -> FileType.SYMBOLIC_LINK;
                case 0140000 -> FileType.SOCKET;
                default -> throw new IOException("fstat(fd " + fd + "): unknown file type");
            };
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fstat downcall", t);
        }
    }
}
