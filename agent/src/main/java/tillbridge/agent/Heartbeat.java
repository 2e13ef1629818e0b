package tillbridge.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a supervising watchdog (bin/watchdog, docs/watchdog.md) that the agent's JVM is alive:
 * a counter written to the file named by $TILLBRIDGE_HEARTBEAT_FILE every period. A stopped,
 * frozen or thrashing process stops writing, and the watchdog restarts it.
 */
final class Heartbeat implements AutoCloseable {
    static final String ENV = "TILLBRIDGE_HEARTBEAT_FILE";
    /** A fifth of the watchdog's default hang limit (30 s): one late beat is no hang. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final Path file;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
    });
    private long beats;

    private Heartbeat(Path file) {
        this.file = file;
    }

    /** Beats when the environment names a heartbeat file; nothing otherwise. */
    static Optional<Heartbeat> start(Map<String, String> env, Duration period) {
        String path = env.get(ENV);
        if (path == null || path.isBlank()) return Optional.empty();
        Heartbeat h = new Heartbeat(Path.of(path));
        h.timer.scheduleAtFixedRate(h::beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        log.info("writing a heartbeat to {} every {} s", path, period.toSeconds());
        return Optional.of(h);
    }

    private void beat() {
        try {
            Files.writeString(file, ++beats + "\n");
        } catch (IOException e) {
            log.warn("cannot write the heartbeat to {}: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
