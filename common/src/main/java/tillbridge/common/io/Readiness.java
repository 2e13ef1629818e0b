package tillbridge.common.io;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * s6 readiness notification ({@code --notify-fd N}, s6-supervise's {@code notification-fd}): one
 * newline written to descriptor N once the program is ready, then N is closed (the supervisor may
 * wait for the close).
 *
 * <p>The descriptor is claimed at start-up, before the program opens anything: a number the parent
 * did not pass is free for the JVM, which puts its own files there (the runtime image, a jar).
 * Only a pipe, FIFO or socket is accepted, so the program never writes a newline into a file of
 * its own. The newline goes to the inherited descriptor itself; no path is opened.
 *
 * <p>Under systemd ({@code Type=notify}, {@code $NOTIFY_SOCKET} set) the same moment is told to
 * systemd as {@code READY=1} ({@link SystemdNotify}).
 */
public final class Readiness {
    private int fd; // -1: nothing to notify, or already notified
    private Optional<SystemdNotify> systemd;

    private Readiness(int fd, Optional<SystemdNotify> systemd) {
        this.fd = fd;
        this.systemd = systemd;
    }

    /** The descriptor refused by {@link #claim}; its message is the one line to show. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks {@code fd} (null: no {@code --notify-fd}); refuses one that is not a pipe, FIFO or socket. Reads $NOTIFY_SOCKET. */
    public static Readiness claim(Integer fd) throws Refused {
        return claim(fd, System.getenv());
    }

    static Readiness claim(Integer fd, Map<String, String> env) throws Refused {
        Optional<SystemdNotify> systemd;
        try {
            systemd = SystemdNotify.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
        if (fd == null) return new Readiness(-1, systemd);
        String not = "--notify-fd " + fd + ": descriptor " + fd + " is not an open pipe, FIFO or socket";
        if (fd < 0) throw new Refused(not);
        Libc.FileType type;
        try {
            type = Libc.fileType(fd);
        } catch (IOException e) {
            throw new Refused(not + " (" + e.getMessage() + ")");
        }
        if (type != Libc.FileType.FIFO && type != Libc.FileType.SOCKET) throw new Refused(not + " (it is " + type.description + ")");
        return new Readiness(fd, systemd);
    }

    /**
     * Writes the newline and closes the descriptor; later calls do nothing. A failed write (the
     * supervisor went away) is logged: the program runs on, ready or not for whoever waited.
     */
    public synchronized void ready() {
        // looked up here, not when the class loads: claim() runs before the program sets its log level
        Logger log = LoggerFactory.getLogger(Readiness.class);
        systemd.ifPresent(s -> {
            try {
                s.send("READY=1\nSTATUS=ready");
                log.debug("readiness told to systemd");
            } catch (IOException e) {
                log.warn("${}: {}", SystemdNotify.SOCKET_ENV, e.getMessage());
            }
        });
        systemd = Optional.empty();
        if (fd < 0) return;
        int n = fd;
        fd = -1;
        try {
            Libc.write(n, new byte[] {'\n'}, 0, 1);
            log.debug("readiness notified on descriptor {}", n);
        } catch (IOException e) {
            log.warn("--notify-fd {}: {}", n, e.getMessage());
        } finally {
            Libc.close(n);
        }
    }
}
