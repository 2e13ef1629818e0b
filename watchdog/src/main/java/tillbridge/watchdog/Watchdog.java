package tillbridge.watchdog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Supervision}'s decisions on a real child process: starts it with the heartbeat
 * file's path in its environment, reads the file for changes, sends the signals, and waits for
 * the child's exit or the next deadline. Checks the clocks at least once a second, so a resume
 * from sleep is seen within a second of the machine waking.
 */
final class Watchdog {
    /** The environment variable that names the heartbeat file to the child. */
    static final String HEARTBEAT_ENV = "TILLBRIDGE_HEARTBEAT_FILE";
    private static final Logger log = LoggerFactory.getLogger("watchdog");
    private static final long CHECK_MILLIS = 1000;
    /** A heartbeat is a counter or a time stamp: a few bytes, read no further. */
    private static final int HEARTBEAT_MAX = 64;

    private final List<String> command;
    private final Path heartbeatFile;
    private final Supervision supervision;
    private volatile boolean stopping;
    private volatile Process child;
    private byte[] lastBeat = new byte[0];

    Watchdog(List<String> command, Path heartbeatFile, Supervision.Policy policy) {
        this.command = List.copyOf(command);
        this.heartbeatFile = heartbeatFile;
        this.supervision = new Supervision(policy, System.nanoTime(), System.currentTimeMillis());
    }

    /** Supervises until the child finishes on its own (its status 0) or {@link #stop} ran; returns the exit status. */
    int run() throws IOException, InterruptedException {
        for (;;) {
            Process p = child;
            if (p != null && changedHeartbeat()) supervision.heartbeat(System.nanoTime());
            Optional<Supervision.Action> action = supervision.tick(System.nanoTime(), System.currentTimeMillis());
            if (action.isPresent()) {
                if (stopping) return 0;
                p = perform(action.get(), p);
            }
            long wait = supervision.millisToNext(System.nanoTime(), CHECK_MILLIS);
            if (p == null) {
                Thread.sleep(wait);
                continue;
            }
            if (!p.waitFor(wait, TimeUnit.MILLISECONDS)) continue;
            child = null;
            if (stopping) return 0;
            Supervision.AfterExit after = supervision.exited(p.exitValue(), System.nanoTime());
            switch (after) {
                case Supervision.Finish f -> {
                    log.info("{}; the watchdog ends too", f.why());
                    return 0;
                }
                case Supervision.RestartIn r -> log.warn("{}; restarting {}", r.why(),
                        r.delay().isZero() ? "at once" : "in " + r.delay().toSeconds() + " s");
            }
        }
    }

    /**
     * Stops supervising: the child gets SIGTERM and {@code graceMillis} to exit, then SIGKILL.
     * For the JVM's shutdown hook, so SIGTERM to the watchdog reaches its child.
     */
    void stop(long graceMillis) {
        stopping = true;
        Process p = child;
        if (p == null) return;
        log.info("stopping pid {} (SIGTERM)", p.pid());
        p.destroy();
        try {
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                log.warn("pid {} still running {} ms after SIGTERM: SIGKILL", p.pid(), graceMillis);
                p.destroyForcibly().waitFor(graceMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process perform(Supervision.Action action, Process p) throws IOException {
        switch (action) {
            case Supervision.Start s -> {
                Files.write(heartbeatFile, new byte[0]);
                lastBeat = new byte[0];
                ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
                pb.environment().put(HEARTBEAT_ENV, heartbeatFile.toString());
                Process started = pb.start();
                child = started;
                log.info("started {} (pid {}): {}", command.getFirst(), started.pid(), s.why());
                return started;
            }
            case Supervision.Terminate t -> {
                log.warn("{}: stopping pid {} (SIGTERM)", t.why(), p.pid());
                p.destroy();
            }
            case Supervision.Kill k -> {
                log.warn("{}: SIGKILL to pid {}", k.why(), p.pid());
                p.destroyForcibly();
            }
        }
        return p;
    }

    private boolean changedHeartbeat() {
        byte[] now;
        try (InputStream in = Files.newInputStream(heartbeatFile)) {
            now = in.readNBytes(HEARTBEAT_MAX);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.debug("reading the heartbeat file {}: {}", heartbeatFile, e.getMessage());
            return false;
        }
        if (Arrays.equals(now, lastBeat)) return false;
        lastBeat = now;
        return true;
    }
}
