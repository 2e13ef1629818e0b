package tillbridge.agent.ui;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import tillbridge.protocol.message.Pan;

/**
 * The agent's latest log lines for the status page ({@code GET /log}), kept by a Logback appender
 * (named in tillbridge-agent-logback.xml beside stderr): {@link #LINES} lines of at most
 * {@link #LINE_MAX} characters, every run of card-number digits masked as it is taken in, so the
 * page never holds a card number even if a message carried one.
 */
public final class LogTail extends AppenderBase<ILoggingEvent> {
    static final int LINES = 200;
    static final int LINE_MAX = 2000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final Deque<String> TAIL = new ArrayDeque<>();

    @Override
    protected void append(ILoggingEvent e) {
        String line = TIME.format(e.getInstant()) + " " + e.getLevel() + " " + e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1)
                + ": " + e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()));
        add(line);
    }

    static void add(String line) {
        String masked = Pan.maskAll(line.length() > LINE_MAX ? line.substring(0, LINE_MAX) + "…" : line);
        synchronized (TAIL) {
            if (TAIL.size() == LINES) TAIL.removeFirst();
            TAIL.addLast(masked);
        }
    }

    /** The kept lines, oldest first. */
    static List<String> lines() {
        synchronized (TAIL) {
            return List.copyOf(TAIL);
        }
    }
}
