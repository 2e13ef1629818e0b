package tillbridge.common.io;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.Locale;

/**
 * Failures told to a person in one line they can act on: no Java class names, and the JDK's terse
 * messages (a bare host name for an unknown host, a bare path for a missing file) said in words.
 * Every program maps its start-up failures through here, so the same failure reads the same way.
 */
public final class Problems {
    private Problems() {}

    /** What went wrong, in words; the caller says what it was doing (the option, the address). */
    public static String describe(Throwable e) {
        if (wrongPassword(e)) return "wrong password (or not a key store)";
        return switch (e) {
            case UnknownHostException u -> "unknown host '" + hostOf(u.getMessage()) + "'";
            case UnresolvedAddressException _ -> "unknown host";
            case BindException b -> b.getMessage() == null ? "address in use" : lowerFirst(b.getMessage());
            case NoSuchFileException f -> "no such file or directory: " + f.getFile();
            case AccessDeniedException f -> "permission denied: " + f.getFile();
            case FileSystemException f -> f.getReason() == null ? f.getMessage() : lowerFirst(f.getReason()) + ": " + f.getFile();
            case EOFException x when x.getMessage() == null -> "unexpected end of input";
            default -> e.getMessage() != null && !e.getMessage().isBlank() ? lowerFirst(e.getMessage()) : words(e.getClass().getSimpleName());
        };
    }

    /** A duration as a person writes it, "30 s", "-1 s", "0.5 s", not Java's "PT-1S". */
    public static String seconds(Duration d) {
        if (d == null) return "none";
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * A key store opened with a wrong password (the JDK reports it as an I/O error caused by an
     * unrecoverable key): a configuration mistake, exit 100, not an environment failure.
     */
    public static boolean wrongPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecoverableKeyException) return true;
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("password was incorrect")) return true;
        }
        return false;
    }

    /** {@link UnknownHostException}'s message is the host, sometimes followed by the resolver's reason. */
    private static String hostOf(String message) {
        if (message == null) return "";
        int colon = message.indexOf(": ");
        return colon > 0 ? message.substring(0, colon) : message;
    }

    private static String lowerFirst(String s) {
        // "Address already in use" reads as part of a sentence; "TLS" or "POI" stay as they are
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1)))
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        return s;
    }

    /** "ClosedChannelException" → "closed channel": a message-less exception, named in words. */
    private static String words(String className) {
        String base = className.replaceAll("(Exception|Error)$", "");
        return base.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
