package tillbridge.agent.print;

import java.time.Duration;

/**
 * How long printing waits.
 *
 * @param connect    reaching the printer (TCP connect, IPP request sent and answered)
 * @param statusWait an ESC/POS printer's answer to the paper status query; a printer that does not
 *                   answer is printed to anyway
 * @param finish     an IPP job reaching completed, aborted or canceled; past it the outcome is unknown
 * @param poll       at most this long between two IPP job-state queries (the first comes sooner)
 */
public record PrintTimeouts(Duration connect, Duration statusWait, Duration finish, Duration poll) {
    public static final PrintTimeouts DEFAULTS =
            new PrintTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMinutes(2), Duration.ofMillis(500));
}
