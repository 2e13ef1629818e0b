package tillbridge.frob.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * frob's SLF4J backend: one line per event on stderr (stdout carries ECR-EFT bytes only),
 * {@code HH:mm:ss.SSSZ LEVEL frob[SESSION] Logger: message} (UTC), then the stack trace of a throwable.
 * The level is the system property {@code frob.log} (set by Main from -v/-q/FROB_LOG), else INFO.
 *
 * <p>Why not logback: frob starts one JVM per ECR connection, and logback's start-up (service
 * lookup, annotation proxies, pattern parsing, ~250 classes) took a large part of frob's start
 * (docs/performance.md). This does the one thing frob needs. Found by SLF4J through
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}.
 */
public final class StderrLog implements SLF4JServiceProvider {
    private static final OutputStream STDERR = new FileOutputStream(FileDescriptor.err);
    private static volatile int threshold = Level.INFO.toInt();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final ConcurrentHashMap<String, Logger> byName = new ConcurrentHashMap<>();
    private final ILoggerFactory loggers = name -> byName.computeIfAbsent(name, StderrLogger::new);

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        String level = System.getProperty("frob.log");
        if (level != null) level(level);
    }

    /** Sets the level: trace, debug, info, warn or error (any case); anything else means info. */
    public static void level(String name) {
        Level l = Level.INFO;
        for (Level x : Level.values()) if (x.name().equals(name.toUpperCase(Locale.ROOT))) l = x;
        threshold = l.toInt();
    }

    private static final class StderrLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        private final String shortName;

        StderrLogger(String name) {
            this.name = name;
            this.shortName = name.substring(name.lastIndexOf('.') + 1);
        }

        private static boolean on(Level l) {
            return l.toInt() >= threshold;
        }

        @Override public boolean isTraceEnabled() { return on(Level.TRACE); }
        @Override public boolean isTraceEnabled(Marker m) { return on(Level.TRACE); }
        @Override public boolean isDebugEnabled() { return on(Level.DEBUG); }
        @Override public boolean isDebugEnabled(Marker m) { return on(Level.DEBUG); }
        @Override public boolean isInfoEnabled() { return on(Level.INFO); }
        @Override public boolean isInfoEnabled(Marker m) { return on(Level.INFO); }
        @Override public boolean isWarnEnabled() { return on(Level.WARN); }
        @Override public boolean isWarnEnabled(Marker m) { return on(Level.WARN); }
        @Override public boolean isErrorEnabled() { return on(Level.ERROR); }
        @Override public boolean isErrorEnabled(Marker m) { return on(Level.ERROR); }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            if (!on(level)) return;
            // UTC, marked Z: local time would load the time-zone database (10-25 ms) on the first
            // line of every connection's process, before its first answer
            int msOfDay = (int) Math.floorMod(System.currentTimeMillis(), 86_400_000L);
            String session = MDC.get("session");
            StringBuilder b = new StringBuilder(160);
            two(b, msOfDay / 3_600_000).append(':');
            two(b, msOfDay / 60_000 % 60).append(':');
            two(b, msOfDay / 1000 % 60).append('.');
            int ms = msOfDay % 1000;
            b.append(ms < 100 ? ms < 10 ? "00" : "0" : "").append(ms).append("Z ");
            String l = level.name();
            b.append(l).append(" ".repeat(Math.max(1, 6 - l.length())));
            b.append("frob[").append(session == null ? "" : session).append("] ").append(shortName).append(": ");
            b.append(MessageFormatter.basicArrayFormat(pattern, args)).append('\n');
            if (t != null) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                b.append(trace);
            }
            byte[] line = b.toString().getBytes(UTF_8);
            synchronized (STDERR) {
                try {
                    STDERR.write(line);
                } catch (IOException e) {
                    // stderr is gone: nowhere left to say so
                }
            }
        }

        private static StringBuilder two(StringBuilder b, int n) {
            return b.append(n < 10 ? "0" : "").append(n);
        }
    }
}
