package tillbridge.terminalsim;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tillbridge.common.Version;
import tillbridge.common.io.Closing;
import tillbridge.common.io.Exit;
import tillbridge.common.io.Listener;
import tillbridge.common.io.Problems;
import tillbridge.common.io.Readiness;

/** {@code terminal-sim}: the simulated terminal payment application on frob's payment channel. */
@Command(name = "terminal-sim", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = 100, exitCodeOnExecutionException = 101,
        description = {
            "A simulated terminal payment application serving frob's payment channel (docs/channels.md): JSON lines, "
                    + "many connections, one or more sessions (the 'session' field) per connection.",
            "S1 kind S: I1 20, 90, 100, 50, then an S2 decided by the amount rules below (with --print-receipts, I1 140/150 and a "
                    + "receipt on the ECR's printer first). S1 kind C: the journaled outcome of that ecr_id + payment_id, or of the last "
                    + "transaction of the ecr_id for payment_id LAST. P1: cancel before authorisation. A1: A2 0 OK.",
            "Logs go to stderr. See docs/terminal-sim.md.", ""})
public final class Main implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "SPEC", description = "Listen for frob: HOST:PORT (or tcp:HOST:PORT) or unix:/path/to.sock (a stale socket file is removed). Repeatable.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--storage-listen", paramLabel = "SPEC",
            description = "Listen for frob's storage channel (HOST:PORT or unix:/path): completed transactions go into the journal, "
                    + "so status queries (also for LAST) find them. Repeatable.")
    List<String> storageListen = new ArrayList<>();

    @Option(names = "--print-receipts", description = "Print a customer receipt on the ECR's printer (D2, D6, D3 through frob) after each authorised sale, before its S2.")
    boolean printReceipts;

    @Option(names = "--stdio", description = "Serve one connection on stdin/stdout (JSON lines); exit at end of input unless --listen is also given.")
    boolean stdio;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "300", description = "Pause after each I1 status (default: ${DEFAULT-VALUE}).")
    long stepMs;

    @Option(names = "--slow-ms", paramLabel = "MS", defaultValue = "10000", description = "Extra wait before the authorisation step of a slow amount (default: ${DEFAULT-VALUE}).")
    long slowMs;

    @Option(names = {"--merchant-id", "--mid"}, paramLabel = "ID", defaultValue = Config.DEFAULT_MID, description = "Merchant id in S2 (default: ${DEFAULT-VALUE}).")
    String mid;

    @Option(names = {"--terminal-id", "--tid"}, paramLabel = "ID", defaultValue = Config.DEFAULT_TID, description = "Terminal id in S2 (default: ${DEFAULT-VALUE}).")
    String tid;

    @Option(names = "--journal", paramLabel = "FILE", description = "Append every outcome to FILE (JSON lines) and reload it at start, for status queries after a restart.")
    Path journal;

    @Option(names = "--notify-fd", paramLabel = "N", description = "Write a newline to descriptor N once listening (s6 readiness).")
    Integer notifyFd;

    @Option(names = {"-v", "--verbose"}, description = "Log debug messages.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log warnings and errors only.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private final InputStream stdin;
    private final OutputStream stdout;

    Main(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(run(args, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out)));
    }

    /** Runs the program with {@code in}/{@code out} as its stdio channel; returns the exit code. */
    static int run(String[] args, InputStream in, OutputStream out) {
        CommandLine cl = new CommandLine(new Main(in, out));
        cl.getCommandSpec().version(Version.of("terminal-sim"));
        List<String> footer = new ArrayList<>(List.of("", "Amount rules (gross amount of the S1, minor units; first match wins):"));
        footer.addAll(Rules.describe());
        footer.addAll(List.of("",
                "Result codes in S2: 0 approved; 5, 51, 61 declined (ISO 8583);",
                "  17 cancelled (P1, or session closed before authorisation);",
                "  993 busy (a sale runs on the session, or that payment is in progress);",
                "  996 no such transaction (status query); 999 rejected (invalid S1).",
                "Exit codes: 0 ok, 100 usage, 101 bug, 111 system (bind or journal failed)."));
        cl.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        cl.setParameterExceptionHandler((e, given) -> {
            cl.getErr().println("terminal-sim: " + e.getMessage());
            cl.getErr().println("Try 'terminal-sim --help'.");
            return Exit.USAGE.code;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        Readiness readiness;
        try {
            readiness = Readiness.claim(notifyFd);
        } catch (Readiness.Refused e) {
            spec.commandLine().getErr().println("terminal-sim: " + e.getMessage());
            return Exit.USAGE.code;
        }
        if (listen.isEmpty() && storageListen.isEmpty() && !stdio)
            throw new ParameterException(spec.commandLine(), "give --listen SPEC, --storage-listen SPEC or --stdio");
        if (System.getProperty("tb.log.level") == null) System.setProperty("tb.log.level", verbose ? "DEBUG" : quiet ? "WARN" : "INFO");
        Logger log = LoggerFactory.getLogger(Main.class);
        Config config;
        try {
            config = new Config(Duration.ofMillis(stepMs), Duration.ofMillis(slowMs), mid, tid).withReceipts(printReceipts);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Listener> listeners = new ArrayList<>();
        OutcomeJournal j = null;
        try {
            j = journal == null ? OutcomeJournal.inMemory() : OutcomeJournal.open(journal);
            for (String s : listen) {
                try {
                    listeners.add(Listener.bind(s));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            SimulatedTerminal terminal = new SimulatedTerminal(config, j);
            for (Listener l : listeners) l.start(terminal::serve);
            StorageConsumer storage = new StorageConsumer(j);
            for (String s : storageListen) {
                Listener l;
                try {
                    l = Listener.bind(s);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage().replace("--listen", "--storage-listen"));
                }
                listeners.add(l);
                l.start((name, in, out) -> storage.serve("storage " + name, in));
            }
            OutcomeJournal opened = j;
            if (!listeners.isEmpty()) Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(listeners, opened)));
            log.info("terminal-sim ready: tid {}, mid {}, step {} ms, slow {} ms, receipts {}, {}", tid, mid, stepMs, slowMs, printReceipts ? "on" : "off", j);
            readiness.ready();
            if (stdio) terminal.serve("stdio", stdin, stdout);
            if (!listeners.isEmpty()) new CountDownLatch(1).await(); // until killed; the hook cleans up
            return Exit.OK.code;
        } catch (IOException e) {
            log.error("terminal-sim: {}", Problems.describe(e));
            return Exit.SYSTEM.code;
        } finally {
            closeAll(listeners, j);
        }
    }

    /** The listeners, then the journal (null when it never opened). */
    private static void closeAll(List<Listener> listeners, OutcomeJournal journal) {
        List<Closeable> all = new ArrayList<>(listeners);
        all.add(journal);
        Closing.all(all);
    }
}
