package tillbridge.common.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's notification protocol (sd_notify(3)) for a {@code Type=notify} service: one datagram
 * such as {@code READY=1} or {@code WATCHDOG=1} sent to the UNIX socket named by
 * {@code $NOTIFY_SOCKET} (a path, or an abstract name written with a leading {@code @}). The JDK
 * has no UNIX datagram sockets, so this goes through the FFM API, like the rest of this package.
 */
@SuppressWarnings("restricted")
public final class SystemdNotify {
    public static final String SOCKET_ENV = "NOTIFY_SOCKET";
    private static final short AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH = 108;
    private static final MethodHandle SOCKET = Libc.downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SENDTO = Libc.downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    private final byte[] address;

    private SystemdNotify(byte[] address) {
        this.address = address;
    }

    /** The notification socket systemd named, if any; a name too long for a UNIX socket is refused with the reason. */
    public static Optional<SystemdNotify> fromEnvironment(Map<String, String> env) {
        String name = env.get(SOCKET_ENV);
        if (name == null || name.isEmpty()) return Optional.empty();
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path[0] == '@') path[0] = 0; // abstract namespace: no terminating NUL, the length says where it ends
        else if (path[0] != '/') throw new IllegalArgumentException(SOCKET_ENV + " must be an absolute path or @name, was '" + name + "'");
        if (path.length >= SUN_PATH) throw new IllegalArgumentException(SOCKET_ENV + " is longer than a UNIX socket name may be: " + name);
        return Optional.of(new SystemdNotify(path));
    }

    /**
     * How often to send {@code WATCHDOG=1}: half the {@code $WATCHDOG_USEC} systemd set for this
     * process ({@code $WATCHDOG_PID}, when set, must be {@code pid}), as sd_watchdog_enabled(3) advises.
     */
    public static Optional<Duration> watchdogPeriod(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || forPid != null && !forPid.equals(Long.toString(pid))) return Optional.empty();
        try {
            long us = Long.parseLong(usec.strip());
            return us > 0 ? Optional.of(Duration.ofNanos(us * 1000 / 2)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Sends {@code state} (newline-separated assignments: {@code READY=1\nSTATUS=…}) as one datagram. */
    public void send(String state) throws IOException {
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoState(arena);
            int fd = (int) SOCKET.invokeExact(errno, (int) AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) throw new IOException("socket(AF_UNIX): " + Libc.strerror(Libc.errno(errno)));
            try {
                MemorySegment sockaddr = arena.allocate(2 + SUN_PATH, 2);
                sockaddr.set(JAVA_SHORT, 0, AF_UNIX);
                MemorySegment.copy(address, 0, sockaddr, JAVA_BYTE, 2, address.length);
                int length = 2 + address.length + (address[0] == 0 ? 0 : 1);
                MemorySegment buf = arena.allocateFrom(JAVA_BYTE, message);
                for (;;) {
                    long n = (long) SENDTO.invokeExact(errno, fd, buf, (long) message.length, MSG_NOSIGNAL, sockaddr, length);
                    if (n >= 0) return;
                    Libc.check(errno, "sendto($" + SOCKET_ENV + ")");
                }
            } finally {
                Libc.close(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sendto downcall", t);
        }
    }
}
