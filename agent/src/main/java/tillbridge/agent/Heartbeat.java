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
import tillbridge.common.io.SystemdNotify;

/**
 * Tells a supervisor that the agent's JVM is alive: bin/watchdog (docs/watchdog.md) by a counter
 * written to the file named by $TILLBRIDGE_HEARTBEAT_FILE every period, and systemd (a unit with
 * {@code WatchdogSec=}) by {@code WATCHDOG=1} every half of $WATCHDOG_USEC. A stopped, frozen or
 * thrashing process stops beating, and the supervisor restarts it.
 */
final class Heartbeat implements AutoCloseable {
    static final String ENV = "TILLBRIDGE_HEARTBEAT_FILE";
    /** A fifth of the watchdog's default hang limit (30 s): one late beat is no hang. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final Optional<Path> file;
    private final Optional<SystemdNotify> systemd;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
    });
    private long beats;

    private Heartbeat(Optional<Path> file, Optional<SystemdNotify> systemd) {
        this.file = file;
        this.systemd = systemd;
    }

    /** Beats for each supervisor the environment names (a heartbeat file, systemd's watchdog); nothing without one. */
    static Optional<Heartbeat> start(Map<String, String> env, Duration period) {
        String path = env.get(ENV);
        Optional<Path> file = path == null || path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
        Optional<Duration> watchdog = SystemdNotify.watchdogPeriod(env, ProcessHandle.current().pid());
        Optional<SystemdNotify> systemd = watchdog.isPresent() ? SystemdNotify.fromEnvironment(env) : Optional.empty();
        if (file.isEmpty() && systemd.isEmpty()) return Optional.empty();
        Heartbeat h = new Heartbeat(file, systemd);
        file.ifPresent(f -> {
            h.timer.scheduleAtFixedRate(h::beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
            log.info("writing a heartbeat to {} every {} s", f, period.toSeconds());
        });
        systemd.ifPresent(s -> {
            long every = watchdog.orElseThrow().toMillis();
            h.timer.scheduleAtFixedRate(h::watchdog, 0, every, TimeUnit.MILLISECONDS);
            log.info("telling systemd's watchdog the agent is alive every {} ms", every);
        });
        return Optional.of(h);
    }

    private void beat() {
        Path f = file.orElseThrow();
        try {
            Files.writeString(f, ++beats + "\n");
        } catch (IOException e) {
            log.warn("cannot write the heartbeat to {}: {}", f, e.getMessage());
        }
    }

    private void watchdog() {
        try {
            systemd.orElseThrow().send("WATCHDOG=1");
        } catch (IOException e) {
            log.warn("cannot reach systemd's watchdog: {}", e.getMessage());
        }
    }

    /** Stops beating; systemd is told the agent is stopping, so the silence that follows is no hang. */
    @Override
    public void close() {
        timer.shutdownNow();
        systemd.ifPresent(s -> {
            try {
                s.send("STOPPING=1");
            } catch (IOException e) {
                log.debug("cannot tell systemd the agent is stopping: {}", e.getMessage());
            }
        });
    }
}
