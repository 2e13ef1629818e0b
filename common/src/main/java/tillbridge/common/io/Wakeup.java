package tillbridge.common.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Lets one owner thread wait on a descriptor it reads itself and still be woken by other threads
 * that queued work for it (s6's iopause with a self-pipe): the owner reads, handles and answers a
 * frame without handing it across threads. An epoll set made once, rather than poll(2) per wait,
 * because registering and removing the waits on every frame cost more than the rest of a round
 * trip (docs/performance.md). Blocks in native code: the owner must be a platform thread.
 */
@SuppressWarnings("restricted")
public final class Wakeup implements AutoCloseable {
    private static final MethodHandle EPOLL_CREATE1 = Libc.downcall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = Libc.downcall("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = Libc.downcall("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 0x1;
    private static final int EPERM = 1;
    /** struct epoll_event {u32 events; u64 data}: packed on x86-64, naturally aligned elsewhere. */
    private static final long EVENT_SIZE = System.getProperty("os.arch").equals("amd64") ? 12 : 16;
    private static final long DATA = EVENT_SIZE - 8;
    /** What an event's data field holds: which of the two descriptors it is about. */
    private static final int WATCHED = 0;
    private static final int WOKEN = 1;

    /** Shared rather than confined: the owner need not be the thread that opened it; one thread awaits at a time. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment events = arena.allocate(2 * EVENT_SIZE, 8);
    private final MemorySegment counter = arena.allocate(8, 8);
    private final MemorySegment state = Libc.errnoState(arena);
    private final int epollFd;
    private final int eventFd;

    private Wakeup(int epollFd, int eventFd) {
        this.epollFd = epollFd;
        this.eventFd = eventFd;
    }

    /**
     * Watches {@code fd} for input. Empty when it cannot be waited on (a regular file or
     * /dev/null, which are always readable): the caller then reads it on a thread of its own.
     */
    public static Optional<Wakeup> watching(int fd) throws IOException {
        int epoll = epollCreate();
        int event;
        try {
            event = Libc.eventFd();
        } catch (IOException e) {
            Libc.close(epoll);
            throw e;
        }
        Wakeup w = new Wakeup(epoll, event);
        try {
            if (!w.add(fd, WATCHED)) {
                w.close();
                return Optional.empty();
            }
            if (!w.add(event, WOKEN)) throw new IOException("epoll cannot watch an eventfd");
            return Optional.of(w);
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** Wakes the owner from {@link #await}, or makes its next await return at once; any thread. */
    public void wake() {
        try {
            Libc.signal(eventFd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the watched descriptor is readable (or at its end), a {@link #wake} or
     * {@code timeoutMillis}. A wake-up is consumed here: the caller then takes what was queued for it.
     *
     * @return whether the watched descriptor is readable; false also after an interrupted wait
     */
    public boolean await(long timeoutMillis) throws IOException {
        int n;
        try {
            n = (int) EPOLL_WAIT.invokeExact(state, epollFd, events, 2, (int) Math.clamp(timeoutMillis, 0, Integer.MAX_VALUE));
        } catch (Throwable t) {
            throw downcallFailed("epoll_wait", t);
        }
        if (n < 0) Libc.check(state, "epoll_wait");
        boolean readable = false;
        for (int i = 0; i < n; i++) {
            if (events.get(JAVA_INT_UNALIGNED, i * EVENT_SIZE + DATA) == WOKEN) Libc.drain(eventFd, counter, state);
            else readable = true;
        }
        return readable;
    }

    @Override
    public void close() {
        Libc.close(eventFd);
        Libc.close(epollFd);
        arena.close();
    }

    private static int epollCreate() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.errnoState(a);
            int fd = (int) EPOLL_CREATE1.invokeExact(st, EPOLL_CLOEXEC);
            if (fd < 0) throw new IOException("epoll_create1: " + Libc.strerror(Libc.errno(st)));
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw downcallFailed("epoll_create1", t);
        }
    }

    /** False when epoll cannot watch {@code fd} (EPERM: a regular file or the like). */
    private boolean add(int fd, int tag) throws IOException {
        MemorySegment event = arena.allocate(EVENT_SIZE, 8);
        event.set(JAVA_INT, 0, EPOLLIN);
        event.set(JAVA_INT_UNALIGNED, DATA, tag);
        int r;
        try {
            r = (int) EPOLL_CTL.invokeExact(state, epollFd, EPOLL_CTL_ADD, fd, event);
        } catch (Throwable t) {
            throw downcallFailed("epoll_ctl", t);
        }
        if (r == 0) return true;
        if (Libc.errno(state) == EPERM) return false;
        throw new IOException("epoll_ctl(fd " + fd + "): " + Libc.strerror(Libc.errno(state)));
    }

    /** Rethrows what the Java side raised; wraps only the checked throwables invokeExact declares. */
    private static IllegalStateException downcallFailed(String name, Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(name + " downcall", t);
    }
}
