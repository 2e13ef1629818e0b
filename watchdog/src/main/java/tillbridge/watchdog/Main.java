package tillbridge.watchdog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tillbridge.common.io.Exit;

/**
 * {@code watchdog [OPTIONS] -- COMMAND [ARGS...]} (docs/watchdog.md). Exit codes: 0 the child
 * finished on its own with status 0, or the watchdog was stopped; 100 usage; 111 the command or
 * the heartbeat file could not be set up.
 */
@Command(name = "watchdog", mixinStandardHelpOptions = true, version = "watchdog 0.1.0", sortOptions = false,
        description = {"Runs COMMAND and restarts it when it exits with a non-zero status, stops sending heartbeats,",
                "or the machine resumes from sleep. The child finds its heartbeat file in $" + Watchdog.HEARTBEAT_ENV
                        + " and writes to it (anything that changes the file's first 64 bytes) more often than --hang."})
public final class Main implements Callable<Integer> {
    @Option(names = "--hang", paramLabel = "SECONDS", defaultValue = "30",
            description = "no heartbeat for this long is a hang: SIGTERM, SIGKILL after --grace, restart; 0: no hang check (default ${DEFAULT-VALUE})")
    int hangSeconds;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "5",
            description = "from SIGTERM to SIGKILL when stopping the child (default ${DEFAULT-VALUE})")
    int graceSeconds;

    @Option(names = "--max-delay", paramLabel = "SECONDS", defaultValue = "60",
            description = "the longest wait between restarts while the child keeps failing soon after each start (default ${DEFAULT-VALUE})")
    int maxDelaySeconds;

    @Option(names = "--heartbeat-file", paramLabel = "PATH",
            description = "the heartbeat file (default: a new file, readable by this user only, in a private temporary directory)")
    Path heartbeatFile;

    @Option(names = {"-v", "--verbose"}, description = "Log debug messages.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log warnings and errors only.")
    boolean quiet;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "the program to supervise and its arguments (after --)")
    List<String> command;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("watchdog: " + e.getMessage() + " (see watchdog --help)");
            return Exit.USAGE.code;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("watchdog: " + e.getMessage());
            return e instanceof IllegalArgumentException ? Exit.USAGE.code : e instanceof IOException ? Exit.SYSTEM.code : Exit.BUG.code;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (System.getProperty("tb.log.level") == null) System.setProperty("tb.log.level", verbose ? "DEBUG" : quiet ? "WARN" : "INFO");
        for (int n : new int[] {hangSeconds, graceSeconds, maxDelaySeconds}) {
            if (n < 0) throw new IllegalArgumentException("--hang, --grace and --max-delay need a whole number of seconds, 0 or more, was " + n);
        }
        Supervision.Policy d = Supervision.Policy.DEFAULT;
        Supervision.Policy policy = new Supervision.Policy(Duration.ofSeconds(hangSeconds), Duration.ofSeconds(graceSeconds),
                d.jump(), d.stable(), Duration.ofSeconds(Math.min(1, maxDelaySeconds)), Duration.ofSeconds(maxDelaySeconds));
        Path beat = heartbeatFile != null ? heartbeatFile : privateHeartbeatFile();
        Watchdog watchdog = new Watchdog(command, beat, policy);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watchdog.stop(policy.grace().toMillis());
            if (heartbeatFile == null) deleteQuietly(beat);
        }, "watchdog-stop"));
        return watchdog.run();
    }

    /** In a directory only this user can enter, so no other user can fake or watch the beats. */
    private static Path privateHeartbeatFile() throws IOException {
        Path dir = Files.createTempDirectory("tillbridge-watchdog-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return Files.createFile(dir.resolve("heartbeat"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            // a temporary file: the system's cleaning removes it later
        }
    }
}
